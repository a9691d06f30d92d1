import { useEffect, useReducer, useState } from 'react';
import { messageOf } from '../errors';
import { AppCompute } from './compute';
import { loadExample } from './example';
import { formatCount, formatLoss, formatPerplexity, formatProb, formatRank } from './format';
import { pageReducer } from './state';
import { loadDecoder, type Decode } from './tokens';
import { TokenTable } from './TokenTable';

const compute = new AppCompute();

export function App() {
  const [state, dispatch] = useReducer(pageReducer, { phase: 'loading' });
  const [decode, setDecode] = useState<Decode | null>(null);

  useEffect(() => {
    let live = true;
    loadExample()
      .then(async ({ file, batch }) => {
        const computed = await compute.score(batch);
        if (live) dispatch({ type: 'computed', computed, file });
      })
      .catch((error: unknown) => live && dispatch({ type: 'failed', message: messageOf(error) }));
    loadDecoder()
      .then((d) => live && setDecode(() => d))
      .catch(() => undefined); // ids stay visible without the vocabulary
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="page">
      <header className="masthead">
        <p className="eyebrow">Cross-Entropy Lab</p>
        <h1>How a language model’s loss is computed</h1>
        <p className="lede">
          Logits <span className="shape">(batch, tokens, vocabulary)</span> → softmax over the whole
          vocabulary → the probability of the right next token → −log → the mean is the cross-entropy loss,
          and e<sup>loss</sup> is the perplexity.
        </p>
      </header>

      <main>
        {state.phase === 'loading' && (
          <p className="status" role="status">
            Loading the book’s example and computing its loss…
          </p>
        )}
        {state.phase === 'error' && (
          <p className="alert" role="alert">
            {state.message}
          </p>
        )}
        {state.phase === 'ready' && <Results state={state} decode={decode} />}
      </main>

      <footer className="footer">
        <p>
          Example: chapter 5 of <cite>Build a Large Language Model (From Scratch)</cite> — a GPT-2 (124M) with
          random weights, <code>torch.manual_seed(123)</code>. Every number on this page is computed in your
          browser.
        </p>
      </footer>
    </div>
  );
}

function Results({
  state,
  decode,
}: {
  state: Extract<Parameters<typeof pageReducer>[0], { phase: 'ready' }>;
  decode: Decode | null;
}) {
  const { result, backendLabel, notice } = state.computed;
  const [B, T, V] = result.shape;
  const texts = decode && state.file.inputs ? sequences(state.file.inputs, T, result, decode) : null;
  return (
    <>
      <section className="example" aria-labelledby="example-title">
        <h2 id="example-title">The book’s example: an untrained GPT-2</h2>
        {texts ? (
          <ul className="sequences">
            {texts.map((t, b) => (
              <li key={b}>
                <span className="label">text {b + 1}</span> “{t.input}” → “{t.target}”
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Loading GPT-2’s vocabulary to show the words…</p>
        )}
        <p className="shape-line">
          Logits of shape{' '}
          <strong>
            ({B}, {T}, {formatRank(V)})
          </strong>{' '}
          — {B} texts × {T} positions × a probability for each of {formatRank(V)} tokens.
        </p>
      </section>

      <section className="cards" aria-label="Loss and perplexity">
        <div className="card">
          <h2 className="card-title">Cross-entropy loss</h2>
          <p className="big" data-testid="loss" title={String(result.loss)}>
            {formatLoss(result.loss)}
          </p>
          <p className="unit">nats, the mean of −log p(target) over {result.count} tokens</p>
        </div>
        <div className="card">
          <h2 className="card-title">Perplexity</h2>
          <p className="big" data-testid="perplexity" title={String(result.perplexity)}>
            {formatPerplexity(result.perplexity)}
          </p>
          <p className="unit">
            e<sup>loss</sup>: as uncertain as choosing uniformly among {formatCount(result.perplexity)} words
          </p>
        </div>
      </section>

      <p className="backend" role="status" data-testid="backend" data-backend={result.backend}>
        {result.backend === 'webgpu' ? (
          <>
            Computed on the GPU: <strong>{backendLabel}</strong>
          </>
        ) : (
          <>
            Computed on the <strong>CPU</strong>
            {notice ? ` — ${notice}` : ''}
          </>
        )}
      </p>

      <TokenTable result={result} decode={decode} formatProb={formatProb} />
    </>
  );
}

function sequences(inputs: Int32Array, T: number, result: { tokens: { target: number }[] }, decode: Decode) {
  const out: { input: string; target: string }[] = [];
  for (let b = 0; b * T < inputs.length; b++) {
    const ids = Array.from(inputs.subarray(b * T, (b + 1) * T));
    const targets = result.tokens.slice(b * T, (b + 1) * T).map((t) => t.target);
    out.push({ input: ids.map(decode).join(''), target: targets.map(decode).join('') });
  }
  return out;
}
