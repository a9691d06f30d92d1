/**
 * The page's pretrained model: where its forward pass runs (WebGPU or WebAssembly), the model
 * itself (use-pretrained.ts), which becomes the source once loaded, and a link's model, opened
 * without a click when that downloads nothing big.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch } from 'react';
import type { XentEngine } from '../../engine';
import type { Dtype } from '../../lm/variants';
import type { AppAction, AppState, Backend } from '../state';
import type { ComputeSession } from './session';
import { isSoftwareGpu, useModelOn, usePretrained, type ModelOn, type Pretrained } from './use-pretrained';

export interface PageModel {
  pretrained: Pretrained;
  /** Where the model's forward pass runs now. */
  modelOn: ModelOn;
  /** The GPU is emulated on the CPU, so WebAssembly is the default there. */
  softwareGpu: boolean;
  /** The reader's choice of where the forward pass runs, kept for later visits. */
  chooseModelOn: (on: ModelOn) => void;
  /** The loss engine the model runs on when it runs on WebGPU; null on WebAssembly. */
  gpuEngine: XentEngine | null;
  /** A link's model that waits for a click (too big, not cached), with the bytes it would fetch. */
  linkWaits: LinkedModel | null;
}

/** A link's model: its ref and precision, and its download size when known. */
export interface LinkedModel {
  ref: string;
  dtype: Dtype | null;
  bytes: number | null;
}

/**
 * `state`: the reducer's (the GPU's status, and the model a link asked for at the first render);
 * `backend`: the back end the next computation uses; `session`: the back ends, once open.
 */
export function usePageModel(
  state: Pick<AppState, 'gpu' | 'want' | 'model' | 'dtype'>,
  backend: Backend | null,
  session: ComputeSession | null,
  dispatch: Dispatch<AppAction>,
): PageModel {
  // The pretrained model: once loaded it becomes the source; a failure keeps what is on screen.
  const onModel = useCallback(
    (model: { refText: string; dtype: Dtype }) => {
      dispatch({ type: 'model', model: model.refText, dtype: model.dtype });
      dispatch({ type: 'want', kind: 'lm' });
    },
    [dispatch],
  );
  const onModelError = useCallback((message: string) => dispatch({ type: 'error', message }), [dispatch]);
  // The model's own pass runs on WebGPU (the engine's device, the logits kept there) when the loss
  // does and the reader has not chosen WebAssembly; on an emulated GPU WebAssembly is the default.
  const [modelOnChoice, chooseModelOn] = useModelOn();
  const softwareGpu = state.gpu.kind === 'ready' && isSoftwareGpu(state.gpu.adapterName);
  const modelOn: ModelOn =
    backend !== 'webgpu' ? 'wasm' : (modelOnChoice ?? (softwareGpu ? 'wasm' : 'webgpu'));
  const gpuEngine = modelOn === 'webgpu' ? (session?.gpu ?? null) : null;
  const pretrained = usePretrained(onModel, onModelError, gpuEngine);
  // A link to a pretrained model loads it by itself only when that downloads nothing big: it is
  // in the cache, or its weights are at most 50 MB. Otherwise the picker offers the download.
  const linkedModel = useRef(
    state.want === 'lm' && state.model ? { ref: state.model, dtype: state.dtype } : null,
  );
  const { load: loadModel, hubBase } = pretrained;
  const [linkWaits, setLinkWaits] = useState<LinkedModel | null>(null);
  useEffect(() => {
    const linked = linkedModel.current;
    // Wait for the GPU boundary's answer, so the model opens once, on the back end in use.
    if (!linked || !backend || !session) return;
    linkedModel.current = null;
    import('./lm-source')
      .then(({ linkedModelCheck }) => linkedModelCheck(linked.ref, hubBase, linked.dtype))
      .then(
        ({ ok, bytes }) =>
          ok
            ? loadModel(linked.ref, linked.dtype)
            : setLinkWaits({ ref: linked.ref, dtype: linked.dtype, bytes }),
        () => undefined,
      );
  }, [loadModel, hubBase, backend, session]);

  return { pretrained, modelOn, softwareGpu, chooseModelOn, gpuEngine, linkWaits };
}
