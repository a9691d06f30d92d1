/**
 * Live training: a bigram language model whose output layer covers GPT-2's whole vocabulary
 * (E: V × d embedding → W: d × V, b: V) trained on a text with the cross-entropy loss, on WebGPU
 * (src/train/gpu-trainer.ts, WGSL kernels) or, without it, on the CPU twin in a Web Worker
 * (src/train/worker-trainer.ts; slowly). The loss curve shows the training and held-out
 * (validation) loss, perplexity on a second axis and the uniform baseline ln V, every loss in the
 * reader's units (the trainers report nats; bits = nats / ln 2). "What the model
 * predicts now" sends the trained model's logits for the start of the text through the seven
 * stages.
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { inUnit, makeBatch, uniformLoss, type InfoUnit } from '../../math';
import { DEFAULT_TEXT } from '../../train/default-text';
import { GpuTrainer } from '../../train/gpu-trainer';
import { planRows, splitPositions } from '../../train/plan';
import type { Trainer } from '../../train/types';
import { WorkerTrainer } from '../../train/worker-trainer';
import { intlNumber } from '../i18n/numbers';
import type { StageProps } from '../stages/stage';
import type { Source } from '../state';
import { formatChoices, formatCount, formatLoss } from '../view/format';
import { ChartExport } from '../view/ChartExport';
import { useElementWidth } from '../view/hooks';
import { GPT2_VOCAB, loadTokenizer } from '../view/tokens';
import './training.css';

/** The longest text trained on, in tokens: the logits of its distinct tokens must fit a buffer. */
export const MAX_TRAIN_TOKENS = 1024;
/** Positions sent through the stages by "what the model predicts now" (B = 1). */
const PREDICT_POSITIONS = 32;
const LEARNING_RATES = [0.003, 0.01, 0.03, 0.1];
const WIDTHS = [8, 16, 32, 64];
const VAL_FRACTIONS = [0.1, 0.15, 0.2];
/** Steps between validation measurements. */
const EVAL_EVERY = 1;
const SEED = 1;

interface Point {
  step: number;
  train: number;
  val: number;
}

type Status = { kind: 'idle' | 'running' | 'working' } | { kind: 'error'; message: string };

/** What the trainer was built on, said under the buttons (formatted when shown). */
interface Info {
  tokens: number;
  /** The text was longer than MAX_TRAIN_TOKENS and cut there. */
  cut: boolean;
  train: number;
  rows: number;
  held: number;
  weights: number;
}

/** What "what the model predicts now" sent to the stages. */
interface Sent {
  steps: number;
  positions: number;
}

function sentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "ln V" or "log₂ V": the uniform guess's loss in the reader's units. */
const logV = (units: InfoUnit) => (units === 'bits' ? 'log₂ V' : 'ln V');

/** The reader's unit of information as a word: "bits" or "nats". */
function unitWord(intl: IntlShape, units: InfoUnit): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'training.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of information (logarithm base 2), after a number or in “loss (bits)”.',
      })
    : intl.formatMessage({
        id: 'training.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of information (natural logarithm), after a number or in “loss (nats)”.',
      });
}

/** A step number or axis tick as the panel has always written it: without a thousands separator. */
const plain = (x: number) => intlNumber(x, { useGrouping: false, maximumFractionDigits: 10 });

/** The trained model's name as a source: "the model you trained (12 steps)". */
function trainedLabel(intl: IntlShape, steps: number): string {
  return intl.formatMessage(
    {
      id: 'training.source.label',
      defaultMessage: 'the model you trained ({steps, plural, one {{count} step} other {{count} steps}})',
      description:
        'Name of the model trained in the panel, as a source of logits (lower case: it also ends a sentence, “The stages now show …”); {count} is {steps} written out.',
    },
    { steps, count: formatCount(steps) },
  );
}

/**
 * The loss curve: train (solid, circles) and validation (dashed, squares), the uniform guess
 * marked. Points are in nats (as trained); the axis and labels are in `units`.
 */
function LossChart({ points, vocab, units }: { points: Point[]; vocab: number; units: InfoUnit }) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const W = useElementWidth(ref, 640);
  const H = 260;
  const m = { top: 26, right: 64, bottom: 40, left: 52 };
  const u = (nats: number) => inUnit(nats, units);
  const unitName = unitWord(intl, units);
  const lnV = uniformLoss(vocab);
  const maxStep = Math.max(10, points.at(-1)?.step ?? 0);
  const maxLoss = u(Math.max(lnV + 0.5, ...points.flatMap((p) => [p.train, p.val]).filter(Number.isFinite)));
  const x = scaleLinear()
    .domain([0, maxStep])
    .range([m.left, W - m.right]);
  const y = scaleLinear()
    .domain([0, maxLoss])
    .range([H - m.bottom, m.top])
    .nice();
  const path = (key: 'train' | 'val') =>
    line<Point>()
      .defined((p) => Number.isFinite(p[key]))
      .x((p) => x(p.step))
      .y((p) => y(u(p[key])))(points) ?? '';
  const yTicks = y.ticks(5);
  // Perplexity k at round values that fall inside the loss axis, at L = ln k nats (log₂ k bits).
  const pplTicks = [1, 10, 100, 1000, 10000, 50000].filter((k) => u(Math.log(k)) <= y.domain()[1]!);
  const last = points.at(-1);
  const best = points.reduce<Point | null>(
    (b, p) => (Number.isFinite(p.val) && (!b || p.val < b.val) ? p : b),
    null,
  );
  // Over-fitting, once it shows: the validation loss has risen for 3 or more steps since its lowest.
  const small = W < 480;
  const overfitAt = last && best && last.step - best.step >= 3 && last.val > best.val + 0.05 ? best : null;
  // Its label goes right of the marker where it fits (about 7 px a character), else left of it.
  const overfitText = small
    ? intl.formatMessage({
        id: 'training.chart.overfit.short',
        defaultMessage: 'over-fitting →',
        description: 'Label of the loss chart’s marker at the lowest validation loss, on a narrow screen.',
      })
    : intl.formatMessage(
        {
          id: 'training.chart.overfit',
          defaultMessage: 'over-fitting after step {step} →',
          description:
            'Label of the loss chart’s marker at the lowest validation loss; the arrow points right.',
        },
        { step: plain(overfitAt?.step ?? 0) },
      );
  const overfit =
    last && overfitAt
      ? {
          best: overfitAt,
          rise: last.val - overfitAt.val,
          text: overfitText,
          fits: W - m.right - x(overfitAt.step) >= 7 * overfitText.length + 8,
        }
      : null;
  const uniform = { logV: logV(units), uniform: formatLoss(u(lnV)), unit: unitName };
  const curve = last && {
    ...uniform,
    steps: last.step,
    count: formatCount(last.step),
    first: formatLoss(u(points.find((p) => Number.isFinite(p.train))?.train ?? NaN)),
    train: formatLoss(u(last.train)),
    val: formatLoss(u(last.val)),
    lowest: best ? formatLoss(u(best.val)) : '',
    bestStep: best ? plain(best.step) : '',
    rise: overfit ? formatLoss(u(overfit.rise)) : '',
  };
  // The chart's numbers as a sentence: its accessible name and the exported files' caption.
  const label = !curve
    ? intl.formatMessage(
        {
          id: 'training.chart.label.empty',
          defaultMessage: 'No steps yet; the uniform guess {logV} = {uniform} {unit} is marked.',
          description:
            'Accessible name and exported caption of the empty loss chart. {logV} is a formula (ln V or log₂ V); {unit} is “nats” or “bits”.',
        },
        uniform,
      )
    : overfit
      ? intl.formatMessage(
          {
            id: 'training.chart.label.overfit',
            defaultMessage:
              'Loss curve over {steps, plural, one {{count} step} other {{count} steps}}, in {unit}: training loss from {first} to {train}, validation loss now {val}, lowest {lowest} at step {bestStep} and risen by {rise} since: over-fitting; the uniform guess {logV} = {uniform}.',
            description:
              'Accessible name and exported caption of the loss chart once the validation loss has risen. {count} is {steps} written out; {logV} is a formula (ln V or log₂ V); {unit} is “nats” or “bits”.',
          },
          curve,
        )
      : best
        ? intl.formatMessage(
            {
              id: 'training.chart.label',
              defaultMessage:
                'Loss curve over {steps, plural, one {{count} step} other {{count} steps}}, in {unit}: training loss from {first} to {train}, validation loss now {val}, lowest {lowest} at step {bestStep}; the uniform guess {logV} = {uniform}.',
              description:
                'Accessible name and exported caption of the loss chart. {count} is {steps} written out; {logV} is a formula (ln V or log₂ V); {unit} is “nats” or “bits”.',
            },
            curve,
          )
        : intl.formatMessage(
            {
              id: 'training.chart.label.nobest',
              defaultMessage:
                'Loss curve over {steps, plural, one {{count} step} other {{count} steps}}, in {unit}: training loss from {first} to {train}, validation loss now {val}; the uniform guess {logV} = {uniform}.',
              description:
                'Accessible name and exported caption of the loss chart while no validation loss is known. {count} is {steps} written out; {logV} is a formula (ln V or log₂ V); {unit} is “nats” or “bits”.',
            },
            curve,
          );
  return (
    <div className="training-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{label}</title>
        <g aria-hidden="true" className="training-axis">
          {yTicks.map((t) => (
            <g key={t}>
              <line className="training-grid" x1={m.left} x2={W - m.right} y1={y(t)} y2={y(t)} />
              <text x={m.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {plain(t)}
              </text>
            </g>
          ))}
          {pplTicks.map((k) => (
            <text key={k} x={W - m.right + 6} y={y(u(Math.log(k)))} dy="0.32em">
              {k >= 1000
                ? intl.formatMessage(
                    {
                      id: 'training.chart.ppl.thousands',
                      defaultMessage: '{thousands}k',
                      description: 'A perplexity axis tick in thousands: “10k” is 10,000.',
                    },
                    { thousands: plain(k / 1000) },
                  )
                : plain(k)}
            </text>
          ))}
          <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} />
          {x.ticks(small ? 3 : 6).map((t) => (
            <text key={t} x={x(t)} y={H - m.bottom + 16} textAnchor="middle">
              {plain(t)}
            </text>
          ))}
          <text x={(m.left + W - m.right) / 2} y={H - 4} textAnchor="middle" className="training-axis-title">
            {intl.formatMessage({
              id: 'training.chart.axis.step',
              defaultMessage: 'step',
              description: 'Title of the loss chart’s horizontal axis: training steps.',
            })}
          </text>
          <text x={4} y={10} className="training-axis-title">
            {intl.formatMessage(
              {
                id: 'training.chart.axis.loss',
                defaultMessage: 'loss ({unit})',
                description: 'Title of the loss chart’s left axis; {unit} is “nats” or “bits”.',
              },
              { unit: unitName },
            )}
          </text>
          <text x={W - 4} y={10} textAnchor="end" className="training-axis-title">
            {intl.formatMessage({
              id: 'training.chart.axis.perplexity',
              defaultMessage: 'perplexity',
              description: 'Title of the loss chart’s right axis.',
            })}
          </text>
          <line className="training-baseline" x1={m.left} x2={W - m.right} y1={y(u(lnV))} y2={y(u(lnV))} />
          <text className="training-baseline-label" x={W - m.right - 4} y={y(u(lnV)) - 5} textAnchor="end">
            {intl.formatMessage(
              {
                id: 'training.chart.baseline',
                defaultMessage: 'uniform guess: {logV} = {uniform}',
                description:
                  'Label of the loss chart’s line at the loss of a uniform guess over the vocabulary; {logV} is a formula (ln V or log₂ V).',
              },
              uniform,
            )}
          </text>
        </g>
        {overfit && (
          <g aria-hidden="true" className="training-overfit">
            <line x1={x(overfit.best.step)} x2={x(overfit.best.step)} y1={m.top} y2={H - m.bottom} />
            <text
              x={x(overfit.best.step) + (overfit.fits ? 4 : -4)}
              y={H - m.bottom - 6}
              textAnchor={overfit.fits ? 'start' : 'end'}
            >
              {overfit.text}
            </text>
          </g>
        )}
        <g aria-hidden="true">
          <path className="training-line training-line-train" d={path('train')} />
          <path className="training-line training-line-val" d={path('val')} />
          {last && Number.isFinite(last.train) && (
            <circle className="training-dot-train" cx={x(last.step)} cy={y(u(last.train))} r={4} />
          )}
          {last && Number.isFinite(last.val) && (
            <rect
              className="training-dot-val"
              x={x(last.step) - 4}
              y={y(u(last.val)) - 4}
              width={8}
              height={8}
            />
          )}
        </g>
      </svg>
      <p className="training-legend" aria-hidden="true">
        <span className="training-key-train">
          ●{' '}
          <FormattedMessage
            id="training.chart.key.train"
            defaultMessage="training (solid)"
            description="Legend of the loss chart: the training loss, a solid line."
          />
        </span>
        <span className="training-key-val">
          ■{' '}
          <FormattedMessage
            id="training.chart.key.val"
            defaultMessage="validation (dashed)"
            description="Legend of the loss chart: the validation loss, a dashed line."
          />
        </span>
        <span className="training-key-base">
          – –{' '}
          <FormattedMessage
            id="training.chart.key.base"
            defaultMessage="uniform guess"
            description="Legend of the loss chart: the line at the loss of a uniform guess."
          />
        </span>
      </p>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'training.chart.name',
          defaultMessage: 'loss curve',
          description: 'The chart’s name in its export buttons: “Export the loss curve chart as PNG”.',
        })}
        file="training-loss"
        caption={label}
      />
    </div>
  );
}

export function TrainingPanel({
  dispatch,
  session,
  backend,
  units,
}: Pick<StageProps, 'dispatch' | 'session' | 'backend'> & { units: InfoUnit }) {
  const id = useId();
  const intl = useIntl();
  const [text, setText] = useState(DEFAULT_TEXT);
  const [valFraction, setValFraction] = useState(0.15);
  const gpuDevice = backend === 'webgpu' ? (session?.gpu?.device ?? null) : null;
  const onGpu = gpuDevice !== null;
  const [width, setWidth] = useState<number | null>(null);
  const dim = width ?? (onGpu ? 64 : 8);
  const [lr, setLr] = useState(0.01);
  const [points, setPoints] = useState<Point[]>([]);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [rate, setRate] = useState<number | null>(null);
  const [info, setInfo] = useState<Info | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);

  const trainer = useRef<{ t: Trainer; ids: number[]; key: string } | null>(null);
  const running = useRef(false);
  /** One trainer call at a time. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const serial = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(work, work);
    queue.current = run.catch(() => undefined);
    return run;
  }, []);

  const key = `${onGpu ? 'gpu' : 'cpu'}|${dim}|${valFraction}|${text}`;

  const dropTrainer = useCallback(() => {
    running.current = false;
    const old = trainer.current;
    trainer.current = null;
    if (old) void serial(async () => old.t.dispose());
  }, [serial]);

  // Any change of text, split, width or back end starts over (the old curve would not apply):
  // the state is reset while rendering, the old trainer freed after.
  const [seenKey, setSeenKey] = useState(key);
  if (seenKey !== key) {
    setSeenKey(key);
    setPoints([]);
    setRate(null);
    setSent(null);
    setInfo(null);
    setStatus({ kind: 'idle' });
  }
  useEffect(() => dropTrainer, [key, dropTrainer]);

  /** The trainer for the current settings, built (tokenizing the text) on first use. */
  const ensure = useCallback(async () => {
    if (trainer.current?.key === key) return trainer.current;
    const { encode } = await loadTokenizer();
    const ids = encode(text).slice(0, MAX_TRAIN_TOKENS);
    if (ids.length < 3)
      throw new Error(
        intl.formatMessage({
          id: 'training.error.short',
          defaultMessage: 'The text has fewer than three tokens; type a sentence or two to train on.',
        }),
      );
    const data = splitPositions(ids, valFraction);
    const shape = { vocab: GPT2_VOCAB, dim };
    const t: Trainer = gpuDevice
      ? new GpuTrainer(gpuDevice, shape, data, { lr })
      : new WorkerTrainer(shape, data, { lr });
    await t.init(SEED);
    const rows = planRows(data.train.inputs, data.train.targets, GPT2_VOCAB).rowTokens.length;
    setInfo({
      tokens: ids.length,
      cut: ids.length === MAX_TRAIN_TOKENS,
      train: data.train.inputs.length,
      rows,
      held: data.val.inputs.length,
      weights: 2 * GPT2_VOCAB * dim + GPT2_VOCAB,
    });
    const entry = { t, ids, key };
    trainer.current = entry;
    const { valLoss } = await t.evaluate();
    setPoints([{ step: 0, train: NaN, val: valLoss }]);
    return entry;
  }, [key, text, valFraction, dim, gpuDevice, lr, intl]);

  const oneStep = useCallback(
    () =>
      serial(async () => {
        const entry = await ensure();
        if (trainer.current !== entry) return false;
        entry.t.setLearningRate(lr);
        const { trainLoss, step } = await entry.t.step();
        const { valLoss } = step % EVAL_EVERY === 0 ? await entry.t.evaluate() : { valLoss: NaN };
        if (trainer.current !== entry) return false;
        setPoints((ps) => [...ps, { step, train: trainLoss, val: valLoss }]);
        return true;
      }),
    [serial, ensure, lr],
  );

  const fail = (error: unknown) => {
    running.current = false;
    setStatus({ kind: 'error', message: sentence(error) });
  };

  const step = () => {
    if (running.current) return;
    setStatus({ kind: 'working' });
    oneStep().then(() => setStatus({ kind: 'idle' }), fail);
  };

  const train = async () => {
    if (running.current) {
      running.current = false;
      return;
    }
    running.current = true;
    setStatus({ kind: 'running' });
    const times: number[] = [];
    try {
      while (running.current) {
        const t0 = performance.now();
        if (!(await oneStep())) break;
        times.push(performance.now() - t0);
        const recent = times.slice(-10);
        setRate(1000 / (recent.reduce((a, b) => a + b, 0) / recent.length));
        // Let the page paint and take input between steps.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      running.current = false;
      setStatus({ kind: 'idle' });
    } catch (error) {
      fail(error);
    }
  };

  const reset = () => {
    dropTrainer();
    setPoints([]);
    setRate(null);
    setSent(null);
    setStatus({ kind: 'idle' });
  };

  const predict = () => {
    setStatus({ kind: 'working' });
    serial(async () => {
      const entry = await ensure();
      const n = Math.min(PREDICT_POSITIONS, entry.ids.length - 1);
      const inputs = entry.ids.slice(0, n);
      const logits = await entry.t.logitsFor(inputs);
      const steps = points.at(-1)?.step ?? 0;
      const source: Source = {
        label: trainedLabel(intl, steps),
        isExample: false,
        kind: 'trained',
        batch: makeBatch(logits, [1, n, GPT2_VOCAB], entry.ids.slice(1, n + 1)),
        inputs: Int32Array.from(inputs),
      };
      dispatch({ type: 'source', source });
      setSent({ steps, positions: n });
    }).then(() => setStatus({ kind: 'idle' }), fail);
  };

  const last = points.at(-1);
  const isRunning = status.kind === 'running';
  const busy = status.kind === 'working';
  const lnV = uniformLoss(GPT2_VOCAB);
  const u = (nats: number) => inUnit(nats, units);
  const unitName = unitWord(intl, units);
  // The readout's numbers keep their test ids, as rich-text tags of its messages.
  const stepnum = (chunks: ReactNode[]) => <span data-testid="train-step">{chunks}</span>;
  const trainloss = (chunks: ReactNode[]) => <span data-testid="train-loss">{chunks}</span>;
  const valloss = (chunks: ReactNode[]) => <span data-testid="val-loss">{chunks}</span>;
  const speed = (chunks: ReactNode[]) => <span data-testid="steps-per-second">{chunks}</span>;

  return (
    <section className="training" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>
        <FormattedMessage id="training.title" defaultMessage="Train a model yourself" />
      </h3>
      <p>
        <FormattedMessage
          id="training.intro"
          defaultMessage="A tiny <strong>bigram</strong> language model with GPT-2’s whole vocabulary: it sees only the current token, never the ones before it. Each token becomes a list of d numbers (an embedding), multiplied by a d × {vocab} matrix to score every word for the next token. It is trained here with the cross-entropy loss and Adam, {device, select, gpu {on your GPU (WebGPU)} other {on the CPU}}: each step, the gradient of the loss moves its weights. It starts near the uniform guess, {logV} = {uniform} {unit}, perplexity {perplexity}."
          description="d is the embedding width (a variable); {vocab} is GPT-2’s vocabulary size; {logV} is a formula (ln V or log₂ V); {unit} is “nats” or “bits”."
          values={{
            strong: (chunks) => <strong>{chunks}</strong>,
            vocab: formatCount(GPT2_VOCAB),
            device: onGpu ? 'gpu' : 'cpu',
            logV: logV(units),
            uniform: formatLoss(u(lnV)),
            unit: unitName,
            perplexity: formatChoices(GPT2_VOCAB),
          }}
        />
      </p>
      {!onGpu && (
        <p className="training-slow" role="note">
          <FormattedMessage
            id="training.slow"
            defaultMessage="WebGPU is not in use, so the CPU trains, in a background thread so the page stays responsive: about a second or more per step, so the width starts at d = 8."
            description="d is the embedding width (a variable)."
          />
        </p>
      )}
      <div className="training-controls">
        <label className="training-text">
          <FormattedMessage
            id="training.text.label"
            defaultMessage="Text to learn from"
            description="Label of the text box holding the training text."
          />
          <textarea
            value={text}
            rows={5}
            onChange={(e) => setText(e.currentTarget.value)}
            disabled={isRunning}
          />
        </label>
        <div className="training-settings">
          <label>
            <FormattedMessage
              id="training.split.label"
              defaultMessage="Held out for validation"
              description="Label of a choice: how much of the text (its last part) is kept for validation."
            />
            <select
              value={valFraction}
              onChange={(e) => setValFraction(Number(e.currentTarget.value))}
              disabled={isRunning}
            >
              {VAL_FRACTIONS.map((f) => (
                <option key={f} value={f}>
                  {intl.formatMessage(
                    {
                      id: 'training.split.option',
                      defaultMessage: 'last {percent}',
                      description:
                        'Option of “Held out for validation”: the last part of the text, “last 15%”.',
                    },
                    { percent: intlNumber(f, { style: 'percent' }) },
                  )}
                </option>
              ))}
            </select>
          </label>
          <label>
            <FormattedMessage id="training.lr.label" defaultMessage="Learning rate" />
            <select value={lr} onChange={(e) => setLr(Number(e.currentTarget.value))}>
              {LEARNING_RATES.map((r) => (
                <option key={r} value={r}>
                  {plain(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <FormattedMessage
              id="training.width.label"
              defaultMessage="Embedding width d"
              description="Label of a choice of the embedding width, written d in the text (a variable)."
            />
            <select
              value={dim}
              onChange={(e) => setWidth(Number(e.currentTarget.value))}
              disabled={isRunning}
            >
              {WIDTHS.map((w) => (
                <option key={w} value={w}>
                  {plain(w)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div
          className="training-buttons"
          role="group"
          aria-label={intl.formatMessage({
            id: 'training.buttons.label',
            defaultMessage: 'Training',
            description:
              'Accessible name of the group of buttons that train the model (Train, Step, Reset, …).',
          })}
        >
          <button type="button" onClick={() => void train()} aria-pressed={isRunning} disabled={busy}>
            {isRunning ? (
              <FormattedMessage
                id="training.button.pause"
                defaultMessage="Pause"
                description="Button: pause the training."
              />
            ) : (
              <FormattedMessage
                id="training.button.train"
                defaultMessage="Train"
                description="Button (a verb): train the model, step after step, until paused."
              />
            )}
          </button>
          <button type="button" onClick={step} disabled={isRunning || busy}>
            <FormattedMessage
              id="training.button.step"
              defaultMessage="Step"
              description="Button (a verb): train the model for one step."
            />
          </button>
          <button type="button" onClick={reset} disabled={busy}>
            <FormattedMessage
              id="training.button.reset"
              defaultMessage="Reset"
              description="Button: forget the training and start over."
            />
          </button>
          <button type="button" onClick={predict} disabled={isRunning || busy}>
            <FormattedMessage
              id="training.button.predict"
              defaultMessage="What the model predicts now"
              description="Button: send the trained model’s predictions through the page’s stages."
            />
          </button>
        </div>
      </div>
      <p className="training-readout" role="status" aria-live="polite">
        {status.kind === 'error' ? (
          <span className="training-error">{status.message}</span>
        ) : last ? (
          <>
            {last.step === 0 ? (
              <FormattedMessage
                id="training.readout.start"
                defaultMessage="Before training (step <stepnum>{step}</stepnum>): validation loss <valloss>{val}</valloss> {unit} (perplexity {perplexity})"
                description="Live readout before the first step; {unit} is “nats” or “bits”."
                values={{
                  step: formatCount(0),
                  val: formatLoss(u(last.val)),
                  unit: unitName,
                  perplexity: formatChoices(Math.exp(last.val)),
                  stepnum,
                  valloss,
                }}
              />
            ) : (
              <FormattedMessage
                id="training.readout.step"
                defaultMessage="Step <stepnum>{step}</stepnum>: training loss <trainloss>{train}</trainloss> {unit}, validation loss <valloss>{val}</valloss> {unit} (perplexity {perplexity})"
                description="Live readout after each training step; {unit} is “nats” or “bits”."
                values={{
                  step: formatCount(last.step),
                  train: formatLoss(u(last.train)),
                  val: formatLoss(u(last.val)),
                  unit: unitName,
                  perplexity: formatChoices(Math.exp(last.val)),
                  stepnum,
                  trainloss,
                  valloss,
                }}
              />
            )}
            {rate !== null && (
              <>
                {' · '}
                <FormattedMessage
                  id="training.readout.rate"
                  defaultMessage="<speed>{rate}</speed> steps/s"
                  description="Training speed in the live readout: steps per second."
                  values={{
                    rate: intlNumber(rate, {
                      minimumFractionDigits: rate < 10 ? 2 : 1,
                      maximumFractionDigits: rate < 10 ? 2 : 1,
                      useGrouping: false,
                    }),
                    speed,
                  }}
                />
              </>
            )}
            {busy && (
              <>
                {' · '}
                <FormattedMessage
                  id="training.readout.working"
                  defaultMessage="working…"
                  description="In the live readout while the model is being prepared or a step runs."
                />
              </>
            )}
          </>
        ) : busy ? (
          <FormattedMessage id="training.readout.preparing" defaultMessage="Preparing the model…" />
        ) : (
          <FormattedMessage
            id="training.readout.idle"
            defaultMessage="Not trained yet: press Train or Step."
            description="“Train” and “Step” are the names of two buttons (training.button.train, training.button.step)."
          />
        )}
      </p>
      {info && (
        <p className="training-info">
          {info.cut ? (
            <FormattedMessage
              id="training.info.cut"
              defaultMessage="{tokens} tokens (the first {max}): {train} positions to train on ({rows} different input tokens), {held} held out. {weights} weights."
              description="What the model is trained on: the text’s tokens (cut at {max}), the positions trained on and held out for validation, and the model’s number of weights."
              values={{
                tokens: formatCount(info.tokens),
                max: formatCount(MAX_TRAIN_TOKENS),
                train: formatCount(info.train),
                rows: formatCount(info.rows),
                held: formatCount(info.held),
                weights: formatCount(info.weights),
              }}
            />
          ) : (
            <FormattedMessage
              id="training.info"
              defaultMessage="{tokens} tokens: {train} positions to train on ({rows} different input tokens), {held} held out. {weights} weights."
              description="What the model is trained on: the text’s tokens, the positions trained on and held out for validation, and the model’s number of weights."
              values={{
                tokens: formatCount(info.tokens),
                train: formatCount(info.train),
                rows: formatCount(info.rows),
                held: formatCount(info.held),
                weights: formatCount(info.weights),
              }}
            />
          )}
        </p>
      )}
      {sent && (
        <p className="training-info">
          <FormattedMessage
            id="training.sent"
            defaultMessage="The stages now show {model}: its logits for the first {positions} positions of the text. The loss beside the stages is now this model’s."
            description="After “What the model predicts now”; {model} is e.g. “the model you trained (12 steps)”."
            values={{ model: trainedLabel(intl, sent.steps), positions: plain(sent.positions) }}
          />
        </p>
      )}
      <LossChart points={points} vocab={GPT2_VOCAB} units={units} />
      {points.length > 1 && (
        <details className="training-numbers">
          <summary>
            <FormattedMessage
              id="training.table.summary"
              defaultMessage="The curve as numbers (last 20 steps)"
            />
          </summary>
          <table className="tokens">
            <thead>
              <tr>
                <th scope="col">
                  <FormattedMessage
                    id="training.table.step"
                    defaultMessage="step"
                    description="Column header: the training step."
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="training.table.train"
                    defaultMessage="training loss ({unit})"
                    description="Column header; {unit} is “nats” or “bits”."
                    values={{ unit: unitName }}
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="training.table.val"
                    defaultMessage="validation loss ({unit})"
                    description="Column header; {unit} is “nats” or “bits”."
                    values={{ unit: unitName }}
                  />
                </th>
                <th scope="col" className="num">
                  <FormattedMessage
                    id="training.table.perplexity"
                    defaultMessage="validation perplexity"
                    description="Column header."
                  />
                </th>
              </tr>
            </thead>
            <tbody>
              {points.slice(-20).map((p) => (
                <tr key={p.step}>
                  <td>{plain(p.step)}</td>
                  <td className="num">{formatLoss(u(p.train))}</td>
                  <td className="num">{formatLoss(u(p.val))}</td>
                  <td className="num">{formatChoices(Math.exp(p.val))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <p className="training-note">
        <FormattedMessage
          id="training.note"
          defaultMessage="The training loss keeps falling; on a short text the validation loss soon stops falling and rises again: the model has learned the training part by heart (over-fitting)."
        />
      </p>
    </section>
  );
}
