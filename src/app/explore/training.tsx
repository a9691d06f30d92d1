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
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { inUnit, makeBatch, uniformLoss, type InfoUnit } from '../../math';
import { DEFAULT_TEXT } from '../../train/default-text';
import { GpuTrainer } from '../../train/gpu-trainer';
import { planRows, splitPositions } from '../../train/plan';
import type { Trainer } from '../../train/types';
import { WorkerTrainer } from '../../train/worker-trainer';
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

function sentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "ln V" or "log₂ V": the uniform guess's loss in the reader's units. */
const logV = (units: InfoUnit) => (units === 'bits' ? 'log₂ V' : 'ln V');

/**
 * The loss curve: train (solid, circles) and validation (dashed, squares), the uniform guess
 * marked. Points are in nats (as trained); the axis and labels are in `units`.
 */
function LossChart({ points, vocab, units }: { points: Point[]; vocab: number; units: InfoUnit }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const W = useElementWidth(ref, 640);
  const H = 260;
  const m = { top: 26, right: 64, bottom: 40, left: 52 };
  const u = (nats: number) => inUnit(nats, units);
  const unitName = units === 'bits' ? 'bits' : 'nats';
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
  const overfitText = small ? 'over-fitting →' : `over-fitting after step ${overfitAt?.step ?? 0} →`;
  const overfit =
    last && overfitAt
      ? {
          best: overfitAt,
          rise: last.val - overfitAt.val,
          text: overfitText,
          fits: W - m.right - x(overfitAt.step) >= 7 * overfitText.length + 8,
        }
      : null;
  const label = last
    ? `Loss curve over ${formatCount(last.step)} ${last.step === 1 ? 'step' : 'steps'}, in ${unitName}: training loss from ${formatLoss(u(points.find((p) => Number.isFinite(p.train))?.train ?? NaN))} to ${formatLoss(u(last.train))}, validation loss now ${formatLoss(u(last.val))}${best ? `, lowest ${formatLoss(u(best.val))} at step ${best.step}` : ''}${overfit ? ` and risen by ${formatLoss(u(overfit.rise))} since: over-fitting` : ''}; the uniform guess ${logV(units)} = ${formatLoss(u(lnV))}.`
    : `No steps yet; the uniform guess ${logV(units)} = ${formatLoss(u(lnV))} ${unitName} is marked.`;
  return (
    <div className="training-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{label}</title>
        <g aria-hidden="true" className="training-axis">
          {yTicks.map((t) => (
            <g key={t}>
              <line className="training-grid" x1={m.left} x2={W - m.right} y1={y(t)} y2={y(t)} />
              <text x={m.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {pplTicks.map((k) => (
            <text key={k} x={W - m.right + 6} y={y(u(Math.log(k)))} dy="0.32em">
              {k >= 1000 ? `${k / 1000}k` : k}
            </text>
          ))}
          <line x1={m.left} x2={W - m.right} y1={H - m.bottom} y2={H - m.bottom} />
          {x.ticks(small ? 3 : 6).map((t) => (
            <text key={t} x={x(t)} y={H - m.bottom + 16} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={(m.left + W - m.right) / 2} y={H - 4} textAnchor="middle" className="training-axis-title">
            step
          </text>
          <text x={4} y={10} className="training-axis-title">
            loss ({unitName})
          </text>
          <text x={W - 4} y={10} textAnchor="end" className="training-axis-title">
            perplexity
          </text>
          <line className="training-baseline" x1={m.left} x2={W - m.right} y1={y(u(lnV))} y2={y(u(lnV))} />
          <text className="training-baseline-label" x={W - m.right - 4} y={y(u(lnV)) - 5} textAnchor="end">
            uniform guess: {logV(units)} = {formatLoss(u(lnV))}
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
        <span className="training-key-train">● training (solid)</span>
        <span className="training-key-val">■ validation (dashed)</span>
        <span className="training-key-base">– – uniform guess</span>
      </p>
      <ChartExport chart={ref} name="loss curve" file="training-loss" caption={label} />
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
  const [info, setInfo] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

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
      throw new Error('The text has fewer than three tokens; type a sentence or two to train on.');
    const data = splitPositions(ids, valFraction);
    const shape = { vocab: GPT2_VOCAB, dim };
    const t: Trainer = gpuDevice
      ? new GpuTrainer(gpuDevice, shape, data, { lr })
      : new WorkerTrainer(shape, data, { lr });
    await t.init(SEED);
    const rows = planRows(data.train.inputs, data.train.targets, GPT2_VOCAB).rowTokens.length;
    setInfo(
      `${formatCount(ids.length)} tokens${ids.length === MAX_TRAIN_TOKENS ? ' (the first 1,024)' : ''}: ${formatCount(data.train.inputs.length)} positions to train on (${formatCount(rows)} different input tokens), ${formatCount(data.val.inputs.length)} held out. ${formatCount(2 * GPT2_VOCAB * dim + GPT2_VOCAB)} weights.`,
    );
    const entry = { t, ids, key };
    trainer.current = entry;
    const { valLoss } = await t.evaluate();
    setPoints([{ step: 0, train: NaN, val: valLoss }]);
    return entry;
  }, [key, text, valFraction, dim, gpuDevice, lr]);

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
        label: `the model you trained (${formatCount(steps)} ${steps === 1 ? 'step' : 'steps'})`,
        isExample: false,
        kind: 'trained',
        batch: makeBatch(logits, [1, n, GPT2_VOCAB], entry.ids.slice(1, n + 1)),
        inputs: Int32Array.from(inputs),
      };
      dispatch({ type: 'source', source });
      setSent(`The stages now show ${source.label}: its logits for the first ${n} positions of the text.`);
    }).then(() => setStatus({ kind: 'idle' }), fail);
  };

  const last = points.at(-1);
  const isRunning = status.kind === 'running';
  const busy = status.kind === 'working';
  const lnV = uniformLoss(GPT2_VOCAB);
  const u = (nats: number) => inUnit(nats, units);
  const unitName = units === 'bits' ? 'bits' : 'nats';

  return (
    <section className="training" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Train a model yourself</h3>
      <p>
        A tiny <strong>bigram</strong> language model with GPT-2’s whole vocabulary: it sees only the current
        token, never the ones before it. Each token becomes a list of d numbers (an embedding), multiplied by
        a d × {formatCount(GPT2_VOCAB)} matrix to score every word for the next token. It is trained here with
        the cross-entropy loss and Adam, {onGpu ? 'on your GPU (WebGPU)' : 'on the CPU'}: each step, the
        gradient of the loss moves its weights. It starts near the uniform guess, {logV(units)} ={' '}
        {formatLoss(u(lnV))} {unitName}, perplexity {formatChoices(GPT2_VOCAB)}.
      </p>
      {!onGpu && (
        <p className="training-slow" role="note">
          WebGPU is not in use, so the CPU trains, in a background thread so the page stays responsive: about
          a second or more per step, so the width starts at d = 8.
        </p>
      )}
      <div className="training-controls">
        <label className="training-text">
          Text to learn from
          <textarea
            value={text}
            rows={5}
            onChange={(e) => setText(e.currentTarget.value)}
            disabled={isRunning}
          />
        </label>
        <div className="training-settings">
          <label>
            Held out for validation
            <select
              value={valFraction}
              onChange={(e) => setValFraction(Number(e.currentTarget.value))}
              disabled={isRunning}
            >
              {VAL_FRACTIONS.map((f) => (
                <option key={f} value={f}>
                  last {Math.round(f * 100)}%
                </option>
              ))}
            </select>
          </label>
          <label>
            Learning rate
            <select value={lr} onChange={(e) => setLr(Number(e.currentTarget.value))}>
              {LEARNING_RATES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Embedding width d
            <select
              value={dim}
              onChange={(e) => setWidth(Number(e.currentTarget.value))}
              disabled={isRunning}
            >
              {WIDTHS.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="training-buttons" role="group" aria-label="Training">
          <button type="button" onClick={() => void train()} aria-pressed={isRunning} disabled={busy}>
            {isRunning ? 'Pause' : 'Train'}
          </button>
          <button type="button" onClick={step} disabled={isRunning || busy}>
            Step
          </button>
          <button type="button" onClick={reset} disabled={busy}>
            Reset
          </button>
          <button type="button" onClick={predict} disabled={isRunning || busy}>
            What the model predicts now
          </button>
        </div>
      </div>
      <p className="training-readout" role="status" aria-live="polite">
        {status.kind === 'error' ? (
          <span className="training-error">{status.message}</span>
        ) : last ? (
          <>
            {last.step === 0 ? (
              <>
                Before training (step <span data-testid="train-step">0</span>): validation loss{' '}
              </>
            ) : (
              <>
                Step <span data-testid="train-step">{formatCount(last.step)}</span>: training loss{' '}
                <span data-testid="train-loss">{formatLoss(u(last.train))}</span> {unitName}, validation
                loss{' '}
              </>
            )}
            <span data-testid="val-loss">{formatLoss(u(last.val))}</span> {unitName} (perplexity{' '}
            {formatChoices(Math.exp(last.val))})
            {rate !== null && (
              <>
                {' '}
                · <span data-testid="steps-per-second">
                  {rate < 10 ? rate.toFixed(2) : rate.toFixed(1)}
                </span>{' '}
                steps/s
              </>
            )}
            {busy && ' · working…'}
          </>
        ) : busy ? (
          'Preparing the model…'
        ) : (
          'Not trained yet: press Train or Step.'
        )}
      </p>
      {info && <p className="training-info">{info}</p>}
      {sent && <p className="training-info">{sent} The loss beside the stages is now this model’s.</p>}
      <LossChart points={points} vocab={GPT2_VOCAB} units={units} />
      {points.length > 1 && (
        <details className="training-numbers">
          <summary>The curve as numbers (last 20 steps)</summary>
          <table className="tokens">
            <thead>
              <tr>
                <th scope="col">step</th>
                <th scope="col" className="num">
                  training loss ({unitName})
                </th>
                <th scope="col" className="num">
                  validation loss ({unitName})
                </th>
                <th scope="col" className="num">
                  validation perplexity
                </th>
              </tr>
            </thead>
            <tbody>
              {points.slice(-20).map((p) => (
                <tr key={p.step}>
                  <td>{p.step}</td>
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
        The training loss keeps falling; on a short text the validation loss soon stops falling and rises
        again: the model has learned the training part by heart (over-fitting).
      </p>
    </section>
  );
}
