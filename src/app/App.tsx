/**
 * The page: pick where the logits come from, then walk the seven stages from text to perplexity.
 * The loss and perplexity stay in view beside every stage. State lives in the reducer
 * (state.ts); the effects below only start work (loading, scoring, the focused row) and report.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Dtype } from '../lm/variants';
import { messageOf } from '../errors';
import { formatShape, inUnit } from '../math';
import { pModelOf } from './compute/p-model-batch';
import { ComputeSession } from './compute/session';
import { recordModelResult } from './compute/model-results';
import { isSoftwareGpu, useModelOn, usePretrained, type ModelOn } from './compute/use-pretrained';
import type { RowDetail } from './compute/row-detail';
import {
  dataUrlOf,
  loadBook,
  loadFiles,
  loadUrl,
  pSource,
  textSource,
  type LoadProgress,
} from './compute/sources';
import { hashFor, parseHash, type LinkState } from './deep-link';
import { reportHeight, send } from './embed';
import { preloadStage, preloadStages, retryStage, stageView, STAGES } from './stages';
import {
  appReducer,
  backendFor,
  initialState,
  type AppState,
  type Backend,
  type Source,
  type Units,
} from './state';
import { applyTheme } from './theme';
import { BackendLine } from './view/BackendLine';
import { Controls } from './view/Controls';
import { Figures } from './view/Figures';
import { KeysHelp } from './view/KeysHelp';
import { lazyPart, LoadBoundary } from './view/Lazy';
import { LossBar } from './view/LossBar';
import { Masthead } from './view/Masthead';
import { PredictPause } from './view/PredictPause';
import { formatCount, formatLoss, formatPerplexity } from './view/format';
import { preloadModelPicker } from './view/SourcePicker';
import { StageRail, StageSteps } from './view/StageRail';
import { GPT2_VOCAB, GPT2_VOCAB_PADDED, loadDecoder, type Decode } from './view/tokens';

/**
 * The share dialog is opened by a click, so its code is a chunk of its own: loaded when first
 * opened (or ahead, when the page is idle) and then kept mounted, so it keeps its choices and the
 * native <dialog> hands focus back to the Share button on close.
 */
const shareDialog = lazyPart(() => import('./view/ShareDialog').then((m) => m.ShareDialog));

/** An engine failure as a clause: its own sentence when it has one. */
function reasonOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

/** Keys on these elements are theirs (typing, sliders, radio groups), not the stage rail's. */
function ownsArrowKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.matches('input, textarea, select, [role="slider"], [role="radio"], [role="tab"]');
}

/** Fields where letters, digits and Space are typing, not lecture keys. */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['range', 'radio', 'checkbox', 'button'].includes(target.type)
  );
}

/** Space activates these; it is not "next" there. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches('button, a[href], input, select, summary');
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** How long typing must pause before the texts are tokenized and scored again, in ms. */
const TYPING_PAUSE_MS = 150;

/** How long the p and temperature sliders must rest before the hash records them, in ms. */
const HASH_SLIDER_REST_MS = 400;

/**
 * The view's state as a link records it, for the page's own hash and the share dialog: a loaded
 * file and the trained source cannot travel in a link, so their links name no source.
 */
function viewLink(
  v: Pick<
    AppState,
    'stage' | 'want' | 'texts' | 'focus' | 'units' | 'theme' | 'p' | 'model' | 'dtype' | 'temperature'
  >,
): LinkState {
  return {
    stage: v.stage,
    source: v.want === 'file' || v.want === 'trained' ? undefined : v.want,
    texts: v.texts,
    focus: v.focus,
    units: v.units,
    theme: v.theme,
    p: v.p,
    model: v.model ?? undefined,
    dtype: v.dtype ?? undefined,
    temperature: v.temperature,
  };
}

/** The page as the link opened it: the view's state, and whether it is embedded. */
function fromLink(): AppState {
  const { hash, search } = window.location;
  const state = appReducer(initialState, { type: 'link', link: parseHash(hash) });
  // A linked file (#data= or ?data=) is what the page opens on, from the first render, so the
  // hash kept in the address never loses it while the file downloads.
  const linked =
    new URLSearchParams(hash.replace(/^#/, '')).has('data') || new URLSearchParams(search).has('data');
  return linked ? { ...state, want: 'file' } : state;
}

export function App() {
  const [state, dispatch] = useReducer(appReducer, undefined, fromLink);
  // Embedding is fixed for the page's life: it is how the host page framed it.
  const [{ embed, hide, data }] = useState(() => {
    const link = parseHash(window.location.hash);
    const data = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('data');
    return { embed: link.embed ?? false, hide: link.hide ?? [], data };
  });
  const [sharing, setSharing] = useState(false);
  // Whether the share dialog was ever opened: it is drawn (and its chunk fetched) from then on.
  const [shareUsed, setShareUsed] = useState(false);
  if (sharing && !shareUsed) setShareUsed(true);
  const [session, setSession] = useState<ComputeSession | null>(null);
  const [decode, setDecode] = useState<Decode | null>(null);
  const [row, setRow] = useState<RowDetail | null>(null);
  const [fileSource, setFileSource] = useState<Source | null>(null);
  // The latest model the training panel sent to the stages, so the picker can go back to it.
  const [trainedSource, setTrainedSource] = useState<Source | null>(null);
  if (state.source?.kind === 'trained' && state.source !== trainedSource) setTrainedSource(state.source);

  // The back ends, once: the GPU boundary answers "a device" or "no GPU, because …".
  useEffect(() => {
    let live = true;
    let opened: ComputeSession | null = null;
    const onLost = (reason: string) => dispatch({ type: 'gpu-failed', reason });
    ComputeSession.open(navigator.gpu, onLost).then(({ session, status }) => {
      if (!live) return session.dispose();
      opened = session;
      setSession(session);
      dispatch({ type: 'gpu', status });
    });
    return () => {
      live = false;
      opened?.dispose();
    };
  }, []);

  // The pretrained model: once loaded it becomes the source; a failure keeps what is on screen.
  const onModel = useCallback((model: { refText: string; dtype: Dtype }) => {
    dispatch({ type: 'model', model: model.refText, dtype: model.dtype });
    dispatch({ type: 'want', kind: 'lm' });
  }, []);
  const onModelError = useCallback((message: string) => dispatch({ type: 'error', message }), []);
  // The back end the next computation uses; a pretrained model runs on WebGPU when it does.
  const backend = backendFor(state);
  // The model's own pass runs on WebGPU (the engine's device, the logits kept there) when the loss
  // does and the reader has not chosen WebAssembly; on an emulated GPU WebAssembly is the default.
  const [modelOnChoice, chooseModelOn] = useModelOn();
  const softwareGpu = state.gpu.kind === 'ready' && isSoftwareGpu(state.gpu.adapterName);
  const modelOn: ModelOn =
    backend !== 'webgpu' ? 'wasm' : (modelOnChoice ?? (softwareGpu ? 'wasm' : 'webgpu'));
  const gpuEngine = modelOn === 'webgpu' ? (session?.gpu ?? null) : null;
  const pretrained = usePretrained(onModel, onModelError, gpuEngine);
  const loadedModel = pretrained.loaded;
  // A link to a pretrained model loads it by itself only when that downloads nothing big: it is
  // in the cache, or its weights are at most 50 MB. Otherwise the picker offers the download.
  const linkedModel = useRef(
    state.want === 'lm' && state.model ? { ref: state.model, dtype: state.dtype } : null,
  );
  const { load: loadModel, hubBase } = pretrained;
  useEffect(() => {
    const linked = linkedModel.current;
    // Wait for the GPU boundary's answer, so the model opens once, on the back end in use.
    if (!linked || !backend || !session) return;
    linkedModel.current = null;
    import('./compute/lm-source')
      .then(({ mayLoadWithoutClick }) => mayLoadWithoutClick(linked.ref, hubBase, linked.dtype))
      .then(
        (ok) => ok && loadModel(linked.ref, linked.dtype),
        () => undefined,
      );
  }, [loadModel, hubBase, backend, session]);

  const load = useCallback((loading: Promise<Source>, isCurrent: () => boolean = () => true) => {
    loading.then(
      (source) => isCurrent() && dispatch({ type: 'source', source }),
      (error: unknown) => isCurrent() && dispatch({ type: 'error', message: messageOf(error) }),
    );
  }, []);

  // The logits the picker asks for. The book's example is fetched once and kept; the p model is
  // built from its targets; typed texts are scored once typing pauses.
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
            import('./compute/lm-source').then((m) => m.pretrainedSource(loadedModel, texts, gpuEngine)),
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
  }, [want, texts, p, modelReady, loadedModel, gpuEngine, fileSource, trainedSource, load]);

  // Score whenever the logits or the back end change; a GPU failure hands over to the CPU.
  const { source } = state;
  useEffect(() => {
    if (!session || !source || !backend) return;
    // Logits that live on the GPU are scored there; on the CPU the model runs again (above).
    if (source.resident) {
      if (backend !== 'webgpu') return;
      session.adopt(source.batch, source.resident);
    }
    let live = true;
    dispatch({ type: 'computing' });
    session.score(source.batch, backend).then(
      (result) => live && dispatch({ type: 'computed', shown: { result, source } }),
      (error: unknown) => {
        if (!live) return;
        if (backend === 'webgpu') dispatch({ type: 'gpu-failed', reason: reasonOf(error) });
        else dispatch({ type: 'error', message: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [session, source, backend]);

  // The focused row's softmax, normaliser and top tokens, for the logits and softmax stages.
  const shown = state.shown;
  // A pretrained model's result joins the side-by-side comparison (stage 7).
  useEffect(() => {
    if (shown) recordModelResult(shown);
  }, [shown]);
  const { b: focusB, t: focusT } = state.focus;
  // Only while a stage that draws the row is on screen: on the others a new result (a slider
  // move) would otherwise start four more GPU round trips, or a softmax of V on this thread.
  const drawsRow = STAGES[state.stage]?.drawsRow === true;
  useEffect(() => {
    if (!session || !shown || !backend || !drawsRow) return;
    if (shown.source.resident && backend !== 'webgpu') return;
    const [B, T] = shown.result.shape;
    if (focusB >= B || focusT >= T) return;
    let live = true;
    session.rowDetail(shown.source.batch, focusB, focusT, backend).then(
      (detail) => live && setRow(detail),
      (error: unknown) => {
        if (!live) return;
        if (backend === 'webgpu') dispatch({ type: 'gpu-failed', reason: reasonOf(error) });
        else dispatch({ type: 'error', message: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [session, shown, backend, focusB, focusT, drawsRow]);

  // GPT-2's vocabulary, to show words: after the numbers, and only for GPT-2-sized logits.
  const V = shown?.result.shape[2];
  const wantsWords = V === GPT2_VOCAB || V === GPT2_VOCAB_PADDED;
  useEffect(() => {
    if (!wantsWords || decode) return;
    let live = true;
    // Start after the frame that shows the numbers is painted, so the 1 MB chunk never delays it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        loadDecoder().then(
          (d) => live && setDecode(() => d),
          () => undefined, // ids stay on screen without the vocabulary
        );
      }, 0);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [wantsWords, decode]);

  // The stage a link opens on starts loading with the book, not after the numbers are in.
  const openedOn = useRef(state.stage);
  useEffect(() => preloadStage(openedOn.current), []);
  // The later stages' code (and the share dialog's, the model picker's) once the first numbers
  // and, for GPT-2's logits, the words are on screen, in idle time: stepping through the stages
  // then shows no placeholder, and it works offline even before the service worker has cached
  // the chunks, while neither the first view nor the vocabulary chunk waits for them.
  const firstViewDone = shown !== null && (!wantsWords || decode !== null);
  useEffect(() => {
    if (!firstViewDone) return;
    const preload = () => {
      preloadStages();
      shareDialog.preload();
      preloadModelPicker();
    };
    if (typeof requestIdleCallback === 'function') {
      const idle = requestIdleCallback(preload, { timeout: 3000 });
      return () => cancelIdleCallback(idle);
    }
    const timer = setTimeout(preload, 500);
    return () => clearTimeout(timer);
  }, [firstViewDone]);

  // Lecture keys, as in presentation software (view/KeysHelp.tsx lists them). A clicker's
  // Page Up/Down always steps, even from a slider; the other keys leave fields that use them alone.
  const { stage, blank } = state;
  useEffect(() => {
    const step = (to: number) => {
      if (to < 0 || to >= STAGES.length) {
        // Past either end: an embedded page hands the keys back to the host's slides.
        if (embed) send({ type: 'navigate', direction: to < 0 ? 'previous' : 'next' });
        return;
      }
      dispatch({ type: 'stage', stage: to });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || document.querySelector('dialog[open]')) return;
      if (blank) {
        dispatch({ type: 'blank', blank: false });
        event.preventDefault();
        return;
      }
      const key = event.key;
      if (key === 'PageDown' || key === 'PageUp') {
        step(stage + (key === 'PageDown' ? 1 : -1));
        event.preventDefault();
        return;
      }
      if (typesText(event.target)) return;
      if (key === '?') dispatch({ type: 'keys-help', open: true });
      else if (key === 'b' || key === 'B') dispatch({ type: 'blank', blank: true });
      else if (key === 'f' || key === 'F') toggleFullscreen();
      else if (/^[1-9]$/.test(key) && Number(key) <= STAGES.length)
        dispatch({ type: 'stage', stage: Number(key) - 1 });
      else if (ownsArrowKeys(event.target) || (key === ' ' && isControl(event.target))) return;
      else if (key === 'ArrowRight' || key === ' ') step(stage + 1);
      else if (key === 'ArrowLeft') step(stage - 1);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [stage, blank, embed]);

  // The theme on <html>, and the view's state in the hash so a copied link reopens it.
  const { focus, units, theme, temperature } = state;
  useEffect(() => applyTheme(theme), [theme]);
  // history.replaceState is synchronous and costs milliseconds (3–15 ms measured in headless
  // Chromium on a busy 2-core machine), more than a slider's frame can spare: while only p or the
  // temperature move, the hash is written once they have rested for HASH_SLIDER_REST_MS; any
  // other change writes it at once.
  const hashTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hashOthers = useRef<string | null>(null);
  const hashSliders = useRef<string | null>(null);
  useEffect(() => {
    let hash = hashFor({
      ...viewLink({ stage, want, texts, focus, units, theme, p, model, dtype, temperature }),
      embed,
      hide,
    });
    if (data && want === 'file') hash += `${hash ? '&' : '#'}data=${encodeURIComponent(data)}`;
    const write = () => {
      const { pathname, search } = window.location;
      if (hash !== window.location.hash) window.history.replaceState(null, '', `${pathname}${search}${hash}`);
    };
    const others = JSON.stringify([stage, want, texts, focus, units, theme, model, dtype, embed, hide, data]);
    const sliders = JSON.stringify([p, temperature]);
    const onlySliders = hashOthers.current === others;
    // A re-run with equal values (new arrays, same contents) has nothing to record.
    if (onlySliders && hashSliders.current === sliders) return;
    hashOthers.current = others;
    hashSliders.current = sliders;
    clearTimeout(hashTimer.current);
    if (onlySliders) hashTimer.current = setTimeout(write, HASH_SLIDER_REST_MS);
    else write();
  }, [stage, want, texts, focus, units, theme, p, model, dtype, temperature, embed, hide, data]);
  useEffect(() => () => clearTimeout(hashTimer.current), []);

  // A new stage starts at its top: if the reader had scrolled down a long stage, the page comes
  // back up to the stage rail (which then sits at the top of the window).
  const firstStage = useRef(true);
  useEffect(() => {
    if (firstStage.current) {
      firstStage.current = false;
      return;
    }
    // The rail (with the loss bar) is sticky, so its own box says where it is stuck; the masthead does not move.
    const masthead = document.querySelector<HTMLElement>('.masthead');
    if (!masthead) return;
    const top = masthead.getBoundingClientRect().bottom + window.scrollY;
    if (window.scrollY > top) window.scrollTo({ top, behavior: 'instant' });
  }, [stage]);

  // A hash edited by hand (or a link followed within the page) applies like a fresh link.
  useEffect(() => {
    const onHash = () => {
      // The new hash wins over a slider's write still waiting to happen.
      clearTimeout(hashTimer.current);
      dispatch({ type: 'link', link: parseHash(window.location.hash) });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // An embedded page reports its height to the host page.
  useEffect(() => (embed ? reportHeight() : undefined), [embed]);

  // A big file's progress: reading, parsing, then computing until its result is shown (or refused).
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [scoring, setScoring] = useState<Source | null>(null);
  const reported = useRef<LoadProgress | null>(null);
  const onProgress = useCallback((p: LoadProgress | null) => {
    reported.current = p;
    setProgress(p);
  }, []);
  const toComputing = useCallback(
    (source: Source) => {
      const p = reported.current;
      onProgress(p && { ...p, phase: 'computing', loaded: p.total ?? p.loaded });
      setScoring(p ? source : null);
    },
    [onProgress],
  );
  const scored = progress?.phase === 'computing';
  const shownProgress =
    !scored || (scoring === state.source && state.shown?.source !== scoring && !state.error)
      ? progress
      : null;

  const openFile = useCallback(
    (loading: Promise<Source>) => {
      loading.then(
        (source) => {
          setFileSource(source);
          dispatch({ type: 'source', source });
          toComputing(source);
        },
        (error: unknown) => {
          onProgress(null);
          dispatch({ type: 'error', message: messageOf(error) });
        },
      );
    },
    [toComputing, onProgress],
  );
  const onFiles = useCallback(
    (files: File[]) => openFile(loadFiles(files, onProgress)),
    [openFile, onProgress],
  );

  // A course page can link to the tool opened on its own file: #data=URL or ?data=URL.
  useEffect(() => {
    // On failure the book is shown, and the reason after it (a new source clears old errors).
    const failWithBook = (error: unknown) =>
      loadBook()
        .then((source) => dispatch({ type: 'source', source }))
        .finally(() => dispatch({ type: 'error', message: messageOf(error) }))
        .catch(() => undefined); // the book's own failure is reported by the loading effect
    let url: URL | null;
    try {
      // The hash as the page was opened: the state effect may already have rewritten it.
      const { href, search } = window.location;
      url = dataUrlOf({ href, search, hash: data ? `#data=${encodeURIComponent(data)}` : '' });
    } catch (error) {
      failWithBook(error);
      return;
    }
    if (!url) return;
    // The linked file replaces the book.
    dispatch({ type: 'want', kind: 'file' });
    loadUrl(url, onProgress).then(
      (source) => {
        setFileSource(source);
        dispatch({ type: 'source', source });
        toComputing(source);
      },
      (error: unknown) => {
        onProgress(null);
        failWithBook(error);
      },
    );
  }, [toComputing, onProgress, data]);

  // A file dropped anywhere on the page is opened as if chosen with "Load logits".
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length > 0) onFiles(files);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('dragleave', leave);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('dragleave', leave);
      document.removeEventListener('drop', drop);
    };
  }, [onFiles]);

  // A pretrained model's tokens are its own tokenizer's; GPT-2-sized logits use GPT-2's.
  const words = shown?.source.model?.decode ?? (wantsWords ? decode : null);
  // "Predict, then reveal": the mean stage asks for the loss, the perplexity stage for k.
  const pause =
    state.predict && stage === 5 && !state.revealed.loss
      ? ('loss' as const)
      : state.predict && stage === 6 && !state.revealed.perplexity
        ? ('perplexity' as const)
        : null;
  const hidden = state.predict
    ? { loss: !state.revealed.loss && stage !== 6, perplexity: !state.revealed.perplexity }
    : undefined;
  const summary = state.busy
    ? 'Computing…'
    : shown
      ? hidden?.loss || hidden?.perplexity
        ? 'The numbers are computed and kept back until you reveal them.'
        : `Loss ${formatLoss(inUnit(shown.result.loss, state.units))} ${state.units}, perplexity ${formatPerplexity(
            shown.result.perplexity,
          )}, computed on ${shown.result.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}.`
      : '';
  const View = stageView(stage);
  const info = STAGES[stage];
  const onStage = (s: number) => dispatch({ type: 'stage', stage: s });
  // Stable callbacks for the memoised settings (Masthead's PageTools, Figures' units, Controls'
  // back ends), so that a slider's move does not render them again.
  const onShare = useCallback(() => setSharing(true), []);
  const onUnits = useCallback((units: Units) => dispatch({ type: 'units', units }), []);
  const onBackend = useCallback((b: Backend) => dispatch({ type: 'prefer', backend: b }), []);
  const liveRow = row && shown && row.row < shown.result.tokens.length ? row : null;

  return (
    <div
      className={['page', dragging && 'dragging', embed && 'embed'].filter(Boolean).join(' ')}
      data-hide={hide.length > 0 ? hide.join(' ') : undefined}
    >
      {blank && (
        <div className="blank-screen" onClick={() => dispatch({ type: 'blank', blank: false })}>
          <p className="visually-hidden" role="status">
            The screen is blanked; press any key to bring it back.
          </p>
        </div>
      )}
      <KeysHelp open={state.keysHelp} onClose={() => dispatch({ type: 'keys-help', open: false })} />
      {shareUsed && (
        <LoadBoundary
          what="the share dialog"
          onRetry={shareDialog.retry}
          // Not a line at the top of the page while the chunk arrives (the dialog opens over
          // the page): a screen reader hears that it is loading, nothing moves.
          fallback={
            <p className="visually-hidden" role="status">
              Loading the share dialog…
            </p>
          }
          render={() => {
            const ShareDialog = shareDialog.view();
            return (
              <ShareDialog
                open={sharing}
                onClose={() => setSharing(false)}
                link={viewLink({ stage, want, texts, focus, units, theme, p, model, dtype, temperature })}
              />
            );
          }}
        />
      )}
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          Drop a .npz or .safetensors file (or logits.npy with targets.npy) to load it
        </p>
      )}
      <Masthead
        state={state}
        dispatch={dispatch}
        fileLabel={fileSource ? fileSource.label : null}
        trainedLabel={trainedSource ? trainedSource.label : null}
        onShare={onShare}
        hide={hide}
        pretrained={pretrained}
        modelOn={{
          on: modelOn,
          gpu: backend === 'webgpu',
          software: softwareGpu,
          choose: chooseModelOn,
        }}
      />

      {/* The rail and, where the summary is not beside the stage, the loss stay in view together. */}
      <div className="page-head">
        <StageRail stage={stage} onStage={onStage} />
        <LossBar result={shown?.result ?? null} units={state.units} hidden={hidden} />
      </div>

      <main>
        <p className="visually-hidden" role="status">
          {summary}
        </p>
        {state.error && (
          <p className="alert" role="alert">
            {state.error}
          </p>
        )}
        {state.notice && (
          <p className="notice" role="status">
            {state.notice}
          </p>
        )}
        {/* While the first logits load, the stage's frame and title are already in place, with the
            loading line where its body will be, and the frame holds a screen's height: what
            follows (the controls) does not show up and then jump away when the stage arrives. */}
        {View && info && (shown || !state.error) && (
          <div className={shown ? 'lab' : 'lab lab-pending'} aria-busy={shown ? state.busy : true}>
            <div className="stage-column">
              <section className="stage" key={stage} aria-labelledby="stage-title">
                <p className="stage-kicker">
                  Stage {stage + 1} of {STAGES.length} · {info.name}
                </p>
                <h2 id="stage-title">{info.title}</h2>
                {!shown ? (
                  <p className="loading" aria-hidden="true">
                    {want === 'book' || want === 'p-model'
                      ? 'Loading the book’s example and computing its loss…'
                      : 'Loading the logits and computing their loss…'}
                  </p>
                ) : pause ? (
                  <PredictPause
                    what={pause}
                    result={shown.result}
                    units={state.units}
                    onReveal={() => dispatch({ type: 'reveal', what: pause })}
                  />
                ) : (
                  <LoadBoundary
                    key={stage}
                    what="this stage"
                    onRetry={() => retryStage(stage)}
                    render={() => {
                      // Asked again on "Try again": a failed lazy view is replaced by a fresh one.
                      const Current = stageView(stage) ?? View;
                      return (
                        <Current
                          shown={shown}
                          state={state}
                          dispatch={dispatch}
                          decode={words}
                          row={liveRow}
                          session={session}
                          backend={backend}
                        />
                      );
                    }}
                  />
                )}
              </section>
              {shown && <StageSteps stage={stage} onStage={onStage} />}
            </div>
            {shown && (
              <aside className="summary" aria-label="Result">
                <p className="shape-line">
                  {shown.source.isExample ? 'The book’s logits' : 'Logits'} of shape{' '}
                  <strong data-testid="shape">{formatShape(shown.result.shape)}</strong>:{' '}
                  {formatCount(shown.result.shape[0])} {shown.result.shape[0] === 1 ? 'text' : 'texts'} ×{' '}
                  {formatCount(shown.result.shape[1])} positions × {formatCount(shown.result.shape[2])} scores
                </p>
                <Figures hidden={hidden} result={shown.result} units={state.units} onUnits={onUnits} />
                <BackendLine result={shown.result} gpu={state.gpu} />
              </aside>
            )}
          </div>
        )}
        <Controls
          gpu={state.gpu}
          backend={backend}
          busy={state.busy}
          result={shown?.result ?? null}
          showingExample={!source || source.isExample}
          onBackend={onBackend}
          onFiles={onFiles}
          progress={shownProgress}
          onExample={() => dispatch({ type: 'want', kind: 'book' })}
        />
      </main>

      <footer className="footer">
        <p>
          Every number on this page is computed in your browser from the logits, on WebGPU when the browser
          offers it and on the CPU otherwise. Once loaded, the page also works offline.
        </p>
      </footer>
    </div>
  );
}
