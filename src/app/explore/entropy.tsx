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
import { useId, useMemo, useRef, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { inUnit, perplexity, uniformLoss, type InfoUnit, type TokenLoss, type XentResult } from '../../math';
import { intlNumber } from '../i18n/numbers';
import { formatChoices, formatCount, formatLoss, formatNumber } from '../view/format';
import { Num } from '../view/Num';
import { Pager, rowRange, usePaging } from '../view/Pager';
import { ChartExport } from '../view/ChartExport';
import { useElementWidth } from '../view/hooks';
import { showToken, type Decode } from '../view/tokens';
import './entropy.css';

/** A count of choices (e^H, 1/p, a perplexity): whole with separators from 1,000, else 4 digits. */
const formatK = (x: number) => (Math.abs(x) >= 1000 ? formatChoices(x) : formatNumber(x));

/** A text's or a position's number, 1-based, as the page has always written it: no separators. */
const formatIndex = (n: number) => intlNumber(n, { useGrouping: false });

/** The unit's name in the page's language: bits or nats. */
function unitName(intl: IntlShape, units: InfoUnit): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'entropy.unit.bits',
        defaultMessage: 'bits',
        description: 'The unit of information in base 2 (entropy and loss “in bits”).',
      })
    : intl.formatMessage({
        id: 'entropy.unit.nats',
        defaultMessage: 'nats',
        description: 'The unit of information in base e (natural logarithm): entropy and loss “in nats”.',
      });
}

const sub = (chunks: ReactNode[]) => <sub>{chunks}</sub>;
const sup = (chunks: ReactNode[]) => <sup>{chunks}</sup>;
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** Rows listed and drawn a page at a time; a long text pages through its positions (view/Pager.tsx). */
const MAX_TOKENS = 64;

interface EntropyProps {
  result: XentResult;
  units: InfoUnit;
  decode: Decode | null;
}

/** The target as a chip (␣ marks a leading space); screen readers get the text in quotes instead. */
function Target({ t, decode }: { t: TokenLoss; decode: Decode | null }) {
  if (t.ignored)
    return (
      <span className="entropy-pad">
        <FormattedMessage
          id="entropy.target.padding"
          defaultMessage="padding"
          description="In the target column: this position is padding (an ignored token), not a real target."
        />
      </span>
    );
  if (!decode) return <span className="id">#{t.target}</span>;
  const text = decode(t.target);
  return (
    <>
      <span className="token" aria-hidden="true">
        {showToken(text)}
      </span>
      <span className="visually-hidden">
        <FormattedMessage
          id="entropy.target.spoken"
          defaultMessage="“{token}”"
          description="For screen readers: the target token's text in quotation marks."
          values={{ token: text }}
        />
      </span>
    </>
  );
}

/** The dot pairs: H (hollow circle) and −log p (filled square) per token, ln V as a dashed line. */
function PairChart({ tokens, units, vocab }: { tokens: TokenLoss[]; units: InfoUnit; vocab: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const intl = useIntl();
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
  // The uniform guess's line, a formula: the same in every language.
  const logV = `${unitLog} V`;
  const list = tokens
    .map((t) => {
      const where = { text: formatIndex(t.batch + 1), position: formatIndex(t.position + 1) };
      const h = formatLoss(inUnit(t.entropy, units));
      return t.ignored
        ? intl.formatMessage(
            {
              id: 'entropy.chart.label.padding',
              defaultMessage: 'text {text} position {position}: H {h}, padding',
              description:
                'One padding token in the entropy chart’s description: its text and position, its entropy H; it has no loss.',
            },
            { ...where, h },
          )
        : intl.formatMessage(
            {
              id: 'entropy.chart.label.token',
              defaultMessage: 'text {text} position {position}: H {h}, −log p {loss}',
              description:
                'One token in the entropy chart’s description: its text and position, its entropy H and its loss −log p.',
            },
            { ...where, h, loss: formatLoss(inUnit(t.loss, units)) },
          );
    })
    .join('; ');
  const label = intl.formatMessage(
    {
      id: 'entropy.chart.label',
      defaultMessage:
        'Per token, the entropy H (hollow circles) and the cross-entropy −{log} p of the true token (filled squares), in {unit}, with {log} V = {lnV} marked: {list}.',
      description:
        'The entropy chart’s description (for screen readers and exported images). {log} is ln or log₂; {list} lists the tokens.',
    },
    { log: unitLog, unit: unitName(intl, units), lnV: formatLoss(lnV), list },
  );
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
            {unitName(intl, units)}
          </text>
          {tokens.length <= 16 &&
            tokens.map((t, i) => (
              <text key={i} x={x(i)} y={H - m.bottom + 16} textAnchor="middle">
                {formatIndex(t.batch + 1)}·{formatIndex(t.position + 1)}
              </text>
            ))}
        </g>
        <g aria-hidden="true">
          <line className="entropy-uniform" x1={m.left} x2={W - m.right} y1={y(lnV)} y2={y(lnV)} />
          <text className="entropy-uniform-label" x={W - m.right + 6} y={y(lnV)} dy="0.32em">
            {logV}
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
          <FormattedMessage
            id="entropy.chart.legend.entropy"
            defaultMessage="entropy H"
            description="Legend of the entropy chart: the hollow circles are each token’s entropy H."
          />
        </span>
        <span>
          <svg width="14" height="14">
            <rect className="entropy-ce" x="2" y="2" width="10" height="10" />
          </svg>
          <FormattedMessage
            id="entropy.chart.legend.loss"
            defaultMessage="−log p of the true token"
            description="Legend of the entropy chart: the filled squares are each token’s loss."
          />
        </span>
        <span>
          <svg width="22" height="14">
            <line className="entropy-uniform" x1="0" x2="22" y1="7" y2="7" />
          </svg>
          <FormattedMessage
            id="entropy.chart.legend.uniform"
            defaultMessage="{log} V, a uniform guess"
            description="Legend of the entropy chart: the dashed line is the entropy of a uniform guess over the V words. {log} is ln or log₂."
            values={{ log: unitLog }}
          />
        </span>
      </p>
      <ChartExport
        chart={ref}
        name={intl.formatMessage({
          id: 'entropy.chart.name',
          defaultMessage: 'entropy',
          description: 'The chart’s name in the export buttons: “Export the entropy chart as SVG”.',
        })}
        file="entropy-chart"
        caption={label}
      />
    </div>
  );
}

export function EntropyPanel({ result, units, decode }: EntropyProps) {
  const id = useId();
  const intl = useIntl();
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
  const unit = unitName(intl, units);
  const unitLog = units === 'bits' ? 'log₂' : 'ln';
  const base = units === 'bits' ? '2' : 'e';
  // Mean entropy over the scored positions, beside the loss (the mean cross-entropy).
  const scored = result.tokens.filter((t) => !t.ignored && Number.isFinite(t.entropy));
  const meanH = scored.length ? scored.reduce((s, t) => s + t.entropy, 0) / scored.length : NaN;
  const lnV = uniformLoss(V);
  if (result.tokens.length === 0) return null;
  return (
    <section className="entropy-panel" aria-labelledby={`${id}-title`}>
      <p className="entropy-kicker">
        <FormattedMessage
          id="entropy.kicker"
          defaultMessage="Explore"
          description="Small label above an exploration panel’s heading: this panel is an exploration."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage id="entropy.title" defaultMessage="Entropy beside cross-entropy" />
      </h3>
      <p>
        <FormattedMessage
          id="entropy.intro"
          defaultMessage="The <strong>entropy</strong> H = −Σ p<sub>i</sub> {log} p<sub>i</sub> of a predicted distribution is the −{log} p the model expects to pay if the next token were drawn from its own guesses; {base}<sup>H</sup> is its own uncertainty as a count of equally likely words. The <strong>cross-entropy</strong> of two distributions is H(q, p) = −Σ q<sub>i</sub> {log} p<sub>i</sub>. Here q is the one-hot target (1 on the true next token y), so it is −{log} p<sub>y</sub>, what the true token actually cost: each token’s loss, and the reason the loss is called cross-entropy. One token can cost less than H (the model was luckier than it expected) or more."
          description="{log} is ln or log₂, {base} is e or 2 (the logarithm’s base); <sub> and <sup> are subscripts and exponents."
          values={{ log: unitLog, base, strong, sub, sup }}
        />
      </p>
      <p>
        <FormattedMessage
          id="entropy.bound"
          defaultMessage="The bound is about the data, not the model: if q is the true distribution of the next token, the expected loss is E<sub>q</sub>[−{log} p] = H(q) + KL(q‖p) ≥ H(q) (Gibbs’ inequality), equal only when p = q; training pulls p toward q by shrinking the KL term. H(q) is unknown and is not the model’s own H below. A loss above the model’s own mean H means it was over-confident (it paid more than it expected); below, under-confident."
          description="{log} is ln or log₂; KL is the Kullback–Leibler divergence."
          values={{ log: unitLog, sub }}
        />
      </p>
      <p className="entropy-summary">
        <FormattedMessage
          id="entropy.summary"
          defaultMessage="Here the mean entropy over the {count, plural, other {{countText} scored positions}} is {meanH} {unit} ({base}<sup>H</sup> ≈ {eH} words) and the loss is {loss} {unit} (perplexity {base}<sup>L</sup> ≈ {eL} words): {over, select, true {on these tokens the model was over-confident.} other {on these tokens the model was under-confident.}} A uniform guess over all {vocab, plural, other {{vocabText} words}} has H = {log} V = {lnV} {unit}."
          description="{unit} is bits or nats, {base} is e or 2, {log} is ln or log₂; {eH} and {eL} are counts of equally likely words (e to the entropy, e to the loss)."
          values={{
            count: scored.length,
            countText: formatCount(scored.length),
            meanH: (
              <Num
                value={inUnit(meanH, units)}
                text={formatLoss(inUnit(meanH, units))}
                testId="entropy-mean"
              />
            ),
            unit,
            base,
            sup,
            eH: formatK(perplexity(meanH)),
            loss: formatLoss(inUnit(result.loss, units)),
            eL: formatK(perplexity(result.loss)),
            over: result.loss > meanH ? 'true' : 'false',
            vocab: V,
            vocabText: formatCount(V),
            log: unitLog,
            lnV: formatLoss(inUnit(lnV, units)),
          }}
        />
      </p>
      <PairChart tokens={tokens} units={units} vocab={V} />
      <div className="table-wrap">
        <table className="tokens entropy-table">
          <caption>
            {paging.pages > 1 ? (
              <FormattedMessage
                id="entropy.table.caption.paged"
                defaultMessage="Each predicted distribution’s entropy and the true token’s cost (rows {rows} of the {count, plural, other {{countText} scored positions}}, as drawn above)"
                description="{rows} is a range of row numbers such as 1–64."
                values={{
                  rows: rowRange(paging, paging.page),
                  count: listed.length,
                  countText: formatCount(listed.length),
                }}
              />
            ) : (
              <FormattedMessage
                id="entropy.table.caption"
                defaultMessage="Each predicted distribution’s entropy and the true token’s cost"
              />
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="entropy.table.where"
                  defaultMessage="Text · position → target"
                  description="Column header: which text and position, and the true next token there."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="entropy.table.entropy"
                  defaultMessage="H ({unit})"
                  description="Column header: the entropy H, in bits or nats."
                  values={{ unit }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="entropy.table.words"
                  defaultMessage="{base}<sup>H</sup> words"
                  description="Column header: e (or 2) to the entropy, a count of equally likely words."
                  values={{ base, sup }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="entropy.table.loss"
                  defaultMessage="−{log} p ({unit})"
                  description="Column header: the true token’s loss −ln p (or −log₂ p), in nats or bits."
                  values={{ log: unitLog, unit }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="entropy.table.inverse"
                  defaultMessage="1/p"
                  description="Column header: one over the true token’s probability p (a formula)."
                />
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
                      {formatIndex(t.batch + 1)} · {formatIndex(t.position + 1)}
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
      <Pager
        paging={paging}
        what={intl.formatMessage({
          id: 'entropy.pager.what',
          defaultMessage: 'the entropy table',
          description:
            'Completes the name of the page buttons under the table: “Pages of the entropy table”.',
        })}
      />
    </section>
  );
}
