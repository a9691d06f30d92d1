/**
 * The logits the picker asks for, loaded and put on screen as the source. The book's example is
 * fetched once and kept; the p model is built from its targets; typed texts (and a pretrained
 * model's pass over them) are scored once typing pauses; a loaded file and the trained model are
 * kept by the page and shown again when picked.
 */
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { messageOf } from '../../errors';
import type { XentEngine } from '../../engine';
import type { AppAction, AppState, Source } from '../state';
import type { PretrainedModel } from './lm-source';
import { pModelOf } from './p-model-batch';
import { loadBook, pSource, textSource } from './sources';

/** How long typing must pause before the texts are tokenized and scored again, in ms. */
const TYPING_PAUSE_MS = 150;

/** What the page keeps besides the reducer's state: the sources that cannot be loaded again. */
export interface KeptSources {
  /** The pretrained model once loaded (use-pretrained.ts), and the engine it runs on, if WebGPU. */
  loadedModel: PretrainedModel | null;
  gpuEngine: XentEngine | null;
  /** The file the reader last opened, and the model the training panel last sent. */
  fileSource: Source | null;
  trainedSource: Source | null;
}

export function useWantedSource(
  state: Pick<AppState, 'want' | 'texts' | 'p' | 'model' | 'dtype' | 'source'>,
  kept: KeptSources,
  dispatch: Dispatch<AppAction>,
): void {
  const { loadedModel, gpuEngine, fileSource, trainedSource } = kept;
  const load = useCallback(
    (loading: Promise<Source>, isCurrent: () => boolean = () => true) => {
      loading.then(
        (source) => isCurrent() && dispatch({ type: 'source', source }),
        (error: unknown) => isCurrent() && dispatch({ type: 'error', message: messageOf(error) }),
      );
    },
    [dispatch],
  );

  const { want, texts, p, model, dtype } = state;
  // The model on screen is the one asked for, at the precision asked for (any, when none was).
  const modelReady =
    loadedModel !== null && loadedModel.refText === model && (dtype === null || loadedModel.dtype === dtype);
  const onScreen = useRef(state.source);
  useEffect(() => {
    onScreen.current = state.source;
  }, [state.source]);
  useEffect(() => {
    let live = true;
    const isCurrent = () => live;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (want === 'book') load(loadBook(), isCurrent);
    else if (want === 'p-model') {
      // A move of the slider already put the p model at this p on screen (the reducer's 'p').
      const current = onScreen.current;
      if (!(current?.kind === 'p-model' && pModelOf(current.batch)?.p === p))
        load(
          loadBook().then((b) => pSource(b, p)),
          isCurrent,
        );
    } else if (want === 'text') timer = setTimeout(() => load(textSource(texts), isCurrent), TYPING_PAUSE_MS);
    else if (want === 'lm' && !modelReady) {
      // No model yet (a link to one that needs a click): the book stands in, the picker stays.
      if (!onScreen.current)
        loadBook().then(
          (source) => live && dispatch({ type: 'source', source, standIn: true }),
          (error: unknown) => live && dispatch({ type: 'error', message: messageOf(error) }),
        );
    } else if (want === 'lm' && loadedModel)
      timer = setTimeout(
        () =>
          load(
            import('./lm-source').then((m) => m.pretrainedSource(loadedModel, texts, gpuEngine)),
            isCurrent,
          ),
        TYPING_PAUSE_MS,
      );
    else if (want === 'file' && fileSource) load(Promise.resolve(fileSource), isCurrent);
    else if (want === 'trained' && trainedSource) load(Promise.resolve(trainedSource), isCurrent);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [want, texts, p, modelReady, loadedModel, gpuEngine, fileSource, trainedSource, load, dispatch]);
}
