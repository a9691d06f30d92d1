/**
 * The first page: the book's example (or the reader's file) scored by the WebGPU engine or the
 * CPU worker, with the loss, the perplexity, the per-token table and which back end computed.
 * State lives in the reducer (state.ts); the effects below only start work and report back.
 */
import { useCallback, useEffect, useReducer, useState } from 'react';
import { messageOf } from '../errors';
import { formatShape } from '../math';
import { ComputeSession } from './compute/session';
import { loadExample, loadFiles } from './compute/sources';
import { appReducer, backendFor, initialState, type Source } from './state';
import { BackendLine } from './view/BackendLine';
import { Controls } from './view/Controls';
import { Figures } from './view/Figures';
import { formatCount, formatLoss, formatPerplexity } from './view/format';
import { Pipeline } from './view/Pipeline';
import { Texts } from './view/Texts';
import { TokenTable } from './view/TokenTable';
import { GPT2_VOCAB, loadDecoder, type Decode } from './view/tokens';

/** An engine failure as a clause: its own sentence when it has one. */
function reasonOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

export function App() {
  const [state, dispatch] = useReducer(appReducer, initialState);
  const [session, setSession] = useState<ComputeSession | null>(null);
  const [decode, setDecode] = useState<Decode | null>(null);

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

  const load = useCallback((loading: Promise<Source>, isCurrent: () => boolean = () => true) => {
    loading.then(
      (source) => isCurrent() && dispatch({ type: 'source', source }),
      (error: unknown) => isCurrent() && dispatch({ type: 'error', message: messageOf(error) }),
    );
  }, []);

  useEffect(() => {
    let live = true;
    load(loadExample(), () => live);
    return () => {
      live = false;
    };
  }, [load]);

  // Score whenever the logits or the back end change; a GPU failure hands over to the CPU.
  const backend = backendFor(state);
  const { source } = state;
  useEffect(() => {
    if (!session || !source || !backend) return;
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

  // GPT-2's vocabulary, to show words: after the numbers, and only for GPT-2-sized logits.
  const shown = state.shown;
  const wantsWords = shown?.result.shape[2] === GPT2_VOCAB;
  useEffect(() => {
    if (!wantsWords || decode) return;
    let live = true;
    loadDecoder().then(
      (d) => live && setDecode(() => d),
      () => undefined, // ids stay on screen without the vocabulary
    );
    return () => {
      live = false;
    };
  }, [wantsWords, decode]);

  const words = wantsWords ? decode : null;
  const summary = state.busy
    ? 'Computing…'
    : shown
      ? `Loss ${formatLoss(shown.result.loss)} nats, perplexity ${formatPerplexity(shown.result.perplexity)}, computed on ${
          shown.result.backend === 'webgpu' ? 'WebGPU' : 'the CPU'
        }.`
      : '';

  return (
    <div className="page">
      <header className="masthead">
        <p className="eyebrow">Cross-Entropy Lab</p>
        <h1>How a language model’s loss is computed</h1>
        <p className="lede">
          A model scores every token of its vocabulary at each position. Softmax turns the scores into
          probabilities; the loss is the mean of −log p of the tokens that really came next.
        </p>
        <Pipeline />
      </header>

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
        {!shown && !state.error && (
          <p className="loading" aria-hidden="true">
            Loading the book’s example and computing its loss…
          </p>
        )}
        {shown && (
          <div className="results" aria-busy={state.busy}>
            <section className="source" aria-labelledby="source-title">
              <h2 id="source-title">
                {shown.source.isExample
                  ? 'The book’s example: an untrained GPT‑2'
                  : `Your file: ${shown.source.label}`}
              </h2>
              {shown.source.isExample && (
                <p className="source-note">
                  From chapter 5 of <cite>Build a Large Language Model (From&nbsp;Scratch)</cite>: GPT‑2
                  (124M) with random weights reads two texts and scores every token of its vocabulary at each
                  position.
                </p>
              )}
              {words && <Texts source={shown.source} decode={words} />}
              <p className="shape-line">
                Logits of shape <strong data-testid="shape">{formatShape(shown.result.shape)}</strong>:{' '}
                {formatCount(shown.result.shape[0])} {shown.result.shape[0] === 1 ? 'text' : 'texts'} ×{' '}
                {formatCount(shown.result.shape[1])} positions × {formatCount(shown.result.shape[2])} scores.
              </p>
            </section>
            <div className="summary">
              <Figures result={shown.result} />
              <BackendLine result={shown.result} gpu={state.gpu} />
            </div>
            <TokenTable result={shown.result} inputs={shown.source.inputs} decode={words} />
          </div>
        )}
        <Controls
          gpu={state.gpu}
          backend={backend}
          busy={state.busy}
          result={shown?.result ?? null}
          showingExample={!source || source.isExample}
          onBackend={(b) => dispatch({ type: 'prefer', backend: b })}
          onFiles={(files) => load(loadFiles(files))}
          onExample={() => load(loadExample())}
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
