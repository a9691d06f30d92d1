/**
 * The page's pretrained model: the one loaded (kept until another replaces it), the one loading
 * with its progress and a way to cancel it, the hub base setting, and the models kept in the
 * browser's cache. A failed or cancelled load leaves the loaded model and the logits on screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../errors';
import { currentIntl } from '../i18n/current';
import { DEFAULT_HUB_BASE, parseHubBase } from '../../lm/model-ref';
import type { XentEngine } from '../../engine';
import type { Dtype } from '../../lm/variants';
import type { ModelProgress, PretrainedModel } from './lm-source';
import { listCachedModels, removeCachedModel, type CachedModel } from './model-cache';

const HUB_BASE_KEY = 'xent-hub-base';
const FORWARD_KEY = 'xent-model-on';

/** Where the model's forward pass runs: onnxruntime-web's WebGPU provider, or WebAssembly. */
export type ModelOn = 'webgpu' | 'wasm';

/**
 * A GPU emulated on the CPU (SwiftShader, llvmpipe, WARP): there a GPT-2-sized forward pass took
 * 15 s on WebGPU against 0.37 s on WebAssembly (`npm run bench:lm`), so WebAssembly is the default.
 */
export function isSoftwareGpu(adapterName: string): boolean {
  return /swiftshader|llvmpipe|lavapipe|softpipe|warp|basic render|microsoft basic/i.test(adapterName);
}

function storedModelOn(): ModelOn | null {
  try {
    const saved = localStorage.getItem(FORWARD_KEY);
    return saved === 'webgpu' || saved === 'wasm' ? saved : null;
  } catch {
    return null;
  }
}

/** The reader's choice, remembered in this browser; null until they choose. */
export function useModelOn(): [ModelOn | null, (on: ModelOn) => void] {
  const [on, setOn] = useState<ModelOn | null>(storedModelOn);
  const choose = useCallback((value: ModelOn) => {
    setOn(value);
    try {
      localStorage.setItem(FORWARD_KEY, value);
    } catch {
      // Storage refused: the choice lasts while the page is open.
    }
  }, []);
  return [on, choose];
}

/** Closes a model's sessions (its module is loaded whenever a model exists). */
function dispose(model: PretrainedModel | null): void {
  if (model) void import('./lm-source').then((m) => m.disposeModel(model));
}

function storedHubBase(): string {
  try {
    const saved = localStorage.getItem(HUB_BASE_KEY);
    return saved ? parseHubBase(saved) : DEFAULT_HUB_BASE;
  } catch {
    return DEFAULT_HUB_BASE;
  }
}

/** The picker's status line after a cancelled download. */
const cancelledText = () =>
  currentIntl().formatMessage({
    id: 'compute.model.cancelled',
    defaultMessage: 'The download was cancelled; the previous logits are kept.',
    description: 'The reader cancelled a pretrained model’s download.',
  });

export interface Pretrained {
  loaded: PretrainedModel | null;
  /** The model being fetched and opened, with the bytes of the file in transfer. */
  loading: { refText: string; dtype: Dtype | null; progress: ModelProgress | null } | null;
  /** What the last load or cancel did, for the picker's status line. */
  status: string | null;
  cached: CachedModel[];
  hubBase: string;
  /** `dtype`: the precision; null or absent: the catalog entry's default, else float32. */
  load(refText: string, dtype?: Dtype | null): void;
  cancel(): void;
  /** Throws one sentence when the base is not an https URL. */
  setHubBase(text: string): void;
  remove(model: string): void;
}

/** `onLoaded` and `onError` should be stable (useCallback), as `load` depends on them. */
export function usePretrained(
  onLoaded: (model: PretrainedModel) => void,
  onError: (message: string) => void,
  /** The loss engine while WebGPU computes: a model loaded then runs on its device. */
  engine: XentEngine | null,
): Pretrained {
  const [loaded, setLoaded] = useState<PretrainedModel | null>(null);
  const [loading, setLoading] = useState<Pretrained['loading']>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [cached, setCached] = useState<CachedModel[]>([]);
  const [hubBase, setBase] = useState(storedHubBase);
  const abort = useRef<AbortController | null>(null);
  const current = useRef<PretrainedModel | null>(null);

  const refresh = useCallback(() => {
    listCachedModels().then(setCached, () => setCached([]));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => () => dispose(current.current), []);

  const load = useCallback(
    (refText: string, dtype: Dtype | null = null) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setLoading({ refText, dtype, progress: null });
      setStatus(null);
      let last = 0;
      // The tokenizer library and ORT's glue load with the first model, not with the page.
      import('./lm-source')
        .then(({ loadPretrained }) =>
          loadPretrained(refText, {
            hubBase,
            dtype,
            engine,
            signal: controller.signal,
            onProgress: (progress) => {
              // At most one repaint per 1% of a file (or per 256 KB when its size is unknown).
              const step = progress.total ? progress.total / 100 : 2 ** 18;
              if (progress.loaded - last < step && progress.loaded !== progress.total) return;
              last = progress.loaded;
              // Not after Cancel: a report still on its way would show the download as going on
              // (and clear the wait line's "cancelled") until the abort's rejection arrives.
              if (abort.current === controller && !controller.signal.aborted)
                setLoading({ refText, dtype, progress });
            },
          }),
        )
        .then(
          (model) => {
            if (abort.current !== controller) return dispose(model);
            abort.current = null;
            // Cancelled after the last byte but before it opened: cancelled all the same.
            if (controller.signal.aborted) {
              dispose(model);
              setStatus(cancelledText());
              return;
            }
            dispose(current.current);
            current.current = model;
            setLoaded(model);
            setLoading(null);
            setStatus(model.notKept);
            refresh();
            onLoaded(model);
          },
          (error: unknown) => {
            if (abort.current !== controller) return;
            abort.current = null;
            setLoading(null);
            if (controller.signal.aborted) setStatus(cancelledText());
            else onError(messageOf(error));
          },
        );
    },
    [hubBase, engine, refresh, onLoaded, onError],
  );

  // The download stops being shown at once, in the same render as the wait line's "cancelled",
  // not when the abort's rejection arrives: a render in between would still show it going on.
  const cancel = useCallback(() => {
    if (!abort.current) return;
    abort.current.abort();
    setLoading(null);
  }, []);

  const setHubBase = useCallback((text: string) => {
    const base = parseHubBase(text);
    setBase(base);
    try {
      localStorage.setItem(HUB_BASE_KEY, base);
    } catch {
      // Storage refused (private browsing): the setting lasts while the page is open.
    }
  }, []);

  const remove = useCallback(
    (model: string) => {
      removeCachedModel(model).then(refresh, refresh);
    },
    [refresh],
  );

  return { loaded, loading, status, cached, hubBase, load, cancel, setHubBase, remove };
}
