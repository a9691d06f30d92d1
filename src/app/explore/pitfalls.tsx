/**
 * Three ways to get the mean of a batch wrong, each beside the right number, all computed from
 * the shown result (engine or CPU twin) by the math module (src/math/pitfalls.ts):
 *
 * 1. The arithmetic mean of 1/p instead of perplexity, the geometric mean e^(mean −ln p).
 * 2. The mean of per-sequence perplexities e^(mean loss of text b) instead of the pooled
 *    e^(mean over all counted tokens).
 * 3. Padding (target = ignore_index) counted as a loss of 0 instead of left out of the mean.
 *
 * Losses are shown in the reader's units (nats or bits); perplexities have none.
 */
import { useId, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import {
  arithmeticMeanInverseP,
  geometricMeanInverseP,
  inUnit,
  meanOfSequencePerplexities,
  paddedMeans,
  perSequencePerplexities,
  type InfoUnit,
  type XentResult,
} from '../../math';
import { intlNumber } from '../i18n/numbers';
import { formatChoices, formatCount, formatLoss, formatNumber, formatProb } from '../view/format';
import { Num } from '../view/Num';
import './pitfalls.css';

/** A count of choices (e^H, 1/p, a perplexity): whole with separators from 1,000, else 4 digits. */
const formatK = (x: number) => (Math.abs(x) >= 1000 ? formatChoices(x) : formatNumber(x));

/** Sequences listed at most; the mean is always over all of them. */
const MAX_SEQUENCES = 12;
/** Padding positions the demonstration adds to the last text. */
const EXTRA_PADDING = 3;

interface PitfallsProps {
  result: XentResult;
  units: InfoUnit;
}

/**
 * The words that say which number of a pair is right (the edge's style says it too): the
 * <verdict> tag of each pair's message.
 */
const verdict = (chunks: ReactNode[]) => <strong className="pitfall-verdict">{chunks}</strong>;
const sup = (chunks: ReactNode[]) => <sup>{chunks}</sup>;

/** PyTorch's argument that marks padding: code, the same in every language. */
const IGNORE_INDEX = 'ignore_index';

/** A text's or a position's number as the page has always written it: no thousands separator. */
const ordinal = (n: number) => intlNumber(n, { useGrouping: false });

/** The unit's name after a loss, in the page's language. */
function unitName(intl: IntlShape, units: InfoUnit): string {
  return units === 'bits'
    ? intl.formatMessage({
        id: 'pitfalls.unit.bits',
        defaultMessage: 'bits',
        description: 'Unit of a loss (logarithm base 2), written after the number.',
      })
    : intl.formatMessage({
        id: 'pitfalls.unit.nats',
        defaultMessage: 'nats',
        description: 'Unit of a loss (natural logarithm), written after the number.',
      });
}

/** 1. Geometric against arithmetic mean of 1/p, and the token that dominates the arithmetic one. */
function GeometricVsArithmetic({ result }: { result: XentResult }) {
  const counted = result.tokens.filter((t) => !t.ignored);
  const probs = counted.map((t) => t.prob);
  const geometric = geometricMeanInverseP(probs);
  const arithmetic = arithmeticMeanInverseP(probs);
  // The least likely counted token: the largest 1/p, and its share of Σ 1/p.
  const worst = counted.reduce<(typeof counted)[number] | null>(
    (w, t) => (w === null || t.prob < w.prob ? t : w),
    null,
  );
  const share = worst ? 1 / worst.prob / (arithmetic * probs.length) : NaN;
  return (
    <div className="pitfall">
      <h4>
        <FormattedMessage
          id="pitfalls.geometric.title"
          defaultMessage="1. Perplexity is the geometric mean of 1/p, not the arithmetic mean"
        />
      </h4>
      <dl className="pitfall-pair">
        <div className="pitfall-right">
          <dt>
            <FormattedMessage
              id="pitfalls.geometric.right"
              defaultMessage="<verdict>Right: </verdict>Geometric mean: e<sup>mean(−ln p)</sup> = perplexity"
              description="<verdict> marks the number that is right."
              values={{ verdict, sup }}
            />
          </dt>
          <dd>
            <Num value={geometric} text={formatK(geometric)} testId="pitfall-geometric" />
          </dd>
        </div>
        <div className="pitfall-wrong">
          <dt>
            <FormattedMessage
              id="pitfalls.arithmetic.wrong"
              defaultMessage="<verdict>Wrong: </verdict>Arithmetic mean: mean(1/p)"
              description="<verdict> marks the number that is wrong."
              values={{ verdict }}
            />
          </dt>
          <dd>
            <Num value={arithmetic} text={formatK(arithmetic)} testId="pitfall-arithmetic" />
          </dd>
        </div>
      </dl>
      {worst && probs.length > 1 && (
        <p className="pitfall-note">
          {Number.isFinite(share) ? (
            <FormattedMessage
              id="pitfalls.geometric.worst"
              defaultMessage="The arithmetic mean is dominated by the least likely token: text {text}, position {position}, with p = {p}, so 1/p = {inverse}, is {share} of the sum of all {count} values of 1/p. The geometric mean averages the logs, so each token counts by its −log p, as in the loss."
              description="{share} is a percentage, e.g. 29%."
              values={{
                text: ordinal(worst.batch + 1),
                position: ordinal(worst.position + 1),
                p: formatProb(worst.prob),
                inverse: formatK(1 / worst.prob),
                share: intlNumber(Math.round(share * 100) / 100, {
                  style: 'percent',
                  maximumFractionDigits: 0,
                }),
                count: formatCount(probs.length),
              }}
            />
          ) : (
            <FormattedMessage
              id="pitfalls.geometric.worst.all"
              defaultMessage="The arithmetic mean is dominated by the least likely token: text {text}, position {position}, with p = {p}, so 1/p = {inverse}, is all of the sum of all {count} values of 1/p. The geometric mean averages the logs, so each token counts by its −log p, as in the loss."
              values={{
                text: ordinal(worst.batch + 1),
                position: ordinal(worst.position + 1),
                p: formatProb(worst.prob),
                inverse: formatK(1 / worst.prob),
                count: formatCount(probs.length),
              }}
            />
          )}
        </p>
      )}
    </div>
  );
}

/** 2. The pooled perplexity against the mean of the per-sequence perplexities. */
function PooledVsPerSequence({ result, units }: PitfallsProps) {
  const intl = useIntl();
  const [B, T] = result.shape;
  const sequences = perSequencePerplexities(
    result.tokens.map((t) => t.loss),
    result.tokens.map((t) => t.ignored),
    B,
    T,
  );
  const mean = meanOfSequencePerplexities(sequences);
  const scored = sequences.filter((s) => s.count > 0);
  const shown = sequences.slice(0, MAX_SEQUENCES);
  const unit = unitName(intl, units);
  const lengths = new Set(scored.map((s) => s.count));
  return (
    <div className="pitfall">
      <h4>
        <FormattedMessage
          id="pitfalls.pooled.title"
          defaultMessage="2. The pooled perplexity is not the mean of the per-text perplexities"
        />
      </h4>
      <div className="table-wrap">
        <table className="tokens pitfall-table">
          <caption className="visually-hidden">
            <FormattedMessage id="pitfalls.pooled.caption" defaultMessage="Perplexity of each text" />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="pitfalls.pooled.col.text"
                  defaultMessage="Text"
                  description="Column header: which text of the batch (one input sequence)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="pitfalls.pooled.col.tokens"
                  defaultMessage="Tokens"
                  description="Column header: how many tokens of the text are scored."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="pitfalls.pooled.col.loss"
                  defaultMessage="Mean −log p ({unit})"
                  description="Column header: the text’s mean loss; {unit} is bits or nats."
                  values={{ unit }}
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="pitfalls.pooled.col.perplexity"
                  defaultMessage="Perplexity"
                  description="Column header: the text’s perplexity."
                />
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.batch} className={s.count === 0 ? 'ignored' : undefined}>
                <th scope="row">
                  <FormattedMessage
                    id="pitfalls.pooled.row"
                    defaultMessage="Text {n}"
                    description="Row header: the text’s number in the batch."
                    values={{ n: ordinal(s.batch + 1) }}
                  />
                </th>
                <td className="num">{formatCount(s.count)}</td>
                <td className="num">{formatLoss(inUnit(s.loss, units))}</td>
                <td className="num">
                  {s.count === 0 ? (
                    <FormattedMessage
                      id="pitfalls.pooled.allpadding"
                      defaultMessage="all padding"
                      description="In the perplexity column: the text has no scored token, only padding."
                    />
                  ) : (
                    <Num value={s.perplexity} text={formatK(s.perplexity)} testId="pitfall-sequence" />
                  )}
                </td>
              </tr>
            ))}
            {sequences.length > shown.length && (
              <tr>
                <td colSpan={4}>
                  <FormattedMessage
                    id="pitfalls.pooled.more"
                    defaultMessage="… and {count} more texts"
                    description="Last row of the table, when not every text is listed."
                    values={{ count: formatCount(sequences.length - shown.length) }}
                  />
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <dl className="pitfall-pair">
        <div className="pitfall-right">
          <dt>
            <FormattedMessage
              id="pitfalls.pooled.right"
              defaultMessage="<verdict>The loss’s: </verdict>Pooled: e to the mean over all {count} tokens"
              description="<verdict> marks the average that the loss uses; e to the mean: e raised to the mean loss."
              values={{ verdict, count: formatCount(result.count) }}
            />
          </dt>
          <dd>
            <Num value={result.perplexity} text={formatK(result.perplexity)} testId="pitfall-pooled" />
          </dd>
        </div>
        <div className="pitfall-other">
          <dt>
            <FormattedMessage
              id="pitfalls.pooled.other"
              defaultMessage="<verdict>Another average: </verdict>Mean of the {count} per-text perplexities"
              description="<verdict> marks an average that is not the loss’s."
              values={{ verdict, count: formatCount(scored.length) }}
            />
          </dt>
          <dd>
            <Num value={mean} text={formatK(mean)} testId="pitfall-sequence-mean" />
          </dd>
        </div>
      </dl>
      <p className="pitfall-note">
        {lengths.size > 1 ? (
          <FormattedMessage
            id="pitfalls.pooled.note.lengths"
            defaultMessage="The loss averages over tokens, so every token counts once, whichever text it is in, and the number does not grow with the batch size or the texts’ lengths. The mean of per-text perplexities is another average: it weights every text alike, so a short text counts as much as a long one (here the texts have different numbers of scored tokens); and even with texts of the same length, e to a mean is not the mean of the e’s: e<sup>x</sup> curves upward, so averaging the perplexities lets the worst text pull the mean up. The book’s {loader} averages each batch’s mean loss, which is this token mean only when every batch holds the same number of tokens."
            description="{loader} is the name of the book’s function calc_loss_loader (code)."
            values={{ sup, loader: <code>calc_loss_loader</code> }}
          />
        ) : (
          <FormattedMessage
            id="pitfalls.pooled.note"
            defaultMessage="The loss averages over tokens, so every token counts once, whichever text it is in, and the number does not grow with the batch size or the texts’ lengths. The mean of per-text perplexities is another average: it weights every text alike, so a short text counts as much as a long one; and even with texts of the same length, e to a mean is not the mean of the e’s: e<sup>x</sup> curves upward, so averaging the perplexities lets the worst text pull the mean up. The book’s {loader} averages each batch’s mean loss, which is this token mean only when every batch holds the same number of tokens."
            description="{loader} is the name of the book’s function calc_loss_loader (code)."
            values={{ sup, loader: <code>calc_loss_loader</code> }}
          />
        )}
      </p>
    </div>
  );
}

/** 3. Padding left out of the mean (right) against counted as loss 0 (wrong). */
function Padding({ result, units }: PitfallsProps) {
  const id = useId();
  const intl = useIntl();
  const [pad, setPad] = useState(false);
  const B = result.shape[0];
  const real = result.tokens.length - result.count;
  const extra = pad ? EXTRA_PADDING : 0;
  const means = paddedMeans(
    result.tokens.map((t) => t.loss),
    result.tokens.map((t) => t.ignored),
    extra,
  );
  const right = inUnit(means.withIgnoreIndex, units);
  const wrong = inUnit(means.paddingAsZero, units);
  const unit = unitName(intl, units);
  return (
    <div className="pitfall">
      <h4>
        <FormattedMessage
          id="pitfalls.padding.title"
          defaultMessage="3. Padding marked with {param} is left out of the mean"
          description="{param} is PyTorch’s argument ignore_index (code)."
          values={{ param: IGNORE_INDEX }}
        />
      </h4>
      <p>
        <FormattedMessage
          id="pitfalls.padding.intro"
          defaultMessage="Texts of different lengths are padded to one length, and the padding’s targets are set to {param} ({value}) so they are not scored."
          description="{param} is PyTorch’s argument ignore_index (code); {value} its value, e.g. −100."
          values={{ param: IGNORE_INDEX, value: formatCount(result.ignoreIndex) }}
        />{' '}
        {real > 0 ? (
          <FormattedMessage
            id="pitfalls.padding.real"
            defaultMessage="This batch has {n, plural, one {{count} padding position} other {{count} padding positions}}, from texts of different lengths."
            values={{
              n: real,
              count: <Num value={real} text={formatCount(real)} testId="pitfall-real-padding" />,
            }}
          />
        ) : (
          <FormattedMessage
            id="pitfalls.padding.none"
            defaultMessage="This batch has no padding positions."
          />
        )}
      </p>
      <label className="pitfall-toggle" htmlFor={`${id}-pad`}>
        <input
          id={`${id}-pad`}
          type="checkbox"
          checked={pad}
          onChange={(e) => setPad(e.currentTarget.checked)}
        />
        <FormattedMessage
          id="pitfalls.padding.toggle"
          defaultMessage="Pad text {text} with {n, plural, one {# more ignored token} other {# more ignored tokens}}"
          description="Checkbox: adds {n} padding positions (ignored tokens) to the last text."
          values={{ text: ordinal(B), n: EXTRA_PADDING }}
        />
      </label>
      <dl className="pitfall-pair" aria-live="polite">
        <div className="pitfall-right">
          <dt>
            <FormattedMessage
              id="pitfalls.padding.right"
              defaultMessage="<verdict>Right: </verdict>With {param}: Σ −log p over {count} scored tokens ÷ {count}"
              description="<verdict> marks the number that is right; {param} is PyTorch’s argument ignore_index (code)."
              values={{ verdict, param: IGNORE_INDEX, count: formatCount(means.counted) }}
            />
          </dt>
          <dd>
            <Num value={right} text={formatLoss(right)} testId="pitfall-pad-right" /> {unit}
          </dd>
        </div>
        <div className="pitfall-wrong">
          <dt>
            <FormattedMessage
              id="pitfalls.padding.wrong"
              defaultMessage="<verdict>Wrong: </verdict>Padding counted as loss 0: the same sum ÷ {positions} positions ({padding} padding)"
              description="<verdict> marks the number that is wrong; {padding} is how many of the positions are padding."
              values={{
                verdict,
                positions: formatCount(means.counted + means.padding),
                padding: <span data-testid="pitfall-pad-count">{formatCount(means.padding)}</span>,
              }}
            />
          </dt>
          <dd>
            <Num value={wrong} text={formatLoss(wrong)} testId="pitfall-pad-wrong" /> {unit}
          </dd>
        </div>
      </dl>
      <p className="pitfall-note">
        {means.padding > 0 ? (
          <FormattedMessage
            id="pitfalls.padding.note.some"
            defaultMessage="Counting padding makes the loss look lower than it is, and more so the more padding there is; the right mean does not change when padding is added."
          />
        ) : (
          <FormattedMessage
            id="pitfalls.padding.note.none"
            defaultMessage="With no padding the two agree. Add some: the right mean stays the same, the wrong one falls."
          />
        )}
      </p>
    </div>
  );
}

/** The panel: the three pitfalls, one after another. */
export function MeanPitfalls({ result, units }: PitfallsProps) {
  const id = useId();
  if (result.count === 0) return null;
  return (
    <section className="pitfalls" aria-labelledby={`${id}-title`}>
      <p className="pitfalls-kicker">
        <FormattedMessage
          id="pitfalls.kicker"
          defaultMessage="Explore"
          description="Small label above the panel’s title: the panel is an optional exploration."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage id="pitfalls.title" defaultMessage="The loss’s average beside three others" />
      </h3>
      <GeometricVsArithmetic result={result} />
      <PooledVsPerSequence result={result} units={units} />
      <Padding result={result} units={units} />
    </section>
  );
}
