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
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { BY_HAND_MAX_LOGITS, gatheredProbsFloat32, inUnit, meanNegLog, type TokenLoss } from '../../math';
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
const fixed12 = (x: number) => (Number.isFinite(x) ? x.toFixed(12) : formatLoss(x));

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
  const label = `Bars of ${unitLog} for ${bars.length} tokens, ${
    settled >= 1 ? 'all levelled to' : 'with a line at'
  } their mean ${formatLoss(mean)} ${units}: ${values.map((v) => formatLoss(v)).join(', ')}.`;

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
            {unitLog} ({units})
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
                  Text {group[0]!.batch + 1}
                </text>
              </g>
            );
          })}
          <line className="mean-line" x1={m.left} x2={W - m.right + 4} y1={y(mean)} y2={y(mean)} />
          <text className="mean-line-label" x={W - m.right + 8} y={y(mean) - 4}>
            mean = loss
          </text>
          <text className="mean-line-value" x={W - m.right + 8} y={y(mean) + 14}>
            {formatLoss(mean)}
          </text>
          <line className="mean-baseline" x1={m.left} x2={W - m.right} y1={y(0)} y2={y(0)} />
        </g>
      </svg>
      <ChartExport chart={ref} name="mean" file="mean-chart" caption={label} />
    </div>
  );
}

function CopyCode({ code }: { code: string }) {
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
        <span>PyTorch</span>
        <button type="button" onClick={copy}>
          Copy
        </button>
        <span role="status" className="mean-copied">
          {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copy failed: select the code instead' : ''}
        </span>
      </div>
      <pre tabIndex={0} aria-label="PyTorch code that computes the same loss">
        <code data-testid="torch-snippet">{code}</code>
      </pre>
    </div>
  );
}

export function Stage6Mean({ shown, state, decode }: StageProps) {
  const { result, source } = shown;
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
  const unitName = units === 'bits' ? 'bits' : 'nats';

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
        Each token has its own loss, ℓ = −log p<sub>y</sub>. The loss L of the whole batch is their{' '}
        <strong>mean</strong>: add them up and divide by the number of scored tokens N. The tall bars give
        some of their height to the short ones until all stand at one level, the loss.
      </p>

      <MeanBars bars={bars} mean={mean} settled={settled} units={units} decode={decode} />
      <div className="mean-actions">
        <button type="button" onClick={() => animate(target === 1 ? 0 : 1)}>
          {target === 1 ? 'Show each token again' : 'Show the mean'}
        </button>
        {bars.length < counted.length && (
          <span className="mean-note">
            The first {formatCount(bars.length)} of {formatCount(counted.length)} tokens are drawn; the line
            is the mean of all of them.
          </span>
        )}
      </div>

      <Formula display tex={tex} />
      <p>
        N = <Num value={N} text={formatCount(N)} testId="mean-count" /> {N === 1 ? 'token' : 'tokens'}.
        {ignored > 0 && (
          <>
            {' '}
            {formatCount(ignored)} {ignored === 1 ? 'token whose target is' : 'tokens whose targets are'}{' '}
            ignore_index ({String(result.ignoreIndex).replace('-', '−')}) {ignored === 1 ? 'is' : 'are'} left
            out of both the sum and N.
          </>
        )}
        {units === 'bits' && (
          <>
            {' '}
            In bits every −ln p is divided by ln 2, so the mean is too: the loss is{' '}
            <Num value={result.loss} text={formatLoss(result.loss)} /> nats ÷ {formatLoss(Math.LN2)} ={' '}
            <Num value={mean} text={formatLoss(mean)} /> bits.
          </>
        )}
      </p>

      <h3 className="mean-heading">The same number from PyTorch</h3>
      <p>
        <code>torch.nn.functional.cross_entropy</code> takes one row of scores per token, so the (B, T, V)
        logits are flattened to (B·T, V) and the (B, T) targets to (B·T). It averages −ln p over the tokens,
        in nats.
      </p>
      <CopyCode code={code} />

      <h3 className="mean-heading">By hand or fused: the same up to rounding</h3>
      <dl className="mean-compare">
        <div>
          <dt>
            By hand, step by step in float32: softmax over all {formatCount(result.shape[2])} scores, pick p
            of each of the {formatCount(counted.length)} targets, {units === 'bits' ? '−log₂ p' : '−ln p'},
            mean
          </dt>
          <dd>
            {byHandRuns ? (
              <>
                <Num value={manual} text={fixed12(manual)} testId="mean-manual" /> {unitName}
              </>
            ) : source.resident ? (
              'not run on the page: these logits stay on the GPU, and the step-by-step path would read every one of them back'
            ) : (
              'not run on the page for logits this large'
            )}
          </dd>
        </div>
        <div>
          <dt>
            Fused, as the {result.backend === 'webgpu' ? 'WebGPU engine' : 'CPU path'} and PyTorch do: ℓ =
            log-sum-exp(z) − z<sub>y</sub> per token, averaged
          </dt>
          <dd>
            <Num value={fused} text={fixed12(fused)} testId="mean-fused" /> {unitName}
          </dd>
        </div>
        {byHandRuns && (
          <div>
            <dt>Difference</dt>
            <dd>
              <Num value={difference} text={formatNumber(difference)} testId="mean-difference" /> {unitName}
            </dd>
          </div>
        )}
      </dl>
      <p className="mean-note">
        {!byHandRuns || Number.isFinite(difference)
          ? 'float32 keeps about 7 significant digits, and the two paths round at different steps, so they can disagree in the last digits. '
          : 'A probability rounded to 0 in float32, and −log 0 is infinite, while the fused form stays finite. '}
        Libraries use the fused form: it never takes the log of a probability that could round to 0.
      </p>
    </div>
  );
}
