/**
 * The book's Exercise 5.5 in one click: the loaded model scores *The Verdict* as chapter 5's loaders
 * cut it (compute/verdict.ts). Shown: the training and validation loss and perplexity with the
 * token counts the book prints, the book's own printed figures beside them (quoted, in nats), the
 * loss of every window (a chart and its table) and the surprisal of every scored token of the
 * story, shaded as in the surprisal view.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { useId, useRef, useState } from 'react';
import { messageOf } from '../../errors';
import { inUnit, perplexityIn } from '../../math';
import { shadeOf } from '../explore/surprisal-model';
import { BOOK_VERDICT, type VerdictScore } from '../compute/verdict';
import type { PretrainedModel } from '../compute/lm-source';
import type { Units } from '../state';
import { formatCount, formatLoss, formatPerplexity } from './format';
import '../explore/surprisal.css';
import './verdict.css';

const PART_NAME = { train: 'Training', validation: 'Validation', all: 'Whole text' } as const;

type Run =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; score: VerdictScore; model: string }
  | { kind: 'failed'; message: string };

export function VerdictPanel({ model, units }: { model: PretrainedModel | null; units: Units }) {
  const id = useId();
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const start = () => {
    if (!model) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRun({ kind: 'running', done: 0, total: 0 });
    import('../compute/verdict')
      .then(({ scoreVerdict }) =>
        scoreVerdict(model, {
          signal: controller.signal,
          onWindow: (done, total) => abort.current === controller && setRun({ kind: 'running', done, total }),
        }),
      )
      .then(
        (score) => abort.current === controller && setRun({ kind: 'done', score, model: model.name }),
        (error: unknown) =>
          abort.current === controller &&
          setRun(
            controller.signal.aborted ? { kind: 'idle' } : { kind: 'failed', message: messageOf(error) },
          ),
      );
  };
  const cancel = () => {
    abort.current?.abort();
    abort.current = null;
    setRun({ kind: 'idle' });
  };
  const unit = units === 'bits' ? 'bits' : 'nats';
  return (
    <section className="verdict" aria-labelledby={`${id}-h`} data-testid="verdict">
      <h2 id={`${id}-h`}>The book’s Exercise 5.5: The Verdict</h2>
      <p className="model-hint">
        Chapter 5 of the book measures its models on Edith Wharton’s short story “The Verdict” (20,479
        characters, public domain): the text is split at 90% of its characters, each part is tokenized on its
        own with no start token and cut into windows of 256 tokens, and the loss is the mean −log p of each
        window’s next tokens, two windows to a batch. For GPT‑2 small with OpenAI’s weights the book prints a
        training loss of 3.7547 and a validation loss of 3.5596 nats.
      </p>
      <div className="verdict-run">
        <button type="button" disabled={!model || run.kind === 'running'} onClick={start}>
          {model ? `Score The Verdict with ${model.name}` : 'Score The Verdict (load a model first)'}
        </button>
        {run.kind === 'running' && (
          <>
            <label htmlFor={`${id}-p`}>
              {run.total > 0 ? `Window ${run.done} of ${run.total}` : 'Tokenizing the story…'}
            </label>
            <progress
              id={`${id}-p`}
              max={Math.max(1, run.total)}
              value={run.done}
              aria-valuetext={run.total > 0 ? `${run.done} of ${run.total} windows` : 'starting'}
            />
            <button type="button" onClick={cancel}>
              Cancel scoring
            </button>
          </>
        )}
      </div>
      {run.kind === 'failed' && (
        <p className="field-error" role="alert">
          {run.message}
        </p>
      )}
      {run.kind === 'done' && <VerdictResults score={run.score} name={run.model} units={units} unit={unit} />}
    </section>
  );
}

function VerdictResults({
  score,
  name,
  units,
  unit,
}: {
  score: VerdictScore;
  name: string;
  units: Units;
  unit: string;
}) {
  const show = (nats: number) => formatLoss(inUnit(nats, units));
  const id = useId();
  return (
    <div className="verdict-results" role="status">
      <p id={id} className="verdict-caption" data-testid="verdict-caption">
        {name} on The Verdict: windows of {score.context} tokens every {score.stride}, the text split at{' '}
        {formatCount(score.splitIndex ?? 0)} characters
      </p>
      <div className="verdict-scroll">
        <table className="verdict-table" data-testid="verdict-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">Tokens</th>
              <th scope="col">Windows</th>
              <th scope="col">Targets scored</th>
              <th scope="col">Loss ({unit})</th>
              <th scope="col">Perplexity</th>
            </tr>
          </thead>
          <tbody>
            {score.parts.map((p) => (
              <tr key={p.name} data-part={p.name}>
                <th scope="row">{PART_NAME[p.name]}</th>
                <td>{formatCount(p.ids.length)}</td>
                <td>
                  {p.loss ? formatCount(p.loss.windows) : 0}
                  {p.loss && p.loss.windows !== p.windows.length ? ` of ${p.windows.length}` : ''}
                </td>
                <td data-testid={`verdict-${p.name}-tokens`}>{formatCount(p.loss?.tokens ?? 0)}</td>
                <td
                  data-testid={`verdict-${p.name}-loss`}
                  title={p.loss ? String(inUnit(p.loss.loss, units)) : undefined}
                >
                  {p.loss ? show(p.loss.loss) : '—'}
                </td>
                <td>{p.loss ? formatPerplexity(perplexityIn(inUnit(p.loss.loss, units), units)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="model-hint">
        The book prints (nats, not computed here): GPT‑2 small with OpenAI’s weights, training{' '}
        {BOOK_VERDICT.gpt2.train} and validation {BOOK_VERDICT.gpt2.validation}; the untrained GPT of chapter
        4, {BOOK_VERDICT.untrained.train} and {BOOK_VERDICT.untrained.validation}; and “Training tokens:{' '}
        {BOOK_VERDICT.tokens.train}, Validation tokens: {BOOK_VERDICT.tokens.validation}”.
      </p>
      <WindowChart score={score} units={units} unit={unit} />
      <StorySurprisal score={score} />
    </div>
  );
}

const W = 640;
const H = 180;
const M = { top: 10, right: 8, bottom: 28, left: 44 };

/** Each window's loss as a bar (training, then validation), from 0, with its numbers in a table. */
function WindowChart({ score, units, unit }: { score: VerdictScore; units: Units; unit: string }) {
  const bars = score.parts.flatMap((p) =>
    p.windows.map((w, i) => ({ key: `${p.name}-${w.start}`, part: p.name, n: i + 1, w })),
  );
  const x = scaleBand<string>()
    .domain(bars.map((b) => b.key))
    .range([M.left, W - M.right])
    .padding(0.2);
  const top = Math.max(...bars.map((b) => inUnit(b.w.loss, units)));
  const y = scaleLinear()
    .domain([0, top * 1.05])
    .nice()
    .range([H - M.bottom, M.top]);
  return (
    <figure className="verdict-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`The loss of each of ${bars.length} windows`}>
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="verdict-grid" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {bars.map((b) => (
          <rect
            key={b.key}
            className={`verdict-bar verdict-bar-${b.part}`}
            x={x(b.key)}
            width={x.bandwidth()}
            y={y(inUnit(b.w.loss, units))}
            height={y(0) - y(inUnit(b.w.loss, units))}
          />
        ))}
        <text x={M.left} y={H - 8}>
          training windows
        </text>
        <text x={W - M.right} y={H - 8} textAnchor="end">
          validation
        </text>
      </svg>
      <figcaption>
        The loss of each window ({unit}); the training part’s are dark, the validation part’s light.
      </figcaption>
      <details>
        <summary>Each window’s loss</summary>
        <div className="verdict-scroll" tabIndex={0} role="region" aria-label="Each window’s loss">
          <table className="verdict-table">
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Window</th>
                <th scope="col">Tokens</th>
                <th scope="col">Loss ({unit})</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.key}>
                  <td>{PART_NAME[b.part]}</td>
                  <td>{b.n}</td>
                  <td>
                    {formatCount(b.w.start)}–{formatCount(b.w.start + b.w.count)}
                  </td>
                  <td>{formatLoss(inUnit(b.w.loss, units))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/**
 * The story as running text, each scored token shaded by its −log p (one shade per decade of p,
 * as in the surprisal view); tokens no window scores (the first of each part, the tail after the
 * last window) are left plain.
 */
function StorySurprisal({ score }: { score: VerdictScore }) {
  return (
    <details className="verdict-story">
      <summary>The surprisal of every token of the story</summary>
      <p className="model-hint">
        Darker is more surprising: one shade for each factor of ten in p. Tokens that no window scores are
        plain.
      </p>
      {score.parts.map((p, k) => {
        const nll = new Float64Array(p.ids.length).fill(NaN);
        for (const w of p.windows) nll.set(w.nll, w.start + 1);
        return (
          <p
            key={p.name}
            className="verdict-text"
            lang="en"
            tabIndex={0}
            aria-label={`${PART_NAME[p.name]} part of the story, shaded by surprisal`}
          >
            {p.ids.map((id, i) => {
              const piece = score.pieces[k]?.[i] ?? `#${id}`;
              const s = nll[i]!;
              return Number.isNaN(s) ? (
                <span key={i}>{piece}</span>
              ) : (
                <span key={i} className={`sx-shade-${shadeOf(s)}`}>
                  {piece}
                </span>
              );
            })}
          </p>
        );
      })}
    </details>
  );
}
