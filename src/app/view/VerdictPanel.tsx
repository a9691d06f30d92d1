/**
 * The book's Exercise 5.5 in one click: the loaded model scores *The Verdict* as chapter 5's loaders
 * cut it (compute/verdict.ts). Shown: the training and validation loss and perplexity with the
 * token counts the book prints, the book's own printed figures beside them (quoted, in nats), the
 * loss of every window (a chart and its table) and the surprisal of every scored token of the
 * story, shaded as in the surprisal view.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { messageOf } from '../../errors';
import { inUnit, perplexityIn } from '../../math';
import { shadeOf } from '../explore/surprisal-model';
import { BOOK_VERDICT, type VerdictScore } from '../compute/verdict';
import type { PretrainedModel } from '../compute/lm-source';
import { intlNumber } from '../i18n/numbers';
import type { Units } from '../state';
import { formatCount, formatLoss, formatPerplexity } from './format';
import '../explore/surprisal.css';
import './verdict.css';

/** The parts of the story, as the tables name them. */
const PART_NAME = defineMessages({
  train: {
    id: 'verdict.part.train',
    defaultMessage: 'Training',
    description: 'Table cell: the training part of the story (its first 90%).',
  },
  validation: {
    id: 'verdict.part.validation',
    defaultMessage: 'Validation',
    description: 'Table cell: the validation part of the story (its last 10%).',
  },
  all: {
    id: 'verdict.part.all',
    defaultMessage: 'Whole text',
    description: 'Table cell: the whole story, not split.',
  },
});

/** Each part of the story as running text, for a screen reader. */
const STORY_PART = defineMessages({
  train: {
    id: 'verdict.story.train',
    defaultMessage: 'Training part of the story, shaded by surprisal',
    description: 'Accessible name of the training part of the story, each token shaded by its surprisal.',
  },
  validation: {
    id: 'verdict.story.validation',
    defaultMessage: 'Validation part of the story, shaded by surprisal',
    description: 'Accessible name of the validation part of the story, each token shaded by its surprisal.',
  },
  all: {
    id: 'verdict.story.all',
    defaultMessage: 'Whole text part of the story, shaded by surprisal',
    description: 'Accessible name of the whole story as one part, each token shaded by its surprisal.',
  },
});

/** The reader's unit of information as a word: "bits" or "nats". */
function unitWord(intl: IntlShape, units: Units): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'verdict.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of information (logarithm base 2), in “Loss (bits)”.',
      })
    : intl.formatMessage({
        id: 'verdict.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of information (natural logarithm), in “Loss (nats)”.',
      });
}

/** A number as the page has always written it here: without a thousands separator. */
const plain = (x: number) => intlNumber(x, { useGrouping: false, maximumFractionDigits: 10 });

/**
 * A figure the book prints, with as many decimals as JavaScript's shortest form of it (3.754748503367106),
 * in the page's language.
 */
function quoted(x: number): string {
  const decimals = String(x).split('.')[1]?.length ?? 0;
  return intlNumber(x, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  });
}

/** The book's printed line, quoted as its code prints it (program output, not translated). */
const BOOK_TOKENS_LINE = `Training tokens: ${BOOK_VERDICT.tokens.train}, Validation tokens: ${BOOK_VERDICT.tokens.validation}`;

type Run =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; score: VerdictScore; model: string }
  | { kind: 'failed'; message: string };

export function VerdictPanel({ model, units }: { model: PretrainedModel | null; units: Units }) {
  const id = useId();
  const intl = useIntl();
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
  const unit = unitWord(intl, units);
  return (
    <section className="verdict" aria-labelledby={`${id}-h`} data-testid="verdict">
      <h2 id={`${id}-h`}>
        <FormattedMessage
          id="verdict.title"
          defaultMessage="The book’s Exercise 5.5: The Verdict"
          description="“The Verdict” is the title of Edith Wharton’s short story."
        />
      </h2>
      <p className="model-hint">
        <FormattedMessage
          id="verdict.intro"
          defaultMessage="Chapter 5 of the book measures its models on Edith Wharton’s short story “The Verdict” ({characters} characters, public domain): the text is split at {split} of its characters, each part is tokenized on its own with no start token and cut into windows of {context} tokens, and the loss is the mean −log p of each window’s next tokens, two windows to a batch. For GPT‑2 small with OpenAI’s weights the book prints a training loss of {train} and a validation loss of {validation} nats."
          description="“The Verdict” is the title of Edith Wharton’s short story; {split} a percentage (90%); −log p a formula; {train} and {validation} losses in nats."
          values={{
            characters: formatCount(20479),
            split: intlNumber(0.9, { style: 'percent' }),
            context: formatCount(256),
            train: formatLoss(BOOK_VERDICT.gpt2.train),
            validation: formatLoss(BOOK_VERDICT.gpt2.validation),
          }}
        />
      </p>
      <div className="verdict-run">
        <button type="button" disabled={!model || run.kind === 'running'} onClick={start}>
          {model ? (
            <FormattedMessage
              id="verdict.score"
              defaultMessage="Score The Verdict with {model}"
              description="Button: score the short story “The Verdict” with the loaded model (its name)."
              values={{ model: model.name }}
            />
          ) : (
            <FormattedMessage
              id="verdict.score.none"
              defaultMessage="Score The Verdict (load a model first)"
              description="Button, disabled until a model is loaded: score the short story “The Verdict”."
            />
          )}
        </button>
        {run.kind === 'running' && (
          <>
            <label htmlFor={`${id}-p`}>
              {run.total > 0 ? (
                <FormattedMessage
                  id="verdict.progress"
                  defaultMessage="Window {done} of {total}"
                  description="Progress of the scoring: windows of 256 tokens done, of all."
                  values={{ done: plain(run.done), total: plain(run.total) }}
                />
              ) : (
                <FormattedMessage id="verdict.progress.tokenizing" defaultMessage="Tokenizing the story…" />
              )}
            </label>
            <progress
              id={`${id}-p`}
              max={Math.max(1, run.total)}
              value={run.done}
              aria-valuetext={
                run.total > 0
                  ? intl.formatMessage(
                      {
                        id: 'verdict.progress.value',
                        defaultMessage: '{done} of {total} windows',
                        description: 'What a screen reader says for the progress bar: windows done, of all.',
                      },
                      { done: plain(run.done), total: plain(run.total) },
                    )
                  : intl.formatMessage({
                      id: 'verdict.progress.starting',
                      defaultMessage: 'starting',
                      description: 'What a screen reader says for the progress bar before the first window.',
                    })
              }
            />
            <button type="button" onClick={cancel}>
              <FormattedMessage id="verdict.cancel" defaultMessage="Cancel scoring" description="Button." />
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
  const intl = useIntl();
  return (
    <div className="verdict-results" role="status">
      <p id={id} className="verdict-caption" data-testid="verdict-caption">
        <FormattedMessage
          id="verdict.results.caption"
          defaultMessage="{model} on The Verdict: windows of {context} tokens every {stride}, the text split at {split} characters"
          description="Caption of the results table: the model’s name, the window length and step in tokens, and where the story was split."
          values={{
            model: name,
            context: plain(score.context),
            stride: plain(score.stride),
            split: formatCount(score.splitIndex ?? 0),
          }}
        />
      </p>
      <div className="verdict-scroll">
        <table className="verdict-table" data-testid="verdict-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.part"
                  defaultMessage="Part"
                  description="Column header: the part of the story (training, validation)."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.tokens"
                  defaultMessage="Tokens"
                  description="Column header."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.windows"
                  defaultMessage="Windows"
                  description="Column header: how many windows of tokens were scored."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.targets"
                  defaultMessage="Targets scored"
                  description="Column header: how many next tokens (targets) the loss was computed on."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.loss"
                  defaultMessage="Loss ({unit})"
                  description="Column header; {unit} is “nats” or “bits”."
                  values={{ unit }}
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="verdict.col.perplexity"
                  defaultMessage="Perplexity"
                  description="Column header."
                />
              </th>
            </tr>
          </thead>
          <tbody>
            {score.parts.map((p) => (
              <tr key={p.name} data-part={p.name}>
                <th scope="row">{intl.formatMessage(PART_NAME[p.name])}</th>
                <td>{formatCount(p.ids.length)}</td>
                <td>
                  {p.loss && p.loss.windows !== p.windows.length ? (
                    <FormattedMessage
                      id="verdict.windows.of"
                      defaultMessage="{scored} of {total}"
                      description="Table cell: windows scored, of all the part’s windows (an odd last one is dropped)."
                      values={{ scored: formatCount(p.loss.windows), total: plain(p.windows.length) }}
                    />
                  ) : p.loss ? (
                    formatCount(p.loss.windows)
                  ) : (
                    formatCount(0)
                  )}
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
        <FormattedMessage
          id="verdict.book.prints"
          defaultMessage="The book prints (nats, not computed here): GPT‑2 small with OpenAI’s weights, training {gpt2Train} and validation {gpt2Validation}; the untrained GPT of chapter 4, {untrainedTrain} and {untrainedValidation}; and “{printed}”."
          description="The losses the book prints, quoted. {printed} is a line of the book’s program output, quoted in English: “Training tokens: 4608, Validation tokens: 512”."
          values={{
            gpt2Train: quoted(BOOK_VERDICT.gpt2.train),
            gpt2Validation: quoted(BOOK_VERDICT.gpt2.validation),
            untrainedTrain: quoted(BOOK_VERDICT.untrained.train),
            untrainedValidation: quoted(BOOK_VERDICT.untrained.validation),
            printed: BOOK_TOKENS_LINE,
          }}
        />
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
  const intl = useIntl();
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
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={intl.formatMessage(
          {
            id: 'verdict.chart.label',
            defaultMessage: 'The loss of each of {count} windows',
            description: 'Accessible name of the bar chart of each window’s loss.',
          },
          { count: plain(bars.length) },
        )}
      >
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="verdict-grid" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {plain(t)}
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
          {intl.formatMessage({
            id: 'verdict.chart.train',
            defaultMessage: 'training windows',
            description: 'Label under the left bars of the chart: the training part’s windows.',
          })}
        </text>
        <text x={W - M.right} y={H - 8} textAnchor="end">
          {intl.formatMessage({
            id: 'verdict.chart.validation',
            defaultMessage: 'validation',
            description: 'Label under the right bars of the chart: the validation part’s windows.',
          })}
        </text>
      </svg>
      <figcaption>
        <FormattedMessage
          id="verdict.chart.caption"
          defaultMessage="The loss of each window ({unit}); the training part’s are dark, the validation part’s light."
          description="Caption of the bar chart; {unit} is “nats” or “bits”."
          values={{ unit }}
        />
      </figcaption>
      <details>
        <summary>
          <FormattedMessage id="verdict.windows.title" defaultMessage="Each window’s loss" />
        </summary>
        <div
          className="verdict-scroll"
          tabIndex={0}
          role="region"
          aria-label={intl.formatMessage({
            id: 'verdict.windows.title',
            defaultMessage: 'Each window’s loss',
          })}
        >
          <table className="verdict-table">
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage
                    id="verdict.col.part"
                    defaultMessage="Part"
                    description="Column header: the part of the story (training, validation)."
                  />
                </th>
                <th scope="col">
                  <FormattedMessage
                    id="verdict.col.window"
                    defaultMessage="Window"
                    description="Column header: the window’s number within its part."
                  />
                </th>
                <th scope="col">
                  <FormattedMessage
                    id="verdict.col.tokens"
                    defaultMessage="Tokens"
                    description="Column header."
                  />
                </th>
                <th scope="col">
                  <FormattedMessage
                    id="verdict.col.loss"
                    defaultMessage="Loss ({unit})"
                    description="Column header; {unit} is “nats” or “bits”."
                    values={{ unit }}
                  />
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.key}>
                  <td>{intl.formatMessage(PART_NAME[b.part])}</td>
                  <td>{plain(b.n)}</td>
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
  const intl = useIntl();
  return (
    <details className="verdict-story">
      <summary>
        <FormattedMessage
          id="verdict.story.title"
          defaultMessage="The surprisal of every token of the story"
        />
      </summary>
      <p className="model-hint">
        <FormattedMessage
          id="verdict.story.hint"
          defaultMessage="Darker is more surprising: one shade for each factor of ten in p. Tokens that no window scores are plain."
          description="p is the probability (a symbol); “plain” means not shaded."
        />
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
            aria-label={intl.formatMessage(STORY_PART[p.name])}
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
