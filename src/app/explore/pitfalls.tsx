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
import { useId, useState } from 'react';
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

/** The word that says which number of a pair is right (the edge's style says it too). */
function Verdict({ right = false, label }: { right?: boolean; label?: string }) {
  return <strong className="pitfall-verdict">{label ?? (right ? 'Right' : 'Wrong')}: </strong>;
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
      <h4>1. Perplexity is the geometric mean of 1/p, not the arithmetic mean</h4>
      <dl className="pitfall-pair">
        <div className="pitfall-right">
          <dt>
            <Verdict right />
            Geometric mean: e<sup>mean(−ln p)</sup> = perplexity
          </dt>
          <dd>
            <Num value={geometric} text={formatK(geometric)} testId="pitfall-geometric" />
          </dd>
        </div>
        <div className="pitfall-wrong">
          <dt>
            <Verdict />
            Arithmetic mean: mean(1/p)
          </dt>
          <dd>
            <Num value={arithmetic} text={formatK(arithmetic)} testId="pitfall-arithmetic" />
          </dd>
        </div>
      </dl>
      {worst && probs.length > 1 && (
        <p className="pitfall-note">
          The arithmetic mean is dominated by the least likely token: text {worst.batch + 1}, position{' '}
          {worst.position + 1}, with p = {formatProb(worst.prob)}, so 1/p = {formatK(1 / worst.prob)}, is{' '}
          {Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'all'} of the sum of all{' '}
          {formatCount(probs.length)} values of 1/p. The geometric mean averages the logs, so each token
          counts by its −log p, as in the loss.
        </p>
      )}
    </div>
  );
}

/** 2. The pooled perplexity against the mean of the per-sequence perplexities. */
function PooledVsPerSequence({ result, units }: PitfallsProps) {
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
  const unitName = units === 'bits' ? 'bits' : 'nats';
  const lengths = new Set(scored.map((s) => s.count));
  return (
    <div className="pitfall">
      <h4>2. The pooled perplexity is not the mean of the per-text perplexities</h4>
      <div className="table-wrap">
        <table className="tokens pitfall-table">
          <caption className="visually-hidden">Perplexity of each text</caption>
          <thead>
            <tr>
              <th scope="col">Text</th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Mean −log p ({unitName})
              </th>
              <th scope="col" className="num">
                Perplexity
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.batch} className={s.count === 0 ? 'ignored' : undefined}>
                <th scope="row">Text {s.batch + 1}</th>
                <td className="num">{formatCount(s.count)}</td>
                <td className="num">{formatLoss(inUnit(s.loss, units))}</td>
                <td className="num">
                  {s.count === 0 ? (
                    'all padding'
                  ) : (
                    <Num value={s.perplexity} text={formatK(s.perplexity)} testId="pitfall-sequence" />
                  )}
                </td>
              </tr>
            ))}
            {sequences.length > shown.length && (
              <tr>
                <td colSpan={4}>… and {formatCount(sequences.length - shown.length)} more texts</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <dl className="pitfall-pair">
        <div className="pitfall-right">
          <dt>
            <Verdict right label="The loss’s" />
            Pooled: e to the mean over all {formatCount(result.count)} tokens
          </dt>
          <dd>
            <Num value={result.perplexity} text={formatK(result.perplexity)} testId="pitfall-pooled" />
          </dd>
        </div>
        <div className="pitfall-other">
          <dt>
            <Verdict label="Another average" />
            Mean of the {formatCount(scored.length)} per-text perplexities
          </dt>
          <dd>
            <Num value={mean} text={formatK(mean)} testId="pitfall-sequence-mean" />
          </dd>
        </div>
      </dl>
      <p className="pitfall-note">
        The loss averages over tokens, so every token counts once, whichever text it is in, and the number
        does not grow with the batch size or the texts’ lengths. The mean of per-text perplexities is another
        average: it weights every text alike, so a short text counts as much as a long one
        {lengths.size > 1 ? ' (here the texts have different numbers of scored tokens)' : ''}; and even with
        texts of the same length, e to a mean is not the mean of the e’s: e<sup>x</sup> curves upward, so
        averaging the perplexities lets the worst text pull the mean up. The book’s{' '}
        <code>calc_loss_loader</code> averages each batch’s mean loss, which is this token mean only when
        every batch holds the same number of tokens.
      </p>
    </div>
  );
}

/** 3. Padding left out of the mean (right) against counted as loss 0 (wrong). */
function Padding({ result, units }: PitfallsProps) {
  const id = useId();
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
  const unitName = units === 'bits' ? 'bits' : 'nats';
  return (
    <div className="pitfall">
      <h4>3. Padding marked with ignore_index is left out of the mean</h4>
      <p>
        Texts of different lengths are padded to one length, and the padding’s targets are set to ignore_index
        ({formatCount(result.ignoreIndex)}) so they are not scored. This batch has{' '}
        {real > 0 ? <Num value={real} text={formatCount(real)} testId="pitfall-real-padding" /> : 'no'}{' '}
        padding {real === 1 ? 'position' : 'positions'}
        {real > 0 ? ', from texts of different lengths.' : '.'}
      </p>
      <label className="pitfall-toggle" htmlFor={`${id}-pad`}>
        <input
          id={`${id}-pad`}
          type="checkbox"
          checked={pad}
          onChange={(e) => setPad(e.currentTarget.checked)}
        />
        Pad text {B} with {EXTRA_PADDING} more ignored tokens
      </label>
      <dl className="pitfall-pair" aria-live="polite">
        <div className="pitfall-right">
          <dt>
            <Verdict right />
            With ignore_index: Σ −log p over {formatCount(means.counted)} scored tokens ÷{' '}
            {formatCount(means.counted)}
          </dt>
          <dd>
            <Num value={right} text={formatLoss(right)} testId="pitfall-pad-right" /> {unitName}
          </dd>
        </div>
        <div className="pitfall-wrong">
          <dt>
            <Verdict />
            Padding counted as loss 0: the same sum ÷ {formatCount(means.counted + means.padding)} positions (
            <span data-testid="pitfall-pad-count">{formatCount(means.padding)}</span> padding)
          </dt>
          <dd>
            <Num value={wrong} text={formatLoss(wrong)} testId="pitfall-pad-wrong" /> {unitName}
          </dd>
        </div>
      </dl>
      <p className="pitfall-note">
        {means.padding > 0
          ? `Counting padding makes the loss look lower than it is, and more so the more padding there is; the right mean does not change when padding is added.`
          : `With no padding the two agree. Add some: the right mean stays the same, the wrong one falls.`}
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
      <p className="pitfalls-kicker">Explore</p>
      <h3 id={`${id}-title`}>The loss’s average beside three others</h3>
      <GeometricVsArithmetic result={result} />
      <PooledVsPerSequence result={result} units={units} />
      <Padding result={result} units={units} />
    </section>
  );
}
