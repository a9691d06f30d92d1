/**
 * Drag a logit, under the softmax stage: the reader moves the focused row's target logit, or any
 * top-k token's, and sees p, the rank, −log p, the loss and the perplexity follow; the gradient
 * ∂ℓ/∂z_j = p_j − [j = y] (ℓ = −log p_y, this token's loss) over those tokens; and one step of gradient descent on all V logits.
 *
 * What is scored: the edited row alone, as a (1, 1, V) batch (drag-model.rowBatch), by the engine
 * on WebGPU or by the math module (crossEntropyCpu) on the CPU back end. Rows are independent, so
 * the batch's loss with the edit is the mean of this row's new −log p and every other row's
 * unchanged one (shown.result); scoring the row alone uploads V floats per move instead of
 * B·T·V, which keeps a drag live on a large file. The main loss beside the stages stays the
 * model's: nothing here is dispatched.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { crossEntropyCpu, gradientStep, inUnit, type FloatArray, type TokenLoss } from '../../math';
import type { RowDetail } from '../compute/row-detail';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken } from '../stages/logits-row';
import type { StageProps } from '../stages/stage';
import { formatCount, formatLoss, formatNumber, formatPerplexity, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { DragChart, type DragItem } from './drag-chart';
import { computedOnText, scoreOn, useLatest, type ComputedOn } from './drag-latest';
import { dragRange, editedBatchLoss, handleIds, probsAt, rowBatch, withLogit } from './drag-model';
import './explore-softmax.css';

/** The learning-rate slider: η = 10^(i / 10) for i in [−10, 13], 0.1 to about 20, default 1. */
const LR_MIN_I = -10;
const LR_MAX_I = 13;
const lrOf = (i: number) => Number((10 ** (i / 10)).toPrecision(2));

/** The row's logits as edited, valid while the same row of the same logits is in focus. */
interface Edit {
  base: FloatArray;
  z: Float64Array;
  /** Increases with every change, so each edit is a new request. */
  version: number;
}

/** One scoring of the (edited) row. */
interface Scored {
  key: string;
  /** The logits that were scored, so p_j = exp(z_j − log-sum-exp) pairs them with their own normaliser. */
  z: Float64Array;
  token: TokenLoss;
  on: ComputedOn;
}

interface StepRecord {
  /** The request key whose answer is the "after". */
  key: string;
  lr: number;
  rowLoss: number;
  batchLoss: number;
  batchPerplexity: number;
}

const sameRow = (a: FloatArray, b: FloatArray) =>
  a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;

export function DragLogit({ shown, state, decode, row, session, backend }: StageProps) {
  const id = useId();
  const detail: RowDetail | null = rowOfShown(row, shown);
  const token = detail ? shown.result.tokens[detail.row] : undefined;
  const target = token && !token.ignored ? token : null;
  const [edit, setEdit] = useState<Edit | null>(null);
  const [lrIndex, setLrIndex] = useState(0);
  const [step, setStep] = useState<StepRecord | null>(null);
  const units = state.units;
  const unit = units === 'bits' ? 'bits' : 'nats';
  const lr = lrOf(lrIndex);

  const base = detail?.logits ?? null;
  const current = edit && base && sameRow(edit.base, base) ? edit : null;
  const z: FloatArray | null = current?.z ?? base;
  const ids = detail ? handleIds(detail.top, target?.target ?? null) : [];
  // Every edit gets a new version, never reused (not even after a reset), so an answer's key
  // names exactly the logits it scored.
  const versions = useRef(0);

  const request =
    current && detail && target
      ? { key: `${backend}:${detail.row}:${current.version}`, z: current.z, target: target.target }
      : null;
  const compute = async (r: { key: string; z: Float64Array; target: number }): Promise<Scored> => {
    if (!session || !backend) throw new Error('The back ends are not ready yet.');
    const { result, on } = await scoreOn(session, backend, rowBatch(r.z, r.target), crossEntropyCpu);
    return { key: r.key, z: r.z, token: result.tokens[0]!, on };
  };
  // On the CPU back end the edited row (V values) is scored by the math module in this render,
  // so the frame that moves the handle already shows its numbers: an answer that came back
  // later, from a worker or a promise, could only be drawn one frame after it. WebGPU answers
  // asynchronously (useLatest: the newest edit only, one at a time).
  const onCpu = backend === 'cpu';
  const cpuKey = onCpu ? (request?.key ?? null) : null;
  const cpuZ = request?.z ?? null;
  const cpuTarget = request?.target ?? null;
  const cpu = useMemo((): { answer: Scored | null; error: string | null } => {
    if (cpuKey === null || cpuZ === null || cpuTarget === null) return { answer: null, error: null };
    try {
      const token = crossEntropyCpu(rowBatch(cpuZ, cpuTarget)).tokens[0]!;
      return { answer: { key: cpuKey, z: cpuZ, token, on: { kind: 'cpu', why: null } }, error: null };
    } catch (e) {
      return { answer: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [cpuKey, cpuZ, cpuTarget]);
  const latest = useLatest(onCpu ? null : request, compute);
  const answer = onCpu ? cpu.answer : latest.answer;
  const error = onCpu ? cpu.error : latest.error;

  if (!detail || !z || !base) {
    return (
      <section className="xs-panel" aria-labelledby={`${id}-title`}>
        <p className="xs-kicker">Explore</p>
        <h3 id={`${id}-title`}>Drag a logit</h3>
        <p className="xs-note">Computing this row…</p>
      </section>
    );
  }
  if (!target || !token) {
    return (
      <section className="xs-panel" aria-labelledby={`${id}-title`}>
        <p className="xs-kicker">Explore</p>
        <h3 id={`${id}-title`}>Drag a logit</h3>
        <p className="xs-note">
          This position is padding: it has no target and no loss to change. Pick another.
        </p>
      </section>
    );
  }

  // The edited row's numbers: the latest answer for this row (it may lag the handles by one
  // computation), or the model's own from the result when nothing is edited.
  const scored = current && answer && answer.key.startsWith(`${backend}:${detail.row}:`) ? answer : null;
  const fresh = !current || (scored !== null && request !== null && scored.key === request.key);
  const now: TokenLoss = current ? (scored?.token ?? token) : token;
  const lse = now.logSumExp;
  const probs = probsAt(current && scored ? scored.z : base, ids, lse);
  const grads = probs.map((p, i) => p - (ids[i] === target.target ? 1 : 0));
  const model = editedBatchLoss(shown.result.tokens, detail.row, token.loss);
  const edited = editedBatchLoss(shown.result.tokens, detail.row, now.loss);
  const N = model.count;

  const items: DragItem[] = ids.map((tid, i) => ({
    id: tid,
    base: base[tid]!,
    value: z[tid]!,
    ...dragRange(base[tid]!, z[tid]!),
    grad: grads[i]!,
    isTarget: tid === target.target,
    label: tid === target.target ? 'y' : String(i + 1),
  }));

  const setLogit = (tid: number, value: number) => {
    if (!Number.isFinite(value)) return;
    const version = ++versions.current;
    setEdit((e) => {
      const from = e && sameRow(e.base, base) ? e.z : base;
      return { base, z: withLogit(from, tid, value), version };
    });
  };
  const takeStep = () => {
    const from = current?.z ?? base;
    const version = ++versions.current;
    setStep({
      key: `${backend}:${detail.row}:${version}`,
      lr,
      rowLoss: now.loss,
      batchLoss: edited.loss,
      batchPerplexity: edited.perplexity,
    });
    // All V logits move: z ← z − η·(p − one-hot), in float64 by the math module.
    setEdit({ base, z: gradientStep(from, target.target, lr), version });
  };
  const reset = () => {
    setEdit(null);
    setStep(null);
  };

  const stepAfter = step && scored && scored.key === step.key ? scored : null;
  const stepValid = step && current && step.key.startsWith(`${backend}:${detail.row}:`);
  const L = (nats: number) => formatLoss(inUnit(nats, units));
  const targetName = tokenSpoken(target.target, decode);
  const description =
    `Logits of the top ${detail.top.length} tokens and the target ${targetName}, with handles to drag, ` +
    `and below them the gradient of the loss, p minus one-hot: ` +
    items
      .map(
        (d) =>
          `${d.isTarget ? 'target' : `rank ${d.label}`} ${tokenSpoken(d.id, decode)}: logit ${formatLogit(d.value)}` +
          (d.value !== d.base ? ` (model ${formatLogit(d.base)})` : '') +
          `, gradient ${formatNumber(d.grad)}`,
      )
      .join('; ') +
    '.';

  return (
    <section className="xs-panel" aria-labelledby={`${id}-title`} data-testid="drag-panel">
      <p className="xs-kicker">Explore</p>
      <h3 id={`${id}-title`}>Drag a logit</h3>
      <p>
        Drag a handle up or down, or use the sliders in the table: raise the target’s logit and its
        probability grows, raise another token’s and the target loses probability to it. Only this row (text{' '}
        {detail.b + 1}, position {detail.t + 1}) changes; the other {formatCount(N - 1)} tokens keep their
        loss.
      </p>

      <div className="table-wrap">
        <table className="tokens xs-readout" aria-busy={!fresh}>
          <caption className="visually-hidden">The target’s numbers for the model and with your edit</caption>
          <thead>
            <tr>
              <th scope="col">measure</th>
              <th scope="col" className="num">
                model
              </th>
              <th scope="col" className="num">
                with your edit
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">p(target)</th>
              <td className="num">{formatProb(token.prob)}</td>
              <td className="num">
                <Num value={now.prob} text={formatProb(now.prob)} testId="drag-p" />
              </td>
            </tr>
            <tr>
              <th scope="row">rank of {formatCount(shown.result.shape[2])}</th>
              <td className="num">{formatCount(token.rank)}</td>
              <td className="num" data-testid="drag-rank">
                {formatCount(now.rank)}
              </td>
            </tr>
            <tr>
              <th scope="row">−log p ({unit})</th>
              <td className="num">{L(token.loss)}</td>
              <td className="num">
                <Num value={inUnit(now.loss, units)} text={L(now.loss)} testId="drag-row-loss" />
              </td>
            </tr>
            <tr>
              <th scope="row">loss, mean of {formatCount(N)}</th>
              <td className="num">{L(model.loss)}</td>
              <td className="num">
                <Num value={inUnit(edited.loss, units)} text={L(edited.loss)} testId="drag-loss" />
              </td>
            </tr>
            <tr>
              <th scope="row">perplexity</th>
              <td className="num">{formatPerplexity(model.perplexity)}</td>
              <td className="num">
                <Num
                  value={edited.perplexity}
                  text={formatPerplexity(edited.perplexity)}
                  testId="drag-perplexity"
                />
              </td>
            </tr>
          </tbody>
        </table>
      </div>

      <figure className="xs-figure">
        <DragChart items={items} onChange={setLogit} description={description} />
        <figcaption className="xs-legend">
          Columns 1–{detail.top.length}: the most likely tokens; <strong>y</strong> and the square handle: the
          target
          {target.rank <= detail.top.length
            ? ` (rank ${target.rank}, also in the top ${detail.top.length})`
            : ''}
          . The thin line marks the model’s logit. Below: the gradient, on a scale from −1 to 1.
        </figcaption>
      </figure>

      <div className="table-wrap">
        <table className="tokens xs-handles" data-testid="drag-table">
          <caption>Each token’s logit, probability and gradient</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Logit z</th>
              <th scope="col" className="num">
                p
              </th>
              <th scope="col" className="num">
                ∂ℓ/∂z
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d, i) => {
              const name = tokenSpoken(d.id, decode);
              return (
                <tr key={d.id} className={d.isTarget ? 'xs-is-target' : undefined}>
                  <td>
                    <span className="token">{tokenLabel(d.id, decode)}</span>
                    {d.isTarget ? <strong> target</strong> : null}
                  </td>
                  <td className="xs-slider-cell">
                    <input
                      type="range"
                      min={d.min}
                      max={d.max}
                      step={0.05}
                      value={d.value}
                      aria-label={`logit of ${d.isTarget ? 'the target ' : ''}${name}`}
                      aria-valuetext={`z = ${formatLogit(d.value)}${d.value !== d.base ? `, model ${formatLogit(d.base)}` : ''}`}
                      data-testid={d.isTarget ? 'drag-target-slider' : undefined}
                      onChange={(event) => setLogit(d.id, Number(event.currentTarget.value))}
                    />
                    <span className="xs-value">{formatLogit(d.value)}</span>
                  </td>
                  <td className="num">{formatProb(probs[i]!)}</td>
                  <td className="num">
                    <Num value={grads[i]!} text={formatNumber(grads[i]!)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="xs-note">
        The gradient of this token’s loss ℓ = −log p<sub>y</sub> with respect to each logit is ∂ℓ/∂z
        <sub>j</sub> = p<sub>j</sub> − [j = y]: softmax minus one-hot. It is negative only for the target
        (raising it lowers the loss) and the V components sum to 0. For the batch’s mean loss L each is
        divided by N = {formatCount(N)}.
      </p>

      <div className="xs-step">
        <div className="xs-control">
          <label htmlFor={`${id}-lr`}>
            Learning rate η = <output htmlFor={`${id}-lr`}>{formatNumber(lr)}</output>
          </label>
          <input
            id={`${id}-lr`}
            type="range"
            min={LR_MIN_I}
            max={LR_MAX_I}
            step={1}
            value={lrIndex}
            aria-valuetext={`η = ${formatNumber(lr)}`}
            onChange={(event) => setLrIndex(Number(event.currentTarget.value))}
          />
        </div>
        <div className="xs-buttons">
          <button type="button" className="xs-button" onClick={takeStep} data-testid="drag-step">
            Take one gradient step
          </button>
          <button
            type="button"
            className="xs-button"
            onClick={reset}
            disabled={!current}
            data-testid="drag-reset"
          >
            Reset
          </button>
        </div>
      </div>
      <p className="xs-note">
        A step here moves all {formatCount(shown.result.shape[2])} logits of the row against the gradient, z ←
        z − η·(p − one-hot): the target’s up by η(1 − p<sub>y</sub>), every other one down by η·p<sub>j</sub>.
        Training does not move logits directly: it moves the model’s weights, and this gradient p − one-hot is
        what flows back from each position into them (by the chain rule), so the logits change only through
        the weights.
      </p>
      <p className="xs-step-result" role="status" data-testid="drag-step-result">
        {stepValid && step
          ? stepAfter
            ? `One step with η = ${formatNumber(step.lr)}: −log p ${L(step.rowLoss)} → ${L(stepAfter.token.loss)} ${unit}; ` +
              `the loss with your edit ${L(step.batchLoss)} → ${L(editedBatchLoss(shown.result.tokens, detail.row, stepAfter.token.loss).loss)} ${unit}.`
            : 'Taking the step…'
          : ''}
      </p>
      {error ? (
        <p className="xs-error" role="alert">
          The edited row could not be scored: {error}
        </p>
      ) : null}
      <p className="xs-note">
        {current && scored
          ? computedOnText(scored.on)
          : `Unedited: the model’s numbers, computed on ${shown.result.backend === 'webgpu' ? 'WebGPU' : 'the CPU'}.`}
      </p>
    </section>
  );
}
