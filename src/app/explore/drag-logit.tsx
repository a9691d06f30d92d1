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
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import {
  crossEntropyCpu,
  gradientStep,
  inUnit,
  type FloatArray,
  type LogitsBatch,
  type TokenLoss,
} from '../../math';
import type { RowDetail } from '../compute/row-detail';
import type { ComputeSession } from '../compute/session';
import type { Backend } from '../state';
import { intlNumber } from '../i18n/numbers';
import { formatLogit, rowOfShown, tokenLabel, tokenSpoken } from '../stages/logits-row';
import type { StageProps } from '../stages/stage';
import { formatCount, formatLoss, formatNumber, formatPerplexity, formatProb } from '../view/format';
import { Num } from '../view/Num';
import { DragChart, type DragItem } from './drag-chart';
import { computedOnText, computeOn, useLatest, type ComputedOn } from './drag-latest';
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

/** A text's or a position's number as the page has always written it: no thousands separator. */
const ordinal = (n: number) => intlNumber(n, { useGrouping: false });

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** The unit's name after a loss, in the page's language. */
function unitName(intl: IntlShape, units: string): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'drag.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of a loss (logarithm base 2), written after the number.',
      })
    : intl.formatMessage({
        id: 'drag.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of a loss (natural logarithm), written after the number.',
      });
}

/** The panel's kicker and title, the same in every state. */
function Heading({ id }: { id: string }) {
  return (
    <>
      <p className="xs-kicker">
        <FormattedMessage
          id="drag.kicker"
          defaultMessage="Explore"
          description="Small label above the panel’s title: the panel is an optional exploration."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage id="drag.title" defaultMessage="Drag a logit" description="The panel’s title." />
      </h3>
    </>
  );
}

/**
 * The edited row scored alone: on WebGPU made on the device from the batch's logits already
 * there (session.scoreEditedRow); on the CPU, or if the GPU fails, by the math module.
 */
function scoreEdit(
  session: ComputeSession,
  backend: Backend,
  batch: LogitsBatch,
  row: number,
  base: FloatArray,
  z: Float64Array,
  target: number,
) {
  return computeOn(
    session,
    backend,
    () => session.scoreEditedRow(batch, row, base, z, target),
    () => crossEntropyCpu(rowBatch(z, target)),
  );
}

export function DragLogit({ shown, state, decode, row, session, backend }: StageProps) {
  const id = useId();
  const intl = useIntl();
  const detail: RowDetail | null = rowOfShown(row, shown);
  const token = detail ? shown.result.tokens[detail.row] : undefined;
  const target = token && !token.ignored ? token : null;
  const [edit, setEdit] = useState<Edit | null>(null);
  const [lrIndex, setLrIndex] = useState(0);
  const [step, setStep] = useState<StepRecord | null>(null);
  const units = state.units;
  const unit = unitName(intl, units);
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
      ? {
          key: `${backend}:${detail.row}:${current.version}`,
          z: current.z,
          target: target.target,
        }
      : null;
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
  // The row the edits were made on (sameRow: the same array as the row on screen).
  const editBase = base;
  const editRow = detail?.row;
  const compute = async (r: { key: string; z: Float64Array; target: number }): Promise<Scored> => {
    if (!session || !backend || editRow === undefined || !editBase)
      throw new Error(
        intl.formatMessage({ id: 'drag.error.notready', defaultMessage: 'The back ends are not ready yet.' }),
      );
    const { result, on } = await scoreEdit(
      session,
      backend,
      shown.source.batch,
      editRow,
      editBase,
      r.z,
      r.target,
    );
    return { key: r.key, z: r.z, token: result.tokens[0]!, on };
  };
  const latest = useLatest(onCpu ? null : request, compute);
  const answer = onCpu ? cpu.answer : latest.answer;
  const error = onCpu ? cpu.error : latest.error;

  if (!detail || !z || !base) {
    return (
      <section className="xs-panel" aria-labelledby={`${id}-title`}>
        <Heading id={id} />
        <p className="xs-note">
          <FormattedMessage id="drag.computing" defaultMessage="Computing this row…" />
        </p>
      </section>
    );
  }
  if (!target || !token) {
    return (
      <section className="xs-panel" aria-labelledby={`${id}-title`}>
        <Heading id={id} />
        <p className="xs-note">
          <FormattedMessage
            id="drag.padding"
            defaultMessage="This position is padding: it has no target and no loss to change. Pick another."
          />
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
    label: tid === target.target ? 'y' : formatCount(i + 1),
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
  const itemText = (d: DragItem) => {
    const values = {
      rank: d.label,
      token: tokenSpoken(d.id, decode),
      logit: formatLogit(d.value),
      model: formatLogit(d.base),
      gradient: formatNumber(d.grad),
    };
    const edited = d.value !== d.base;
    if (d.isTarget)
      return edited
        ? intl.formatMessage(
            {
              id: 'drag.chart.item.target.edited',
              defaultMessage: 'target {token}: logit {logit} (model {model}), gradient {gradient}',
              description:
                'One column of the chart, read aloud: the target token, its edited and its model logit.',
            },
            values,
          )
        : intl.formatMessage(
            {
              id: 'drag.chart.item.target',
              defaultMessage: 'target {token}: logit {logit}, gradient {gradient}',
              description: 'One column of the chart, read aloud: the target token.',
            },
            values,
          );
    return edited
      ? intl.formatMessage(
          {
            id: 'drag.chart.item.rank.edited',
            defaultMessage: 'rank {rank} {token}: logit {logit} (model {model}), gradient {gradient}',
            description: 'One column of the chart, read aloud: a top token, its edited and its model logit.',
          },
          values,
        )
      : intl.formatMessage(
          {
            id: 'drag.chart.item.rank',
            defaultMessage: 'rank {rank} {token}: logit {logit}, gradient {gradient}',
            description: 'One column of the chart, read aloud: a top token.',
          },
          values,
        );
  };
  const description = intl.formatMessage(
    {
      id: 'drag.chart.description',
      defaultMessage:
        'Logits of the top {k} tokens and the target {target}, with handles to drag, and below them the gradient of the loss, p minus one-hot: {items}.',
      description:
        'The chart’s text alternative and its exported caption; {items} is the list of columns, separated by semicolons.',
    },
    { k: formatCount(detail.top.length), target: targetName, items: items.map(itemText).join('; ') },
  );

  return (
    <section className="xs-panel" aria-labelledby={`${id}-title`} data-testid="drag-panel">
      <Heading id={id} />
      <p>
        <FormattedMessage
          id="drag.intro"
          defaultMessage="Drag a handle up or down, or use the sliders in the table: raise the target’s logit and its probability grows, raise another token’s and the target loses probability to it. Only this row (text {text}, position {position}) changes; the other {others} tokens keep their loss."
          values={{
            text: ordinal(detail.b + 1),
            position: ordinal(detail.t + 1),
            others: formatCount(N - 1),
          }}
        />
      </p>

      <div className="table-wrap">
        <table className="tokens xs-readout" aria-busy={!fresh}>
          <caption className="visually-hidden">
            <FormattedMessage
              id="drag.readout.caption"
              defaultMessage="The target’s numbers for the model and with your edit"
            />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="drag.readout.measure"
                  defaultMessage="measure"
                  description="Column header: the name of each quantity (p, rank, loss…)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="drag.readout.model"
                  defaultMessage="model"
                  description="Column header: the value the model gave, before the reader’s edit."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="drag.readout.edited"
                  defaultMessage="with your edit"
                  description="Column header: the value with the logit the reader dragged."
                />
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <FormattedMessage
                  id="drag.readout.p"
                  defaultMessage="p(target)"
                  description="Row header: the probability of the target token."
                />
              </th>
              <td className="num">{formatProb(token.prob)}</td>
              <td className="num">
                <Num value={now.prob} text={formatProb(now.prob)} testId="drag-p" />
              </td>
            </tr>
            <tr>
              <th scope="row">
                <FormattedMessage
                  id="drag.readout.rank"
                  defaultMessage="rank of {vocabulary}"
                  description="Row header: the target’s rank among all {vocabulary} tokens of the vocabulary."
                  values={{ vocabulary: formatCount(shown.result.shape[2]) }}
                />
              </th>
              <td className="num">{formatCount(token.rank)}</td>
              <td className="num" data-testid="drag-rank">
                {formatCount(now.rank)}
              </td>
            </tr>
            <tr>
              <th scope="row">
                <FormattedMessage
                  id="drag.readout.neglog"
                  defaultMessage="−log p ({unit})"
                  description="Row header: the target’s loss; {unit} is bits or nats."
                  values={{ unit }}
                />
              </th>
              <td className="num">{L(token.loss)}</td>
              <td className="num">
                <Num value={inUnit(now.loss, units)} text={L(now.loss)} testId="drag-row-loss" />
              </td>
            </tr>
            <tr>
              <th scope="row">
                <FormattedMessage
                  id="drag.readout.loss"
                  defaultMessage="loss, mean of {count}"
                  description="Row header: the batch’s loss, the mean over {count} tokens."
                  values={{ count: formatCount(N) }}
                />
              </th>
              <td className="num">{L(model.loss)}</td>
              <td className="num">
                <Num value={inUnit(edited.loss, units)} text={L(edited.loss)} testId="drag-loss" />
              </td>
            </tr>
            <tr>
              <th scope="row">
                <FormattedMessage
                  id="drag.readout.perplexity"
                  defaultMessage="perplexity"
                  description="Row header: the batch’s perplexity."
                />
              </th>
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
          {target.rank <= detail.top.length ? (
            <FormattedMessage
              id="drag.legend.ranked"
              defaultMessage="Columns 1–{k}: the most likely tokens; <strong>y</strong> and the square handle: the target (rank {rank}, also in the top {k}). The thin line marks the model’s logit. Below: the gradient, on a scale from −1 to 1."
              description="The chart’s legend; y is the target’s label under its column."
              values={{ strong, k: formatCount(detail.top.length), rank: formatCount(target.rank) }}
            />
          ) : (
            <FormattedMessage
              id="drag.legend"
              defaultMessage="Columns 1–{k}: the most likely tokens; <strong>y</strong> and the square handle: the target. The thin line marks the model’s logit. Below: the gradient, on a scale from −1 to 1."
              description="The chart’s legend; y is the target’s label under its column."
              values={{ strong, k: formatCount(detail.top.length) }}
            />
          )}
        </figcaption>
      </figure>

      <div className="table-wrap">
        <table className="tokens xs-handles" data-testid="drag-table">
          <caption>
            <FormattedMessage
              id="drag.handles.caption"
              defaultMessage="Each token’s logit, probability and gradient"
            />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="drag.handles.token"
                  defaultMessage="Token"
                  description="Column header."
                />
              </th>
              <th scope="col">
                <FormattedMessage
                  id="drag.handles.logit"
                  defaultMessage="Logit z"
                  description="Column header: the token’s logit, whose symbol is z, with a slider."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="drag.handles.p"
                  defaultMessage="p"
                  description="Column header: the symbol of the probability. Usually kept as it is."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="drag.handles.gradient"
                  defaultMessage="∂ℓ/∂z"
                  description="Column header: the gradient of the loss ℓ with respect to the logit z. Usually kept as it is."
                />
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
                    {d.isTarget ? (
                      <strong>
                        {' '}
                        <FormattedMessage
                          id="drag.handles.target"
                          defaultMessage="target"
                          description="After a token in the table: this token is the target."
                        />
                      </strong>
                    ) : null}
                  </td>
                  <td className="xs-slider-cell">
                    <input
                      type="range"
                      min={d.min}
                      max={d.max}
                      step={0.05}
                      value={d.value}
                      aria-label={
                        d.isTarget
                          ? intl.formatMessage(
                              {
                                id: 'drag.slider.label.target',
                                defaultMessage: 'logit of the target {token}',
                                description: 'Name of a slider; {token} is the token’s text in quotes.',
                              },
                              { token: name },
                            )
                          : intl.formatMessage(
                              {
                                id: 'drag.slider.label',
                                defaultMessage: 'logit of {token}',
                                description: 'Name of a slider; {token} is the token’s text in quotes.',
                              },
                              { token: name },
                            )
                      }
                      aria-valuetext={
                        d.value !== d.base
                          ? intl.formatMessage(
                              {
                                id: 'drag.slider.valuetext.edited',
                                defaultMessage: 'z = {logit}, model {model}',
                                description:
                                  'Spoken value of a logit’s slider (z), and the model’s own logit.',
                              },
                              { logit: formatLogit(d.value), model: formatLogit(d.base) },
                            )
                          : intl.formatMessage(
                              {
                                id: 'drag.slider.valuetext',
                                defaultMessage: 'z = {logit}',
                                description: 'Spoken value of a logit’s slider; z is the logit’s symbol.',
                              },
                              { logit: formatLogit(d.value) },
                            )
                      }
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
        <FormattedMessage
          id="drag.gradient.note"
          defaultMessage="The gradient of this token’s loss ℓ = −log p<sub>y</sub> with respect to each logit is ∂ℓ/∂z<sub>j</sub> = p<sub>j</sub> − [j = y]: softmax minus one-hot. It is negative only for the target (raising it lowers the loss) and the V components sum to 0. For the batch’s mean loss L each is divided by N = {count}."
          description="V: the vocabulary’s size; N: the number of scored tokens; one-hot: the vector with 1 at the target and 0 elsewhere."
          values={{ sub, count: formatCount(N) }}
        />
      </p>

      <div className="xs-step">
        <div className="xs-control">
          <label htmlFor={`${id}-lr`}>
            <FormattedMessage
              id="drag.lr.label"
              defaultMessage="Learning rate η = <output>{lr}</output>"
              description="Label of the learning-rate slider; η is its symbol, {lr} its value."
              values={{
                output: (chunks: ReactNode[]) => <output htmlFor={`${id}-lr`}>{chunks}</output>,
                lr: formatNumber(lr),
              }}
            />
          </label>
          <input
            id={`${id}-lr`}
            type="range"
            min={LR_MIN_I}
            max={LR_MAX_I}
            step={1}
            value={lrIndex}
            aria-valuetext={intl.formatMessage(
              {
                id: 'drag.lr.valuetext',
                defaultMessage: 'η = {lr}',
                description: 'Spoken value of the learning-rate slider; η is its symbol.',
              },
              { lr: formatNumber(lr) },
            )}
            onChange={(event) => setLrIndex(Number(event.currentTarget.value))}
          />
        </div>
        <div className="xs-buttons">
          <button type="button" className="xs-button" onClick={takeStep} data-testid="drag-step">
            <FormattedMessage id="drag.step" defaultMessage="Take one gradient step" />
          </button>
          <button
            type="button"
            className="xs-button"
            onClick={reset}
            disabled={!current}
            data-testid="drag-reset"
          >
            <FormattedMessage
              id="drag.reset"
              defaultMessage="Reset"
              description="Button: puts back the model’s logits, undoing the reader’s edits."
            />
          </button>
        </div>
      </div>
      <p className="xs-note">
        <FormattedMessage
          id="drag.step.note"
          defaultMessage="A step here moves all {count} logits of the row against the gradient, z ← z − η·(p − one-hot): the target’s up by η(1 − p<sub>y</sub>), every other one down by η·p<sub>j</sub>. Training does not move logits directly: it moves the model’s weights, and this gradient p − one-hot is what flows back from each position into them (by the chain rule), so the logits change only through the weights."
          description="η: the learning rate; one-hot: the vector with 1 at the target and 0 elsewhere."
          values={{ sub, count: formatCount(shown.result.shape[2]) }}
        />
      </p>
      <p className="xs-step-result" role="status" data-testid="drag-step-result">
        {stepValid && step ? (
          stepAfter ? (
            <FormattedMessage
              id="drag.step.result"
              defaultMessage="One step with η = {lr}: −log p {before} → {after} {unit}; the loss with your edit {lossBefore} → {lossAfter} {unit}."
              description="What one gradient step did; {unit} is bits or nats."
              values={{
                lr: formatNumber(step.lr),
                before: L(step.rowLoss),
                after: L(stepAfter.token.loss),
                lossBefore: L(step.batchLoss),
                lossAfter: L(editedBatchLoss(shown.result.tokens, detail.row, stepAfter.token.loss).loss),
                unit,
              }}
            />
          ) : (
            <FormattedMessage id="drag.step.taking" defaultMessage="Taking the step…" />
          )
        ) : (
          ''
        )}
      </p>
      {error ? (
        <p className="xs-error" role="alert">
          <FormattedMessage
            id="drag.error"
            defaultMessage="The edited row could not be scored: {error}"
            description="{error} is the reason, a sentence."
            values={{ error }}
          />
        </p>
      ) : null}
      <p className="xs-note">
        {current && scored
          ? computedOnText(scored.on)
          : shown.result.backend === 'webgpu'
            ? intl.formatMessage({
                id: 'drag.unedited.webgpu',
                defaultMessage: 'Unedited: the model’s numbers, computed on WebGPU.',
              })
            : intl.formatMessage({
                id: 'drag.unedited.cpu',
                defaultMessage: 'Unedited: the model’s numbers, computed on the CPU.',
              })}
      </p>
    </section>
  );
}
