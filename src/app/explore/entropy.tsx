/**
 * Entropy beside cross-entropy, for every predicted distribution (b, t):
 *   H = −Σ_i p_i log p_i   the −log p the model expects to pay under its own distribution,
 *   e^H                    its own uncertainty, as a count of equally likely words,
 *   −log p_y               what the true next token y cost: the cross-entropy −Σ q_i log p_i
 *                          against the one-hot target q,
 *   e^(−log p) = 1/p.
 * H comes from the result (TokenLoss.entropy, computed by the engine or the CPU twin, in nats)
 * and is shown in the reader's units; e^H = 2^(H in bits) in either. A dot pair per token (H
 * hollow, −log p filled) on one axis with ln V, the entropy of a uniform guess, marked.
 */
import { scaleLinear } from 'd3-scale';
import { useId, useMemo, useRef } from 'react';
import { inUnit, perplexity, uniformLoss, type InfoUnit, type TokenLoss, type XentResult } from '../../math';
import { formatChoices, formatCount, formatLoss, formatNumber } from '../view/format';
import { Num } from '../view/Num';
import { Pager, rowRange, usePaging } from '../view/Pager';
import { ChartExport } from '../view/ChartExport';
import { useElementWidth } from '../view/hooks';
import { showToken, type Decode } from '../view/tokens';
import './entropy.css';

/** A count of choices (e^H, 1/p, a perplexity): whole with separators from 1,000, else 4 digits. */
const formatK = (x: number) => (Math.abs(x) >= 1000 ? formatChoices(x) : formatNumber(x));

/** Rows listed and drawn a page at a time; a long text pages through its positions (view/Pager.tsx). */
const MAX_TOKENS = 64;

interface EntropyProps {
  result: XentResult;
  units: InfoUnit;
  decode: Decode | null;
}

/** The target as a chip (␣ marks a leading space); screen readers get the text in quotes instead. */
function Target({ t, decode }: { t: TokenLoss; decode: Decode | null }) {
  if (t.ignored) return <span className="entropy-pad">padding</span>;
  if (!decode) return <span className="id">#{t.target}</span>;
  const text = decode(t.target);
  return (
    <>
      <span className="token" aria-hidden="true">
        {showToken(text)}
      </span>
      <span className="visually-hidden">“{text}”</span>
    </>
  );
}

/** The dot pairs: H (hollow circle) and −log p (filled square) per token, ln V as a dashed line. */
function PairChart({ tokens, units, vocab }: { tokens: TokenLoss[]; units: InfoUnit; vocab: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const W = useElementWidth(ref, 640);
  const H = 220;
  const m = { top: 26, right: W < 480 ? 40 : 72, bottom: 30, left: 46 };
  const lnV = inUnit(uniformLoss(vocab), units);
  const values = tokens
    .flatMap((t) => [inUnit(t.entropy, units), inUnit(t.loss, units)])
    .filter(Number.isFinite);
  const lo = Math.min(lnV, ...values);
  const hi = Math.max(lnV, ...values);
  const pad = Math.max(0.1, (hi - lo) * 0.1);
  const y = scaleLinear()
    .domain([Math.max(0, lo - pad), hi + pad])
    .range([H - m.bottom, m.top])
    .nice();
  const slot = (W - m.left - m.right) / Math.max(1, tokens.length);
  const x = (i: number) => m.left + (i + 0.5) * slot;
  const r = Math.max(2.5, Math.min(6, slot * 0.18));
  const unitLog = units === 'bits' ? 'log₂' : 'ln';
  const label =
    `Per token, the entropy H (hollow circles) and the cross-entropy −${unitLog} p of the true token (filled squares), in ${units}, ` +
    `with ${unitLog} V = ${formatLoss(lnV)} marked: ` +
    tokens
      .map(
        (t) =>
          `text ${t.batch + 1} position ${t.position + 1}: H ${formatLoss(inUnit(t.entropy, units))}` +
          (t.ignored ? ', padding' : `, −log p ${formatLoss(inUnit(t.loss, units))}`),
      )
      .join('; ') +
    '.';
  return (
    <div className="entropy-chart" ref={ref}>
      <svg width={W} height={H} role="img" aria-labelledby={`${id}-pairs`}>
        <title id={`${id}-pairs`}>{label}</title>
        <g className="entropy-axis" aria-hidden="true">
          {y.ticks(4).map((v) => (
            <g key={v}>
              <line className="entropy-grid" x1={m.left} x2={W - m.right} y1={y(v)} y2={y(v)} />
              <text x={m.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          <text x={m.left - 6} y={10} className="entropy-axis-title">
            {units}
          </text>
          {tokens.length <= 16 &&
            tokens.map((t, i) => (
              <text key={i} x={x(i)} y={H - m.bottom + 16} textAnchor="middle">
                {t.batch + 1}·{t.position + 1}
              </text>
            ))}
        </g>
        <g aria-hidden="true">
          <line className="entropy-uniform" x1={m.left} x2={W - m.right} y1={y(lnV)} y2={y(lnV)} />
          <text className="entropy-uniform-label" x={W - m.right + 6} y={y(lnV)} dy="0.32em">
            {unitLog} V
          </text>
          {tokens.map((t, i) => {
            const h = inUnit(t.entropy, units);
            const ce = inUnit(t.loss, units);
            return (
              <g key={`${t.batch}-${t.position}`}>
                {Number.isFinite(h) && Number.isFinite(ce) && (
                  <line className="entropy-link" x1={x(i)} x2={x(i)} y1={y(h)} y2={y(ce)} />
                )}
                {Number.isFinite(ce) && (
                  <rect className="entropy-ce" x={x(i) - r} y={y(ce) - r} width={2 * r} height={2 * r} />
                )}
                {Number.isFinite(h) && <circle className="entropy-h" cx={x(i)} cy={y(h)} r={r} />}
              </g>
            );
          })}
        </g>
      </svg>
      <p className="entropy-legend" aria-hidden="true">
        <span>
          <svg width="14" height="14">
            <circle className="entropy-h" cx="7" cy="7" r="5" />
          </svg>
          entropy H
        </span>
        <span>
          <svg width="14" height="14">
            <rect className="entropy-ce" x="2" y="2" width="10" height="10" />
          </svg>
          −log p of the true token
        </span>
        <span>
          <svg width="22" height="14">
            <line className="entropy-uniform" x1="0" x2="22" y1="7" y2="7" />
          </svg>
          {unitLog} V, a uniform guess
        </span>
      </p>
      <ChartExport chart={ref} name="entropy" file="entropy-chart" caption={label} />
    </div>
  );
}

export function EntropyPanel({ result, units, decode }: EntropyProps) {
  const id = useId();
  const V = result.shape[2];
  // A long result pages through its scored positions only: a short text padded to a long one's
  // length would otherwise fill pages with padding.
  const long = result.tokens.length > MAX_TOKENS;
  const listed = useMemo(
    () => (long ? result.tokens.filter((t) => !t.ignored) : result.tokens),
    [long, result.tokens],
  );
  const paging = usePaging(listed.length, 0, MAX_TOKENS);
  const tokens = listed.slice(paging.start, paging.end);
  const unitName = units === 'bits' ? 'bits' : 'nats';
  const unitLog = units === 'bits' ? 'log₂' : 'ln';
  const base = units === 'bits' ? '2' : 'e';
  // Mean entropy over the scored positions, beside the loss (the mean cross-entropy).
  const scored = result.tokens.filter((t) => !t.ignored && Number.isFinite(t.entropy));
  const meanH = scored.length ? scored.reduce((s, t) => s + t.entropy, 0) / scored.length : NaN;
  const lnV = uniformLoss(V);
  if (result.tokens.length === 0) return null;
  return (
    <section className="entropy-panel" aria-labelledby={`${id}-title`}>
      <p className="entropy-kicker">Explore</p>
      <h3 id={`${id}-title`}>Entropy beside cross-entropy</h3>
      <p>
        The <strong>entropy</strong> H = −Σ p<sub>i</sub> {unitLog} p<sub>i</sub> of a predicted distribution
        is the −{unitLog} p the model expects to pay if the next token were drawn from its own guesses; {base}
        <sup>H</sup> is its own uncertainty as a count of equally likely words. The{' '}
        <strong>cross-entropy</strong> of two distributions is H(q, p) = −Σ q<sub>i</sub> {unitLog} p
        <sub>i</sub>. Here q is the one-hot target (1 on the true next token y), so it is −{unitLog} p
        <sub>y</sub>, what the true token actually cost: each token’s loss, and the reason the loss is called
        cross-entropy. One token can cost less than H (the model was luckier than it expected) or more.
      </p>
      <p>
        The bound is about the data, not the model: if q is the true distribution of the next token, the
        expected loss is E<sub>q</sub>[−{unitLog} p] = H(q) + KL(q‖p) ≥ H(q) (Gibbs’ inequality), equal only
        when p = q; training pulls p toward q by shrinking the KL term. H(q) is unknown and is not the model’s
        own H below. A loss above the model’s own mean H means it was over-confident (it paid more than it
        expected); below, under-confident.
      </p>
      <p className="entropy-summary">
        Here the mean entropy over the {formatCount(scored.length)} scored positions is{' '}
        <Num value={inUnit(meanH, units)} text={formatLoss(inUnit(meanH, units))} testId="entropy-mean" />{' '}
        {unitName} ({base}
        <sup>H</sup> ≈ {formatK(perplexity(meanH))} words) and the loss is{' '}
        {formatLoss(inUnit(result.loss, units))} {unitName} (perplexity {base}
        <sup>L</sup> ≈ {formatK(perplexity(result.loss))} words):{' '}
        {result.loss > meanH
          ? 'on these tokens the model was over-confident.'
          : 'on these tokens the model was under-confident.'}{' '}
        A uniform guess over all {formatCount(V)} words has H = {unitLog} V = {formatLoss(inUnit(lnV, units))}{' '}
        {unitName}.
      </p>
      <PairChart tokens={tokens} units={units} vocab={V} />
      <div className="table-wrap">
        <table className="tokens entropy-table">
          <caption>
            Each predicted distribution’s entropy and the true token’s cost
            {paging.pages > 1
              ? ` (rows ${rowRange(paging, paging.page)} of the ${formatCount(listed.length)} scored positions, as drawn above)`
              : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Text · position → target</th>
              <th scope="col" className="num">
                H ({unitName})
              </th>
              <th scope="col" className="num">
                {base}
                <sup>H</sup> words
              </th>
              <th scope="col" className="num">
                −{unitLog} p ({unitName})
              </th>
              <th scope="col" className="num">
                1/p
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const h = inUnit(t.entropy, units);
              const ce = inUnit(t.loss, units);
              const eh = perplexity(t.entropy);
              const invP = perplexity(t.loss);
              return (
                <tr key={`${t.batch}-${t.position}`} className={t.ignored ? 'ignored' : undefined}>
                  <th scope="row">
                    <span className="entropy-where">
                      {t.batch + 1} · {t.position + 1}
                    </span>{' '}
                    <Target t={t} decode={decode} />
                  </th>
                  <td className="num">
                    <Num value={h} text={formatLoss(h)} testId="entropy-h" />
                  </td>
                  <td className="num">
                    <Num value={eh} text={formatK(eh)} testId="entropy-eh" />
                  </td>
                  <td className="num">{t.ignored ? '—' : <Num value={ce} text={formatLoss(ce)} />}</td>
                  <td className="num">{t.ignored ? '—' : <Num value={invP} text={formatK(invP)} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} what="the entropy table" />
    </section>
  );
}
