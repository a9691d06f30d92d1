/**
 * Temperature, under the softmax stage: every logit of the batch divided by T (0.1 to 5) before
 * the softmax, p(T) = softmax(z / T). The focused row's top tokens at T beside T = 1, and the
 * batch's loss and perplexity at T, scored by the engine on WebGPU (the whole scaled batch) or by
 * the CPU worker; then a table of the limits, T from 0.1 to 100, computed the same way.
 * T lives in the app state (it is part of a shared link); it never changes the main loss beside
 * the stages, which stays the model's (T = 1).
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { inUnit, uniformLoss, type LogitsBatch, type XentResult } from '../../math';
import { rowOfShown, tokenLabel, tokenSpoken } from '../stages/logits-row';
import type { StageProps } from '../stages/stage';
import { formatCount, formatLoss, formatNumber, formatPerplexity, formatProb } from '../view/format';
import { ChartExport } from '../view/ChartExport';
import { Num } from '../view/Num';
import { temperatureBarsSvg } from './temperature-bars-svg';
import { computedOnText, scoreOn, useLatest, type ComputedOn } from './drag-latest';
import { handleIds } from './drag-model';
import { formatT, ladderIndex, LIMIT_TEMPERATURES, T_LADDER } from './temperature-scale';
import './explore-softmax.css';

/**
 * Above this many logits (256 MiB as float32) the panel does not rescore the batch: each move of
 * the slider would copy and score the whole tensor again.
 */
export const TEMPERATURE_MAX_LOGITS = 2 ** 26;

/** A number per batch object, so a request's key changes when the logits do. */
const batchIds = new WeakMap<LogitsBatch, number>();
let lastBatchId = 0;
function batchId(batch: LogitsBatch): number {
  let n = batchIds.get(batch);
  if (n === undefined) {
    n = ++lastBatchId;
    batchIds.set(batch, n);
  }
  return n;
}

/** A perplexity for the limits table: as the page prints it, or 1.667e10 once it has 8 digits. */
function formatBig(x: number): string {
  return Number.isFinite(x) && x >= 1e7 ? x.toExponential(3).replace('e+', 'e') : formatPerplexity(x);
}

interface AtT {
  key: string;
  batch: LogitsBatch;
  T: number;
  result: XentResult;
  on: ComputedOn;
}

interface Limits {
  batch: LogitsBatch;
  rows: { T: number; loss: number; perplexity: number }[];
}

export function Temperature({ shown, state, dispatch, decode, row, session, backend }: StageProps) {
  const id = useId();
  const bars = useRef<HTMLDivElement>(null);
  const T = state.temperature;
  const batch = shown.source.batch;
  const [B, Tn, V] = shown.result.shape;
  const tooBig = B * Tn * V > TEMPERATURE_MAX_LOGITS;
  const units = state.units;
  const unit = units === 'bits' ? 'bits' : 'nats';
  const L = (nats: number) => formatLoss(inUnit(nats, units));

  // z / T is the math module's withTemperature, computed in the CPU worker, which keeps the batch:
  // a move sends T, not the tensor. On the CPU back end the worker scores it there; on WebGPU
  // it hands the scaled logits back for the engine.
  const scoreAt = useCallback(
    async (b: LogitsBatch, t: number): Promise<{ result: XentResult; on: ComputedOn }> => {
      if (!session || !backend) throw new Error('The back ends are not ready yet.');
      if (backend === 'cpu') {
        return { result: await session.scoreOnCpuAtTemperature(b, t), on: { kind: 'cpu', why: null } };
      }
      return scoreOn(session, backend, await session.atTemperature(b, t), (scaled) =>
        session.scoreOnCpu(scaled),
      );
    },
    [session, backend],
  );

  const request =
    tooBig || !session || !backend ? null : { key: `${backend}:${batchId(batch)}:${T}`, T, batch };
  const compute = async (r: { key: string; T: number; batch: LogitsBatch }): Promise<AtT> => {
    const { result, on } = await scoreAt(r.batch, r.T);
    return { key: r.key, batch: r.batch, T: r.T, result, on };
  };
  const { answer, error } = useLatest(request, compute);

  // The limits table: a few temperatures, one after the other, once per batch and back end.
  const [limits, setLimits] = useState<Limits | null>(null);
  useEffect(() => {
    if (tooBig || !session || !backend) return;
    let cancelled = false;
    void (async () => {
      const rows: Limits['rows'] = [];
      for (const t of LIMIT_TEMPERATURES) {
        try {
          const scored = await scoreAt(batch, t);
          if (cancelled) return;
          rows.push({ T: t, loss: scored.result.loss, perplexity: scored.result.perplexity });
          setLimits({ batch, rows: [...rows] });
        } catch {
          return;
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [batch, tooBig, session, backend, scoreAt]);

  const detail = rowOfShown(row, shown);
  const at = answer && answer.batch === batch ? answer : null;
  const fresh = at !== null && at.T === T;
  const target = detail ? shown.result.tokens[detail.row] : undefined;
  const hasTarget = target !== undefined && !target.ignored;
  const ids = detail ? handleIds(detail.top, hasTarget ? target.target : null) : [];
  const tokenAtT = detail && at ? at.result.tokens[detail.row] : undefined;
  const p1 = detail
    ? ids.map((j) => Math.exp(detail.logits[j]! - shown.result.tokens[detail.row]!.logSumExp))
    : [];
  // p_j(T) = exp(z_j / T − log-sum-exp(z / T)), with the normaliser the back end computed at T.
  const pT =
    detail && at && tokenAtT ? ids.map((j) => Math.exp(detail.logits[j]! / at.T - tokenAtT.logSumExp)) : [];
  const pMax = Math.max(1e-300, ...p1, ...pT);
  const argmaxTargets = shown.result.tokens.filter((t) => !t.ignored && t.rank === 1).length;
  const lnV = uniformLoss(V);
  const allArgmax = argmaxTargets === shown.result.count;
  const limitsHere = limits && limits.batch === batch ? limits : null;
  // Calibration, once every row of the table is in: the temperature of the lowest loss among them.
  // Below the loss at T = 1 elsewhere means the model's own probabilities (T = 1) are too sharp
  // (over-confident, best T > 1) or too flat (under-confident, best T < 1).
  const calibration = (() => {
    const rows = limitsHere?.rows ?? [];
    const at1 = rows.find((r) => r.T === 1);
    if (!at1 || rows.length < LIMIT_TEMPERATURES.length) return null;
    const best = rows.reduce((a, b) => (b.loss < a.loss ? b : a));
    if (best.T === 1)
      return `Of these temperatures, T = 1 gives the lowest loss, as it does for a well-calibrated model.`;
    const how =
      best.T > 1
        ? 'over-confident: its probabilities are too sharp'
        : 'under-confident: its probabilities are too flat';
    return `Here T = ${formatNumber(best.T)} gives a lower loss than T = 1 (${L(best.loss)} < ${L(at1.loss)} ${unit}): the model is ${how}, and a model whose probabilities were right would, on average, do best at T = 1.`;
  })();

  const slider = (
    <div className="xs-control xs-temp-control">
      <label htmlFor={`${id}-T`}>
        Temperature{' '}
        <output htmlFor={`${id}-T`} data-testid="temp-T">
          T = {formatT(T)}
        </output>
      </label>
      <div className="xs-inputs">
        <input
          id={`${id}-T`}
          type="range"
          min={0}
          max={T_LADDER.length - 1}
          step={1}
          value={ladderIndex(T)}
          aria-valuetext={`T = ${formatT(T)}`}
          data-testid="temp-slider"
          onChange={(event) => {
            const t = T_LADDER[Number(event.currentTarget.value)];
            if (t !== undefined) dispatch({ type: 'temperature', temperature: t });
          }}
        />
        <button
          type="button"
          className="xs-button xs-nowrap"
          onClick={() => dispatch({ type: 'temperature', temperature: 1 })}
          disabled={T === 1}
        >
          T = 1
        </button>
      </div>
    </div>
  );

  return (
    <section className="xs-panel" aria-labelledby={`${id}-title`} data-testid="temp-panel">
      <p className="xs-kicker">Explore</p>
      <h3 id={`${id}-title`}>Temperature</h3>
      <p>
        Divide every logit by a temperature T before the softmax: p = softmax(z / T). Below 1 the distribution
        sharpens toward the most likely token; above 1 it flattens toward all {formatCount(V)} alike. The
        order of the tokens, and so every rank, stays the same. T is a setting for sampling text from a model
        (the book’s section 5.3); training, and the loss everywhere else on this page, use T = 1.
      </p>
      {tooBig ? (
        <p className="xs-note">
          This batch holds {formatCount(B * Tn * V)} logits; the temperature panel rescores batches of up to{' '}
          {formatCount(TEMPERATURE_MAX_LOGITS)}.
        </p>
      ) : (
        <>
          {slider}
          <div className="table-wrap">
            <table className="tokens xs-readout" aria-busy={!fresh}>
              <caption className="xs-caption">
                The batch’s loss and perplexity, and the target’s p
                {detail ? ` at text ${detail.b + 1}, position ${detail.t + 1}` : ''}: the model (T = 1) and at
                T
              </caption>
              <thead>
                <tr>
                  <th scope="col">measure</th>
                  <th scope="col" className="num">
                    T = 1
                  </th>
                  <th scope="col" className="num">
                    T = {formatT(at?.T ?? T)}
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">loss ({unit})</th>
                  <td className="num">{L(shown.result.loss)}</td>
                  <td className="num">
                    {at ? (
                      <Num
                        value={inUnit(at.result.loss, units)}
                        text={L(at.result.loss)}
                        testId="temp-loss"
                      />
                    ) : (
                      '…'
                    )}
                  </td>
                </tr>
                <tr>
                  <th scope="row">perplexity</th>
                  <td className="num">{formatPerplexity(shown.result.perplexity)}</td>
                  <td className="num">
                    {at ? (
                      <Num
                        value={at.result.perplexity}
                        text={formatPerplexity(at.result.perplexity)}
                        testId="temp-perplexity"
                      />
                    ) : (
                      '…'
                    )}
                  </td>
                </tr>
                {detail && hasTarget && tokenAtT ? (
                  <tr>
                    <th scope="row">p(target)</th>
                    <td className="num">{formatProb(target.prob)}</td>
                    <td className="num">
                      <Num value={tokenAtT.prob} text={formatProb(tokenAtT.prob)} testId="temp-target-p" />
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>

          {detail && at && tokenAtT ? (
            <div className="table-wrap" ref={bars}>
              <table className="tokens xs-temp-bars" aria-busy={!fresh}>
                <caption>
                  The top {detail.top.length}
                  {hasTarget && !detail.top.some((t) => t.id === target.target) ? ' and the target' : ''} at
                  text {detail.b + 1}, position {detail.t + 1}: probability at T = 1 and at T ={' '}
                  {formatT(at.T)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Token</th>
                    <th scope="col">T = 1</th>
                    <th scope="col">T = {formatT(at.T)}</th>
                  </tr>
                </thead>
                <tbody>
                  {ids.map((j, i) => (
                    <tr key={j} className={hasTarget && j === target.target ? 'xs-is-target' : undefined}>
                      <td>
                        <span className="token" aria-hidden="true">
                          {tokenLabel(j, decode)}
                        </span>
                        <span className="visually-hidden">{tokenSpoken(j, decode)}</span>
                        {hasTarget && j === target.target ? <strong> target</strong> : null}
                      </td>
                      <td className="xs-bar-cell">
                        <span
                          className="xs-bar xs-bar-one"
                          style={{ width: `${(100 * p1[i]!) / pMax}%` }}
                          aria-hidden="true"
                        />
                        <span className="xs-bar-text">{formatProb(p1[i]!)}</span>
                      </td>
                      <td className="xs-bar-cell">
                        <span
                          className="xs-bar xs-bar-t"
                          style={{ width: `${(100 * pT[i]!) / pMax}%` }}
                          aria-hidden="true"
                        />
                        <span className="xs-bar-text">{formatProb(pT[i]!)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ChartExport
                chart={bars}
                name="temperature bars"
                file="temperature-bars"
                caption={`Probability at T = 1 and at T = ${formatT(at.T)} of the top ${detail.top.length} tokens${hasTarget && !detail.top.some((t) => t.id === target.target) ? ' and the target' : ''} at text ${detail.b + 1}, position ${detail.t + 1}: ${ids
                  .map(
                    (j, i) =>
                      `${tokenLabel(j, decode)}${hasTarget && j === target.target ? ' (target)' : ''} ${formatProb(p1[i]!)} → ${formatProb(pT[i]!)}`,
                  )
                  .join('; ')}.`}
                build={() =>
                  temperatureBarsSvg(
                    ids.map((j, i) => ({
                      label: tokenLabel(j, decode),
                      p1: p1[i]!,
                      pT: pT[i]!,
                      target: hasTarget && j === target.target,
                    })),
                    formatT(at.T),
                  )
                }
              />
            </div>
          ) : null}

          <p>
            As T → ∞ every z<sub>j</sub>/T shrinks toward 0, so all {formatCount(V)} probabilities tend to
            1/V: the loss tends to {units === 'bits' ? 'log₂ V' : 'ln V'} = {L(lnV)} {unit} and the perplexity
            to V = {formatCount(V)}, whatever the model said. As T → 0 the gaps between the largest logit and
            the others are multiplied by 1/T, so all the mass goes to each row’s argmax: −log p tends to 0
            where the target is the argmax and to ∞ where it is not (here {formatCount(argmaxTargets)} of{' '}
            {formatCount(shown.result.count)} targets are their row’s argmax
            {argmaxTargets < shown.result.count
              ? ', so the loss grows without bound'
              : ', so the loss tends to 0'}
            ).
          </p>

          <div className="table-wrap">
            <table className="tokens xs-limits" data-testid="temp-limits">
              <caption>
                The loss and perplexity of this batch at a few temperatures (100 is beyond the slider)
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    T
                  </th>
                  <th scope="col" className="num">
                    loss ({unit})
                  </th>
                  <th scope="col" className="num">
                    perplexity
                  </th>
                  <th scope="col" className="num">
                    ÷ V
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="num">→ 0</td>
                  <td className="num">{allArgmax ? L(0) : '∞'}</td>
                  <td className="num">{allArgmax ? formatPerplexity(1) : '∞'}</td>
                  <td className="num">{allArgmax ? formatNumber(1 / V) : '∞'}</td>
                </tr>
                {LIMIT_TEMPERATURES.map((t) => {
                  const r = limitsHere?.rows.find((x) => x.T === t);
                  return (
                    <tr key={t} className={t === T ? 'xs-is-target' : undefined}>
                      <td className="num">{formatNumber(t)}</td>
                      <td className="num">{r ? L(r.loss) : '…'}</td>
                      <td className="num">{r ? formatBig(r.perplexity) : '…'}</td>
                      <td className="num">{r ? formatNumber(r.perplexity / V) : '…'}</td>
                    </tr>
                  );
                })}
                <tr>
                  <td className="num">→ ∞</td>
                  <td className="num">{L(lnV)}</td>
                  <td className="num">{formatPerplexity(V)}</td>
                  <td className="num">1</td>
                </tr>
              </tbody>
            </table>
          </div>
          {calibration && <p data-testid="temp-calibration">{calibration}</p>}
          {error ? (
            <p className="xs-error" role="alert">
              The loss at T = {formatT(T)} could not be computed: {error}
            </p>
          ) : null}
          <p className="xs-note">{at ? computedOnText(at.on) : 'Computing…'}</p>
        </>
      )}
    </section>
  );
}
