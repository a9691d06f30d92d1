/**
 * Stage 6: the per-token losses averaged into one number. Bars of −log p per token (grouped by
 * text) settle, like water, to their mean: the cross-entropy loss. The formula with this batch's
 * numbers, the PyTorch call that gives the same value, and the gap between computing it by hand
 * (mean of −ln p from the gathered probabilities) and fused (log-sum-exp − x_target per token).
 */
import { easeCubicInOut } from 'd3-ease';
import { interpolateNumber } from 'd3-interpolate';
import { scaleLinear } from 'd3-scale';
import { timer, type Timer } from 'd3-timer';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { BY_HAND_MAX_LOGITS, gatheredProbsFloat32, inUnit, meanNegLog, type TokenLoss } from '../../math';
import { intlNumber } from '../i18n/numbers';
import { Formula, texNumber } from '../view/Formula';
import { formatCount, formatLoss, formatNumber } from '../view/format';
import { Num } from '../view/Num';
import { ChartExport } from '../view/ChartExport';
import { showToken, type Decode } from '../view/tokens';
import { useElementWidth, useReducedMotion } from '../view/hooks';
import { shownTerms, torchSnippet } from './mean-layout';
import type { StageProps } from './stage';
import './mean.css';

/** Bars drawn at most; the mean line is always the mean over every counted token. */
const MAX_BARS = 64;
/** Bars carry a word under them up to this many. */
const MAX_BAR_LABELS = 16;
/** How long the bars take to settle, in ms. */
const SETTLE_MS = 1400;

/** Twelve decimals: enough to see that two ways of computing the loss agree. */
const fixed12 = (x: number) =>
  Number.isFinite(x)
    ? intlNumber(x, { minimumFractionDigits: 12, maximumFractionDigits: 12, useGrouping: false })
    : formatLoss(x);

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** The unit's name after a number: "nats" or "bits". */
function unitWord(intl: IntlShape, units: 'nats' | 'bits'): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'stage6.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of information (log base 2), after a number: “15.5724 bits”.',
      })
    : intl.formatMessage({
        id: 'stage6.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of information (natural log), after a number: “10.7940 nats”.',
      });
}

/** A bar's word, cut to `chars` characters (the bar's width in the 11 px monospace). */
function barLabel(t: TokenLoss, decode: Decode | null, chars: number): string {
  const text = decode ? showToken(decode(t.target)) : String(t.target);
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/** The bars and the mean line. `settled` runs 0 (each token's −log p) to 1 (all at the mean). */
function MeanBars({
  bars,
  mean,
  settled,
  units,
  decode,
}: {
  bars: TokenLoss[];
  mean: number;
  settled: number;
  units: 'nats' | 'bits';
  decode: Decode | null;
}) {
  const intl = useIntl();
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const W = useElementWidth(ref, 640);
  const H = 260;
  // The right margin holds the mean's label, level with its line, clear of every bar.
  const m = { top: 26, right: W < 480 ? 74 : 92, bottom: 54, left: 40 };
  const values = bars.map((t) => inUnit(t.loss, units));
  const yMax = Math.max(mean, ...values.filter(Number.isFinite)) * 1.08 || 1;
  const y = scaleLinear()
    .domain([0, yMax])
    .range([H - m.bottom, m.top])
    .nice();
  // Bars of one text sit together; a gap of one bar separates texts.
  const groups: TokenLoss[][] = [];
  for (const t of bars) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.batch === t.batch) last.push(t);
    else groups.push([t]);
  }
  const slots = bars.length + Math.max(0, groups.length - 1);
  const slotW = (W - m.left - m.right) / Math.max(1, slots);
  const barW = Math.max(2, slotW * 0.72);
  const unitLog = units === 'bits' ? '−log₂ p' : '−ln p';
  const chars = Math.floor(slotW / 6.8);
  const labelled = bars.length <= MAX_BAR_LABELS && chars >= 3;
  let slot = 0;
  const unitName = unitWord(intl, units);
  const labelValues = {
    unitLog,
    count: bars.length,
    countText: intlNumber(bars.length, { useGrouping: false }),
    mean: formatLoss(mean),
    unit: unitName,
    values: values.map((v) => formatLoss(v)).join(', '),
  };
  // The chart's description and the exported files' caption.
  const label =
    settled >= 1
      ? intl.formatMessage(
          {
            id: 'stage6.chart.title.settled',
            defaultMessage:
              'Bars of {unitLog} for {count, plural, other {{countText} tokens}}, all levelled to their mean {mean} {unit}: {values}.',
            description:
              'The bar chart’s description once every bar has settled to the mean (the loss). {unitLog} is −ln p or −log₂ p; {values} lists each token’s −log p.',
          },
          labelValues,
        )
      : intl.formatMessage(
          {
            id: 'stage6.chart.title.bars',
            defaultMessage:
              'Bars of {unitLog} for {count, plural, other {{countText} tokens}}, with a line at their mean {mean} {unit}: {values}.',
            description:
              'The bar chart’s description: one bar per token’s −log p and a line at their mean (the loss). {unitLog} is −ln p or −log₂ p; {values} lists each token’s −log p.',
          },
          labelValues,
        );

  return (
    <div className="mean-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-bars`}>
        <title id={`${id}-bars`}>{label}</title>
        <g className="mean-axis" aria-hidden="true">
          {y.ticks(4).map((v) => (
            <g key={v}>
              <line className="mean-grid" x1={m.left} x2={W - m.right} y1={y(v)} y2={y(v)} />
              <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          <text x={m.left - 6} y={12} className="mean-axis-title">
            <FormattedMessage
              id="stage6.axis.loss"
              defaultMessage="{unitLog} ({unit})"
              description="Title of the bar chart’s vertical axis: the formula −ln p (or −log₂ p), then its unit in brackets."
              values={{ unitLog, unit: unitName }}
            />
          </text>
        </g>
        <g aria-hidden="true">
          {groups.map((group) => {
            const start = slot;
            const rects = group.map((t) => {
              const v = interpolateNumber(inUnit(t.loss, units), mean)(settled);
              const cx = m.left + (slot + 0.5) * slotW;
              slot++;
              return (
                <g key={`${t.batch}-${t.position}`}>
                  <rect
                    className="mean-bar"
                    x={cx - barW / 2}
                    width={barW}
                    y={y(v)}
                    height={Math.max(0, y(0) - y(v))}
                  />
                  {labelled && (
                    <text className="mean-bar-word" x={cx} y={H - m.bottom + 15} textAnchor="middle">
                      {barLabel(t, decode, chars)}
                    </text>
                  )}
                  {labelled && settled === 0 && barW >= 30 && (
                    <text className="mean-bar-value" x={cx} y={y(v) + 14} textAnchor="middle">
                      {formatNumber(v)}
                    </text>
                  )}
                </g>
              );
            });
            const x0 = m.left + start * slotW;
            const x1 = m.left + slot * slotW;
            slot++; // the gap between texts
            return (
              <g key={group[0]!.batch}>
                {rects}
                <text className="mean-group" x={(x0 + x1) / 2} y={H - m.bottom + 34} textAnchor="middle">
                  <FormattedMessage
                    id="stage6.chart.text"
                    defaultMessage="Text {number}"
                    description="Under a group of bars: which of the texts (1 or 2) the tokens come from."
                    values={{ number: intlNumber(group[0]!.batch + 1, { useGrouping: false }) }}
                  />
                </text>
              </g>
            );
          })}
          <line className="mean-line" x1={m.left} x2={W - m.right + 4} y1={y(mean)} y2={y(mean)} />
          <text className="mean-line-label" x={W - m.right + 8} y={y(mean) - 4}>
            <FormattedMessage
              id="stage6.chart.mean"
              defaultMessage="mean = loss"
              description="Label of the line at the bars’ mean: the mean of the tokens’ −log p is the loss."
            />
          </text>
          <text className="mean-line-value" x={W - m.right + 8} y={y(mean) + 14}>
            {formatLoss(mean)}
          </text>
          <line className="mean-baseline" x1={m.left} x2={W - m.right} y1={y(0)} y2={y(0)} />
        </g>
      </svg>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'stage6.chart.export',
          defaultMessage: 'mean',
          description: 'The bar chart’s name in its export buttons: “Export chart as PNG (the mean chart)”.',
        })}
        file="mean-chart"
        caption={label}
      />
    </div>
  );
}

function CopyCode({ code }: { code: string }) {
  const intl = useIntl();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 1800);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = () => {
    if (!navigator.clipboard) return setCopied('no');
    navigator.clipboard.writeText(code).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="mean-code">
      <div className="mean-code-bar">
        <span>
          <FormattedMessage
            id="stage6.code.language"
            defaultMessage="PyTorch"
            description="Above the code: the Python library the code is for. A name, usually kept as is."
          />
        </span>
        <button type="button" onClick={copy}>
          <FormattedMessage
            id="stage6.code.copy"
            defaultMessage="Copy"
            description="Button: copies the PyTorch code to the clipboard."
          />
        </button>
        <span role="status" className="mean-copied">
          {copied === 'yes'
            ? intl.formatMessage({
                id: 'stage6.code.copied',
                defaultMessage: 'Copied',
                description: 'Announced after the code was copied to the clipboard.',
              })
            : copied === 'no'
              ? intl.formatMessage({
                  id: 'stage6.code.failed',
                  defaultMessage: 'Copy failed: select the code instead',
                  description: 'Announced when the browser refused to copy the code to the clipboard.',
                })
              : ''}
        </span>
      </div>
      <pre
        tabIndex={0}
        aria-label={intl.formatMessage({
          id: 'stage6.code.label',
          defaultMessage: 'PyTorch code that computes the same loss',
          description: 'Accessible name of the block of Python code.',
        })}
      >
        <code data-testid="torch-snippet">{code}</code>
      </pre>
    </div>
  );
}

export function Stage6Mean({ shown, state, decode }: StageProps) {
  const { result, source } = shown;
  const intl = useIntl();
  const units = state.units;
  const reduce = useReducedMotion();
  const [settled, setSettled] = useState(0);
  const [target, setTarget] = useState(0);
  const running = useRef<Timer | null>(null);
  useEffect(() => () => running.current?.stop(), []);

  const counted = result.tokens.filter((t) => !t.ignored);
  const ignored = result.tokens.length - counted.length;
  const N = result.count;
  const mean = inUnit(result.loss, units);
  const bars = counted.slice(0, MAX_BARS);
  const unitLog = units === 'bits' ? '-\\log_2 p_i' : '-\\ln p_i';
  const unitName = unitWord(intl, units);
  /** A number with its unit, in the comparison's list. */
  const withUnit = (value: ReactNode) => (
    <FormattedMessage
      id="stage6.compare.value"
      defaultMessage="{value} {unit}"
      description="A loss and its unit (nats or bits), e.g. “10.793964408127 nats”."
      values={{ value, unit: unitName }}
    />
  );

  // Settle the bars to the mean (to = 1) or back to each token's value (to = 0).
  const animate = (to: number) => {
    running.current?.stop();
    setTarget(to);
    if (reduce) return setSettled(to);
    const from = settled;
    const t = timer((elapsed) => {
      const f = Math.min(1, elapsed / SETTLE_MS);
      setSettled(from + (to - from) * easeCubicInOut(f));
      if (f >= 1) t.stop();
    });
    running.current = t;
  };

  // The loss twice: by hand, softmax → gather → log → mean step by step in float32 as the book's
  // code does (math module), and fused as the back end computed it (log-sum-exp − x_target).
  const { batch } = source;
  // Logits that stay on the GPU (source.resident) are not read back for this.
  const byHandRuns = !source.resident && batch.logits.length <= BY_HAND_MAX_LOGITS;
  const manualNats = useMemo(
    () =>
      byHandRuns
        ? meanNegLog(gatheredProbsFloat32(batch.logits, batch.shape, batch.targets, batch.ignoreIndex))
        : NaN,
    [batch, byHandRuns],
  );
  const manual = inUnit(manualNats, units);
  const fused = mean;
  const difference = manual - fused;

  // One step a line; the terms written out are as many as fit the width (about 80 px each).
  const rootRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(rootRef, 640);
  const maxTerms = Math.max(3, Math.min(6, Math.floor((width - 80) / 80)));
  const terms = shownTerms(
    counted.map((t) => texNumber(formatLoss(inUnit(t.loss, units)))),
    maxTerms,
  );
  const sum = terms.map((s) => s ?? '\\cdots').join(' + ');
  const tex =
    `\\begin{aligned} L &= \\frac{1}{N}\\sum_{i=1}^{N} ${unitLog} \\\\ ` +
    `&= \\tfrac{1}{${N}}\\left(${sum}\\right) \\\\ &= ${texNumber(formatLoss(mean))} \\end{aligned}`;

  const code = torchSnippet({
    targets: source.batch.targets,
    shape: result.shape,
    ignoreIndex: result.ignoreIndex,
    lossNats: result.loss,
    bits: units === 'bits',
  });

  return (
    <div className="mean" ref={rootRef}>
      <p>
        <FormattedMessage
          id="stage6.intro"
          defaultMessage="Each token has its own loss, ℓ = −log p<sub>y</sub>. The loss L of the whole batch is their <strong>mean</strong>: add them up and divide by the number of scored tokens N. The tall bars give some of their height to the short ones until all stand at one level, the loss."
          description="Stage 6’s introduction. p with subscript y is the probability of the right token y."
          values={{ sub, strong }}
        />
      </p>

      <MeanBars bars={bars} mean={mean} settled={settled} units={units} decode={decode} />
      <div className="mean-actions">
        <button type="button" onClick={() => animate(target === 1 ? 0 : 1)}>
          {target === 1
            ? intl.formatMessage({
                id: 'stage6.show.each',
                defaultMessage: 'Show each token again',
                description: 'Button: the bars leave the mean and go back to each token’s own −log p.',
              })
            : intl.formatMessage({
                id: 'stage6.show.mean',
                defaultMessage: 'Show the mean',
                description: 'Button: the bars settle, like water, to their mean.',
              })}
        </button>
        {bars.length < counted.length && (
          <span className="mean-note">
            <FormattedMessage
              id="stage6.bars.first"
              defaultMessage="{count, plural, other {The first {shownText} of {totalText} tokens are drawn; the line is the mean of all of them.}}"
              description="Under the bar chart when a text has more tokens than bars are drawn."
              values={{
                count: counted.length,
                shownText: formatCount(bars.length),
                totalText: formatCount(counted.length),
              }}
            />
          </span>
        )}
      </div>

      <Formula display tex={tex} />
      <p>
        <FormattedMessage
          id="stage6.count"
          defaultMessage="N = {countNum} {count, plural, one {token} other {tokens}}."
          description="N, the number of tokens the loss averages over; {countNum} is that number."
          values={{ count: N, countNum: <Num value={N} text={formatCount(N)} testId="mean-count" /> }}
        />
        {ignored > 0 && (
          <>
            {' '}
            <FormattedMessage
              id="stage6.ignored"
              defaultMessage="{count, plural, one {{countText} token whose target is {ignoreIndex} ({value}) is left out of both the sum and N.} other {{countText} tokens whose targets are {ignoreIndex} ({value}) are left out of both the sum and N.}}"
              description="{ignoreIndex} is PyTorch’s argument name ignore_index (kept as is), {value} its value, e.g. −100: targets equal to it (padding) do not count."
              values={{
                count: ignored,
                countText: formatCount(ignored),
                ignoreIndex: 'ignore_index',
                value: intlNumber(result.ignoreIndex, { useGrouping: false }),
              }}
            />
          </>
        )}
        {units === 'bits' && (
          <>
            {' '}
            <FormattedMessage
              id="stage6.bits"
              defaultMessage="In bits every −ln p is divided by ln 2, so the mean is too: the loss is {nats} nats ÷ {ln2} = {bits} bits."
              description="Converting the loss from nats (natural log) to bits (log base 2). {ln2} is ln 2 = 0.6931."
              values={{
                nats: <Num value={result.loss} text={formatLoss(result.loss)} />,
                ln2: formatLoss(Math.LN2),
                bits: <Num value={mean} text={formatLoss(mean)} />,
              }}
            />
          </>
        )}
      </p>

      <h3 className="mean-heading">
        <FormattedMessage id="stage6.torch.heading" defaultMessage="The same number from PyTorch" />
      </h3>
      <p>
        <FormattedMessage
          id="stage6.torch.text"
          defaultMessage="{fn} takes one row of scores per token, so the (B, T, V) logits are flattened to (B·T, V) and the (B, T) targets to (B·T). It averages −ln p over the tokens, in nats."
          description="{fn} is the PyTorch function torch.nn.functional.cross_entropy. B, T, V: the batch size, the text length and the vocabulary size."
          values={{ fn: <code>torch.nn.functional.cross_entropy</code> }}
        />
      </p>
      <CopyCode code={code} />

      <h3 className="mean-heading">
        <FormattedMessage
          id="stage6.compare.heading"
          defaultMessage="By hand or fused: the same up to rounding"
        />
      </h3>
      <dl className="mean-compare">
        <div>
          <dt>
            <FormattedMessage
              id="stage6.compare.by.hand"
              defaultMessage="By hand, step by step in float32: softmax over all {vocab} scores, pick p of each of the {count, plural, other {{countText} targets}}, {unitLog}, mean"
              description="The steps of computing the loss by hand; float32 is the number type (kept as is), {unitLog} is −ln p or −log₂ p."
              values={{
                vocab: formatCount(result.shape[2]),
                count: counted.length,
                countText: formatCount(counted.length),
                unitLog: units === 'bits' ? '−log₂ p' : '−ln p',
              }}
            />
          </dt>
          <dd>
            {byHandRuns
              ? withUnit(<Num value={manual} text={fixed12(manual)} testId="mean-manual" />)
              : source.resident
                ? intl.formatMessage({
                    id: 'stage6.compare.resident',
                    defaultMessage:
                      'not run on the page: these logits stay on the GPU, and the step-by-step path would read every one of them back',
                    description:
                      'In place of the by-hand loss, when the model’s scores are kept on the graphics card.',
                  })
                : intl.formatMessage({
                    id: 'stage6.compare.large',
                    defaultMessage: 'not run on the page for logits this large',
                    description:
                      'In place of the by-hand loss, when there are too many scores to compute it step by step.',
                  })}
          </dd>
        </div>
        <div>
          <dt>
            <FormattedMessage
              id="stage6.compare.fused"
              defaultMessage="Fused, as the {backend, select, webgpu {WebGPU engine} other {CPU path}} and PyTorch do: ℓ = log-sum-exp(z) − z<sub>y</sub> per token, averaged"
              description="The loss computed in one step per token, as the page’s back end (the WebGPU engine or the CPU path) and PyTorch do. log-sum-exp is a function’s name; z are the scores, z with subscript y the right token’s."
              values={{ backend: result.backend, sub }}
            />
          </dt>
          <dd>{withUnit(<Num value={fused} text={fixed12(fused)} testId="mean-fused" />)}</dd>
        </div>
        {byHandRuns && (
          <div>
            <dt>
              <FormattedMessage
                id="stage6.compare.difference"
                defaultMessage="Difference"
                description="Term in a list: the by-hand loss minus the fused loss."
              />
            </dt>
            <dd>
              {withUnit(<Num value={difference} text={formatNumber(difference)} testId="mean-difference" />)}
            </dd>
          </div>
        )}
      </dl>
      <p className="mean-note">
        {!byHandRuns || Number.isFinite(difference) ? (
          <FormattedMessage
            id="stage6.note.rounding"
            defaultMessage="float32 keeps about 7 significant digits, and the two paths round at different steps, so they can disagree in the last digits."
            description="float32 is the number type (kept as is)."
          />
        ) : (
          <FormattedMessage
            id="stage6.note.zero"
            defaultMessage="A probability rounded to 0 in float32, and −log 0 is infinite, while the fused form stays finite."
            description="float32 is the number type (kept as is)."
          />
        )}{' '}
        <FormattedMessage
          id="stage6.note.fused"
          defaultMessage="Libraries use the fused form: it never takes the log of a probability that could round to 0."
        />
      </p>
    </div>
  );
}
