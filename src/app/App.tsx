/**
 * The page: pick where the logits come from, then walk the seven stages from text to perplexity.
 * The loss and perplexity stay in view beside every stage. State lives in the reducer
 * (state.ts); the hooks below only start work (loading, scoring, the focused row) and report:
 * compute/ loads the logits and scores them, use-hash-state.ts keeps the view in the link,
 * use-file-source.ts opens files, use-lecture-keys.ts steps through the stages from the keyboard.
 */
import { useCallback, useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatShape, inUnit } from '../math';
import { usePageModel } from './compute/use-page-model';
import { useComputeSession, useRowDetail, useScore } from './compute/use-scoring';
import { useWantedSource } from './compute/use-wanted-source';
import { reportHeight } from './embed';
import { useLocale } from './i18n/LocaleRoot';
import { TEXTS } from './i18n/texts';
import { preloadStage, preloadStages, retryStage, stageView, STAGES } from './stages';
import { appReducer, backendFor, type Backend, type Source, type Units } from './state';
import { useFileSource } from './use-file-source';
import { frameFromLink, fromLink, useHashState, viewLink } from './use-hash-state';
import { useLectureKeys } from './use-lecture-keys';
import { BackendLine } from './view/BackendLine';
import { Controls } from './view/Controls';
import { Figures } from './view/Figures';
import { KeysHelp } from './view/KeysHelp';
import { lazyPart, LoadBoundary } from './view/Lazy';
import { LossBar } from './view/LossBar';
import { Masthead } from './view/Masthead';
import { PredictPause } from './view/PredictPause';
import { comingSource, SourceWait } from './view/SourceWait';
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

const strongShape = (chunks: ReactNode[]) => <strong data-testid="shape">{chunks}</strong>;

/** The logits' shape and what its three sizes are: "Logits of shape (2, 3, 50257): 2 texts × …". */
function ShapeLine({ shape, isExample }: { shape: readonly number[]; isExample: boolean }) {
  const [texts = 0, positions = 0, scores = 0] = shape;
  const text = formatShape(shape);
  return isExample ? (
    <FormattedMessage
      id="app.shape.book"
      defaultMessage="The book’s logits of shape <strong>{shape}</strong>: {texts, plural, one {{textsText} text} other {{textsText} texts}} × {positions, plural, other {{positionsText} positions}} × {scores, plural, other {{scoresText} scores}}"
      description="The logits tensor's shape (batch, positions, vocabulary), e.g. (2, 3, 50257): texts × positions × scores per position."
      values={{
        strong: strongShape,
        shape: text,
        texts,
        textsText: formatCount(texts),
        positions,
        positionsText: formatCount(positions),
        scores,
        scoresText: formatCount(scores),
      }}
    />
  ) : (
    <FormattedMessage
      id="app.shape.logits"
      defaultMessage="Logits of shape <strong>{shape}</strong>: {texts, plural, one {{textsText} text} other {{textsText} texts}} × {positions, plural, other {{positionsText} positions}} × {scores, plural, other {{scoresText} scores}}"
      description="The logits tensor's shape (batch, positions, vocabulary), e.g. (2, 3, 50257): texts × positions × scores per position."
      values={{
        strong: strongShape,
        shape: text,
        texts,
        textsText: formatCount(texts),
        positions,
        positionsText: formatCount(positions),
        scores,
        scoresText: formatCount(scores),
      }}
    />
  );
}

export function App() {
  const { locale, choose: chooseLocale } = useLocale();
  const [state, dispatch] = useReducer(appReducer, locale, fromLink);
  // Embedding is fixed for the page's life: it is how the host page framed it.
  const [framing] = useState(frameFromLink);
  const { embed, hide, data } = framing;
  const [sharing, setSharing] = useState(false);
  // Whether the share dialog was ever opened: it is drawn (and its chunk fetched) from then on.
  const [shareUsed, setShareUsed] = useState(false);
  if (sharing && !shareUsed) setShareUsed(true);
  const [decode, setDecode] = useState<Decode | null>(null);
  const [fileSource, setFileSource] = useState<Source | null>(null);
  // The latest model the training panel sent to the stages, so the picker can go back to it.
  const [trainedSource, setTrainedSource] = useState<Source | null>(null);
  if (state.source?.kind === 'trained' && state.source !== trainedSource) setTrainedSource(state.source);

  const session = useComputeSession(dispatch);
  // The back end the next computation uses; a pretrained model runs on WebGPU when it does.
  const backend = backendFor(state);
  const { pretrained, modelOn, softwareGpu, chooseModelOn, gpuEngine, linkWaits } = usePageModel(
    state,
    backend,
    session,
    dispatch,
  );
  useWantedSource(state, { loadedModel: pretrained.loaded, gpuEngine, fileSource, trainedSource }, dispatch);
  const { source, shown } = state;
  useScore(session, source, shown, backend, dispatch);
  const row = useRowDetail(session, shown, backend, state.focus, state.stage, dispatch);

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
  // the chunks, while neither the first view nor the vocabulary chunk waits for them. Not while
  // the page is busy: the CPU's early numbers (compute/early-cpu.ts) are on screen while WebGPU
  // still starts, and the chunks would compete with it.
  const firstViewDone = shown !== null && !state.busy && (!wantsWords || decode !== null);
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

  const { stage, blank, want, texts, focus, units, theme, p, model, dtype, temperature, lang } = state;
  useLectureKeys(stage, blank, embed, dispatch);
  useHashState(state, dispatch, framing);
  // A language picked or linked: the page switches once its catalog has arrived (i18n/LocaleRoot).
  useEffect(() => {
    if (lang && lang !== locale) chooseLocale(lang);
    // Only a new choice asks; the page's own switch to it must not ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, chooseLocale]);
  // Once the page is in a language, texts the reader has not typed become that language's own pair.
  useEffect(() => dispatch({ type: 'language-texts', texts: TEXTS[locale] }), [locale]);

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

  // An embedded page reports its height to the host page.
  useEffect(() => (embed ? reportHeight() : undefined), [embed]);

  const { onFiles, progress: shownProgress, dragging } = useFileSource(state, data, setFileSource, dispatch);

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
  const intl = useIntl();
  const summaryValues = shown && {
    loss: formatLoss(inUnit(shown.result.loss, state.units)),
    units: state.units,
    perplexity: formatPerplexity(shown.result.perplexity),
  };
  const summary = state.busy
    ? intl.formatMessage({
        id: 'app.summary.computing',
        defaultMessage: 'Computing…',
        description: 'Announced to screen readers while the loss is being computed.',
      })
    : shown && summaryValues
      ? hidden?.loss || hidden?.perplexity
        ? intl.formatMessage({
            id: 'app.summary.kept-back',
            defaultMessage: 'The numbers are computed and kept back until you reveal them.',
            description: 'Announced when "Predict, then reveal" hides the loss and perplexity.',
          })
        : shown.result.backend === 'webgpu'
          ? intl.formatMessage(
              {
                id: 'app.summary.webgpu',
                defaultMessage:
                  'Loss {loss} {units, select, bits {bits} other {nats}}, perplexity {perplexity}, computed on WebGPU.',
                description:
                  'Announced to screen readers when a result is computed. units: bits or nats, the unit of the loss.',
              },
              summaryValues,
            )
          : intl.formatMessage(
              {
                id: 'app.summary.cpu',
                defaultMessage:
                  'Loss {loss} {units, select, bits {bits} other {nats}}, perplexity {perplexity}, computed on the CPU.',
                description:
                  'Announced to screen readers when a result is computed. units: bits or nats, the unit of the loss.',
              },
              summaryValues,
            )
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
            <FormattedMessage
              id="app.blank"
              defaultMessage="The screen is blanked; press any key to bring it back."
              description="Announced when the lecture key B blanks the screen."
            />
          </p>
        </div>
      )}
      <KeysHelp open={state.keysHelp} onClose={() => dispatch({ type: 'keys-help', open: false })} />
      {shareUsed && (
        <LoadBoundary
          what={intl.formatMessage({
            id: 'app.part.share',
            defaultMessage: 'the share dialog',
            description:
              'A part of the page that loads on demand, put into "Loading {what}…" and "{What} could not be loaded".',
          })}
          onRetry={shareDialog.retry}
          // Not a line at the top of the page while the chunk arrives (the dialog opens over
          // the page): a screen reader hears that it is loading, nothing moves.
          fallback={
            <p className="visually-hidden" role="status">
              <FormattedMessage id="app.share.loading" defaultMessage="Loading the share dialog…" />
            </p>
          }
          render={() => {
            const ShareDialog = shareDialog.view();
            return (
              <ShareDialog
                open={sharing}
                onClose={() => setSharing(false)}
                // The page's language travels with a shared link and an embed, chosen or not, so
                // a course page shows the lab in the language it was set up in.
                link={viewLink({
                  stage,
                  want,
                  texts,
                  focus,
                  units,
                  theme,
                  p,
                  model,
                  dtype,
                  temperature,
                  lang: lang ?? (locale === 'en' ? null : locale),
                  game: state.game,
                })}
              />
            );
          }}
        />
      )}
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          <FormattedMessage
            id="app.drop-hint"
            defaultMessage="Drop a {npz} or {safetensors} file (or {logits} with {targets}) to load it"
            description="Shown while files are dragged over the page. The values are file formats and file names, unchanged in every language."
            values={{
              npz: '.npz',
              safetensors: '.safetensors',
              logits: 'logits.npy',
              targets: 'targets.npy',
            }}
          />
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
        {/* Whose numbers these are while another source is coming, with its progress. */}
        <SourceWait
          shownLabel={shown?.source.label ?? null}
          coming={comingSource(state, pretrained, shownProgress, linkWaits)}
        />
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
                  <FormattedMessage
                    id="app.stage.kicker"
                    defaultMessage="Stage {number} of {count} · {name}"
                    description="Above the stage's title: its number, the number of stages, and the stage's short name."
                    values={{
                      number: formatCount(stage + 1),
                      count: formatCount(STAGES.length),
                      name: info.name,
                    }}
                  />
                </p>
                <h2 id="stage-title">{info.title}</h2>
                {!shown ? (
                  <p className="loading" aria-hidden="true">
                    {want === 'book' || want === 'p-model' ? (
                      <FormattedMessage
                        id="app.loading.book"
                        defaultMessage="Loading the book’s example and computing its loss…"
                      />
                    ) : (
                      <FormattedMessage
                        id="app.loading.logits"
                        defaultMessage="Loading the logits and computing their loss…"
                      />
                    )}
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
                    what={intl.formatMessage({
                      id: 'app.part.stage',
                      defaultMessage: 'this stage',
                      description:
                        'A part of the page that loads on demand, put into "Loading {what}…" and "{What} could not be loaded".',
                    })}
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
              <aside
                className="summary"
                aria-label={intl.formatMessage({
                  id: 'app.summary.label',
                  defaultMessage: 'Result',
                  description: 'Name of the side panel with the loss, the perplexity and the logits’ shape.',
                })}
              >
                <p className="shape-line">
                  <ShapeLine shape={shown.result.shape} isExample={shown.source.isExample} />
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
          <FormattedMessage
            id="app.footer"
            defaultMessage="Every number on this page is computed in your browser from the logits, on WebGPU when the browser offers it and on the CPU otherwise. Once loaded, the page also works offline."
          />
        </p>
      </footer>
    </div>
  );
}
