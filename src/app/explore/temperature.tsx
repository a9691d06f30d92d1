/**
 * Temperature, under the softmax stage: every logit of the batch divided by T (0.1 to 5) before
 * the softmax, p(T) = softmax(z / T). The focused row's top tokens at T beside T = 1, and the
 * batch's loss and perplexity at T, scored by the engine on WebGPU (the whole scaled batch) or by
 * the CPU worker; then a table of the limits, T from 0.1 to 100, computed the same way.
 * T lives in the app state (it is part of a shared link); it never changes the main loss beside
 * the stages, which stays the model's (T = 1).
 */
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { inUnit, uniformLoss, type LogitsBatch, type XentResult } from '../../math';
import { currentIntl } from '../i18n/current';
import { intlNumber } from '../i18n/numbers';
import { rowOfShown, tokenLabel, tokenSpoken } from '../stages/logits-row';
import type { StageProps } from '../stages/stage';
import { formatCount, formatLoss, formatNumber, formatPerplexity, formatProb } from '../view/format';
import { ChartExport } from '../view/ChartExport';
import { Num } from '../view/Num';
import { temperatureBarsSvg } from './temperature-bars-svg';
import { computedOnText, computeOn, useLatest, type ComputedOn } from './drag-latest';
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
  return Number.isFinite(x) && x >= 1e7
    ? intlNumber(x, { notation: 'scientific', minimumFractionDigits: 3, maximumFractionDigits: 3 }).replace(
        'E',
        'e',
      )
    : formatPerplexity(x);
}

/** A text's or a position's number, 1-based, as the page has always written it: no separators. */
const formatIndex = (n: number) => intlNumber(n, { useGrouping: false });

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;

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
  const intl = useIntl();
  const units = state.units;
  const unit =
    units === 'bits'
      ? intl.formatMessage({
          id: 'temperature.unit.bits',
          defaultMessage: 'bits',
          description: 'The unit of information in base 2 (a loss “in bits”).',
        })
      : intl.formatMessage({
          id: 'temperature.unit.nats',
          defaultMessage: 'nats',
          description: 'The unit of information in base e (natural logarithm): a loss “in nats”.',
        });
  const L = (nats: number) => formatLoss(inUnit(nats, units));

  // z / T: a move sends T, never the tensor. On the CPU back end the worker, which keeps the batch,
  // scores the math module's withTemperature; on WebGPU the engine reads the logits it already
  // holds times 1/T (session.scoreOnGpuAtTemperature), and the worker answers if the GPU fails.
  const scoreAt = useCallback(
    async (b: LogitsBatch, t: number): Promise<{ result: XentResult; on: ComputedOn }> => {
      if (!session || !backend)
        throw new Error(
          currentIntl().formatMessage({
            id: 'temperature.error.not.ready',
            defaultMessage: 'The back ends are not ready yet.',
            description: 'An error: the computation back ends (CPU worker, WebGPU) have not started yet.',
          }),
        );
      return computeOn(
        session,
        backend,
        () => session.scoreOnGpuAtTemperature(b, t),
        () => session.scoreOnCpuAtTemperature(b, t),
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
      return intl.formatMessage({
        id: 'temperature.calibration.best.one',
        defaultMessage:
          'Of these temperatures, T = 1 gives the lowest loss, as it does for a well-calibrated model.',
      });
    const values = { T: formatNumber(best.T), lossT: L(best.loss), loss1: L(at1.loss), unit };
    return best.T > 1
      ? intl.formatMessage(
          {
            id: 'temperature.calibration.over',
            defaultMessage:
              "Here T = {T} gives a lower loss than T = 1 ({lossT} '<' {loss1} {unit}): the model is over-confident: its probabilities are too sharp, and a model whose probabilities were right would, on average, do best at T = 1.",
            description:
              '{T} is a temperature above 1; {lossT} the loss at T, {loss1} the loss at T = 1, in {unit} (bits or nats).',
          },
          values,
        )
      : intl.formatMessage(
          {
            id: 'temperature.calibration.under',
            defaultMessage:
              "Here T = {T} gives a lower loss than T = 1 ({lossT} '<' {loss1} {unit}): the model is under-confident: its probabilities are too flat, and a model whose probabilities were right would, on average, do best at T = 1.",
            description:
              '{T} is a temperature below 1; {lossT} the loss at T, {loss1} the loss at T = 1, in {unit} (bits or nats).',
          },
          values,
        );
  })();

  const log = units === 'bits' ? 'log₂' : 'ln';
  const computing = intl.formatMessage({
    id: 'temperature.computing',
    defaultMessage: 'Computing…',
    description: 'Shown while the loss at the chosen temperature is being computed.',
  });

  const slider = (
    <div className="xs-control xs-temp-control">
      <label htmlFor={`${id}-T`}>
        <FormattedMessage
          id="temperature.slider.label"
          defaultMessage="Temperature <output>T = {T}</output>"
          description="The temperature slider’s label, with the chosen value T after it."
          values={{
            T: formatT(T),
            output: (chunks: ReactNode[]) => (
              <output htmlFor={`${id}-T`} data-testid="temp-T">
                {chunks}
              </output>
            ),
          }}
        />
      </label>
      <div className="xs-inputs">
        <input
          id={`${id}-T`}
          type="range"
          min={0}
          max={T_LADDER.length - 1}
          step={1}
          value={ladderIndex(T)}
          aria-valuetext={intl.formatMessage(
            {
              id: 'temperature.slider.value',
              defaultMessage: 'T = {T}',
              description:
                'What a screen reader says for the temperature slider’s position: T equals the value.',
            },
            { T: formatT(T) },
          )}
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
          <FormattedMessage
            id="temperature.slider.reset"
            defaultMessage="T = 1"
            description="Button that sets the temperature back to 1, the model’s own distribution."
          />
        </button>
      </div>
    </div>
  );

  const withTarget = detail !== null && hasTarget && !detail.top.some((t) => t.id === target.target);

  return (
    <section className="xs-panel" aria-labelledby={`${id}-title`} data-testid="temp-panel">
      <p className="xs-kicker">
        <FormattedMessage
          id="temperature.kicker"
          defaultMessage="Explore"
          description="Small label above an exploration panel’s heading: this panel is an exploration."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage
          id="temperature.title"
          defaultMessage="Temperature"
          description="Heading of the panel on the softmax temperature T (logits divided by T)."
        />
      </h3>
      <p>
        <FormattedMessage
          id="temperature.intro"
          defaultMessage="Divide every logit by a temperature T before the softmax: p = softmax(z / T). Below 1 the distribution sharpens toward the most likely token; above 1 it flattens toward all {vocabText} alike. The order of the tokens, and so every rank, stays the same. T is a setting for sampling text from a model (the book’s section 5.3); training, and the loss everywhere else on this page, use T = 1."
          description="{vocabText} is the vocabulary’s size (the number of tokens)."
          values={{ vocabText: formatCount(V) }}
        />
      </p>
      {tooBig ? (
        <p className="xs-note">
          <FormattedMessage
            id="temperature.too.big"
            defaultMessage="This batch holds {count, plural, other {{countText} logits}}; the temperature panel rescores batches of up to {maxText}."
            values={{
              count: B * Tn * V,
              countText: formatCount(B * Tn * V),
              maxText: formatCount(TEMPERATURE_MAX_LOGITS),
            }}
          />
        </p>
      ) : (
        <>
          {slider}
          <div className="table-wrap">
            <table className="tokens xs-readout" aria-busy={!fresh}>
              <caption className="xs-caption">
                {detail ? (
                  <FormattedMessage
                    id="temperature.readout.caption.row"
                    defaultMessage="The batch’s loss and perplexity, and the target’s p at text {text}, position {position}: the model (T = 1) and at T"
                    description="Caption of a table: the loss, perplexity and the target’s probability p, at temperature 1 and at the chosen T."
                    values={{ text: formatIndex(detail.b + 1), position: formatIndex(detail.t + 1) }}
                  />
                ) : (
                  <FormattedMessage
                    id="temperature.readout.caption"
                    defaultMessage="The batch’s loss and perplexity, and the target’s p: the model (T = 1) and at T"
                    description="Caption of a table: the loss, perplexity and the target’s probability p, at temperature 1 and at the chosen T."
                  />
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <FormattedMessage
                      id="temperature.readout.measure"
                      defaultMessage="measure"
                      description="Column header: which quantity the row shows (loss, perplexity, p(target))."
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.readout.at.one"
                      defaultMessage="T = 1"
                      description="Column header: the values at temperature 1 (the model’s own distribution)."
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.readout.at.t"
                      defaultMessage="T = {T}"
                      description="Column header: the values at the chosen temperature T."
                      values={{ T: formatT(at?.T ?? T) }}
                    />
                  </th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">
                    <FormattedMessage
                      id="temperature.readout.loss"
                      defaultMessage="loss ({unit})"
                      description="Row header: the batch’s loss, in bits or nats."
                      values={{ unit }}
                    />
                  </th>
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
                  <th scope="row">
                    <FormattedMessage
                      id="temperature.readout.perplexity"
                      defaultMessage="perplexity"
                      description="Row header: the batch’s perplexity (e to the loss)."
                    />
                  </th>
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
                    <th scope="row">
                      <FormattedMessage
                        id="temperature.readout.target"
                        defaultMessage="p(target)"
                        description="Row header: the probability p of the target (the true next token)."
                      />
                    </th>
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
                  {withTarget ? (
                    <FormattedMessage
                      id="temperature.bars.caption.target"
                      defaultMessage="The top {countText} and the target at text {text}, position {position}: probability at T = 1 and at T = {T}"
                      description="Caption of a table of the most likely tokens, and the target (not among them), with their probability at temperature 1 and at T."
                      values={{
                        countText: formatCount(detail.top.length),
                        text: formatIndex(detail.b + 1),
                        position: formatIndex(detail.t + 1),
                        T: formatT(at.T),
                      }}
                    />
                  ) : (
                    <FormattedMessage
                      id="temperature.bars.caption"
                      defaultMessage="The top {countText} at text {text}, position {position}: probability at T = 1 and at T = {T}"
                      description="Caption of a table of the most likely tokens with their probability at temperature 1 and at T."
                      values={{
                        countText: formatCount(detail.top.length),
                        text: formatIndex(detail.b + 1),
                        position: formatIndex(detail.t + 1),
                        T: formatT(at.T),
                      }}
                    />
                  )}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <FormattedMessage
                        id="temperature.bars.token"
                        defaultMessage="Token"
                        description="Column header: the token (a word or piece of a word)."
                      />
                    </th>
                    <th scope="col">
                      <FormattedMessage
                        id="temperature.bars.at.one"
                        defaultMessage="T = 1"
                        description="Column header: the probability at temperature 1."
                      />
                    </th>
                    <th scope="col">
                      <FormattedMessage
                        id="temperature.bars.at.t"
                        defaultMessage="T = {T}"
                        description="Column header: the probability at the chosen temperature T."
                        values={{ T: formatT(at.T) }}
                      />
                    </th>
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
                        {hasTarget && j === target.target ? (
                          <strong>
                            {' '}
                            <FormattedMessage
                              id="temperature.bars.target"
                              defaultMessage="target"
                              description="Marks the row of the target (the true next token) in the table of tokens."
                            />
                          </strong>
                        ) : null}
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
                name={intl.formatMessage({
                  id: 'temperature.bars.name',
                  defaultMessage: 'temperature bars',
                  description:
                    'The chart’s name in the export buttons: “Export the temperature bars chart as SVG”.',
                })}
                file="temperature-bars"
                caption={(() => {
                  const list = ids
                    .map((j, i) => {
                      const item = {
                        token: tokenLabel(j, decode),
                        p1: formatProb(p1[i]!),
                        pT: formatProb(pT[i]!),
                      };
                      return hasTarget && j === target.target
                        ? intl.formatMessage(
                            {
                              id: 'temperature.export.item.target',
                              defaultMessage: '{token} (target) {p1} → {pT}',
                              description:
                                'In the exported chart’s caption: the target token, its probability at T = 1, then at T.',
                            },
                            item,
                          )
                        : intl.formatMessage(
                            {
                              id: 'temperature.export.item',
                              defaultMessage: '{token} {p1} → {pT}',
                              description:
                                'In the exported chart’s caption: a token, its probability at T = 1, then at T.',
                            },
                            item,
                          );
                    })
                    .join('; ');
                  const values = {
                    T: formatT(at.T),
                    count: detail.top.length,
                    countText: formatCount(detail.top.length),
                    text: formatIndex(detail.b + 1),
                    position: formatIndex(detail.t + 1),
                    list,
                  };
                  return withTarget
                    ? intl.formatMessage(
                        {
                          id: 'temperature.export.caption.target',
                          defaultMessage:
                            'Probability at T = 1 and at T = {T} of the top {count, plural, other {{countText} tokens}} and the target at text {text}, position {position}: {list}.',
                          description:
                            'Caption of the exported bar chart; {list} gives each token’s probability at T = 1 and at T.',
                        },
                        values,
                      )
                    : intl.formatMessage(
                        {
                          id: 'temperature.export.caption',
                          defaultMessage:
                            'Probability at T = 1 and at T = {T} of the top {count, plural, other {{countText} tokens}} at text {text}, position {position}: {list}.',
                          description:
                            'Caption of the exported bar chart; {list} gives each token’s probability at T = 1 and at T.',
                        },
                        values,
                      );
                })()}
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
            <FormattedMessage
              id="temperature.limits.text"
              defaultMessage="As T → ∞ every z<sub>j</sub>/T shrinks toward 0, so all {vocab, plural, other {{vocabText} probabilities}} tend to 1/V: the loss tends to {log} V = {lnV} {unit} and the perplexity to V = {vocabText}, whatever the model said. As T → 0 the gaps between the largest logit and the others are multiplied by 1/T, so all the mass goes to each row’s argmax: −log p tends to 0 where the target is the argmax and to ∞ where it is not (here {argmaxText} of {count, plural, other {{countText} targets}} are their row’s argmax{grows, select, true {, so the loss grows without bound} other {, so the loss tends to 0}})."
              description="{log} is ln or log₂, {unit} bits or nats; V is the vocabulary’s size; argmax is the most likely token of a row."
              values={{
                sub,
                vocab: V,
                vocabText: formatCount(V),
                log,
                lnV: L(lnV),
                unit,
                argmaxText: formatCount(argmaxTargets),
                count: shown.result.count,
                countText: formatCount(shown.result.count),
                grows: argmaxTargets < shown.result.count ? 'true' : 'false',
              }}
            />
          </p>

          <div className="table-wrap">
            <table className="tokens xs-limits" data-testid="temp-limits">
              <caption>
                <FormattedMessage
                  id="temperature.limits.caption"
                  defaultMessage="The loss and perplexity of this batch at a few temperatures (100 is beyond the slider)"
                />
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.limits.t"
                      defaultMessage="T"
                      description="Column header: the temperature T."
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.limits.loss"
                      defaultMessage="loss ({unit})"
                      description="Column header: the batch’s loss at that temperature, in bits or nats."
                      values={{ unit }}
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.limits.perplexity"
                      defaultMessage="perplexity"
                      description="Column header: the batch’s perplexity at that temperature."
                    />
                  </th>
                  <th scope="col" className="num">
                    <FormattedMessage
                      id="temperature.limits.ratio"
                      defaultMessage="÷ V"
                      description="Column header: the perplexity divided by V, the vocabulary’s size (1 = a uniform guess)."
                    />
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
              <FormattedMessage
                id="temperature.error"
                defaultMessage="The loss at T = {T} could not be computed: {error}"
                description="An alert: the loss at the chosen temperature failed; {error} says why."
                values={{ T: formatT(T), error }}
              />
            </p>
          ) : null}
          <p className="xs-note">{at ? computedOnText(at.on) : computing}</p>
        </>
      )}
    </section>
  );
}
