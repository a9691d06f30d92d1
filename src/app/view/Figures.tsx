/**
 * The two numbers the page is about: the loss (in nats or bits) and the perplexity, from the
 * computed result, with the choice of units. The perplexity is the same in either unit:
 * e^(L nats) = 2^(L bits).
 */
import { memo, useId } from 'react';
import { inUnit, type XentResult } from '../../math';
import type { Units } from '../state';
import { formatChoices, formatCount, formatLoss, formatPerplexity } from './format';
import { Num } from './Num';

interface FiguresProps {
  result: XentResult;
  units: Units;
  onUnits: (units: Units) => void;
  /** Numbers kept back for "Predict, then reveal". */
  hidden?: { loss: boolean; perplexity: boolean };
}

/**
 * A kept-back number: a question mark, and words for screen readers. `what` names it where no
 * label beside it does; `className` adds the place's own class (the loss bar's value).
 */
export function Hidden({ what, className }: { what?: string; className?: string }) {
  return (
    <span className={className ? `${className} figure-hidden` : 'figure-hidden'}>
      <span aria-hidden="true">?</span>
      <span className="visually-hidden">
        {what ? `${what} hidden until revealed` : 'hidden until revealed'}
      </span>
    </span>
  );
}

/**
 * The units radios, apart so that a new result does not render them again: React sets an input's
 * name and type on every render, and each set is a DOM mutation the browser then restyles.
 */
const UnitChoice = memo(function UnitChoice({
  name,
  units,
  onUnits,
}: {
  name: string;
  units: Units;
  onUnits: (units: Units) => void;
}) {
  return (
    <fieldset className="units">
      <legend className="visually-hidden">Units of the loss</legend>
      {(['nats', 'bits'] as const).map((u) => (
        <label key={u} className="unit-option">
          <input type="radio" name={name} value={u} checked={units === u} onChange={() => onUnits(u)} />
          <span>{u === 'nats' ? 'nats (ln)' : 'bits (log₂)'}</span>
        </label>
      ))}
    </fieldset>
  );
});

export function Figures({ result, units, onUnits, hidden }: FiguresProps) {
  const V = result.shape[2];
  const id = useId();
  const loss = inUnit(result.loss, units);
  return (
    <div className="figures">
      <section className="figure" aria-labelledby={`${id}-loss`}>
        <h2 id={`${id}-loss`} className="figure-title">
          Cross-entropy loss
        </h2>
        <p className="figure-value">
          {hidden?.loss ? (
            <Hidden what="The loss is" />
          ) : (
            <Num value={loss} text={formatLoss(loss)} testId="loss" />
          )}
        </p>
        <p className="figure-note">
          {units}: the mean of {units === 'bits' ? '−log₂ p' : '−ln p'} over {formatCount(result.count)}{' '}
          {result.count === 1 ? 'token' : 'tokens'}
        </p>
        <UnitChoice name={`${id}-units`} units={units} onUnits={onUnits} />
      </section>
      <section className="figure" aria-labelledby={`${id}-perplexity`}>
        <h2 id={`${id}-perplexity`} className="figure-title">
          Perplexity
        </h2>
        <p className="figure-value">
          {hidden?.perplexity ? (
            <Hidden what="The perplexity is" />
          ) : (
            <Num value={result.perplexity} text={formatPerplexity(result.perplexity)} testId="perplexity" />
          )}
        </p>
        <p className="figure-note">
          {units === 'bits' ? (
            <>
              2<sup>loss</sup>
            </>
          ) : (
            <>
              e<sup>loss</sup>
            </>
          )}
          : as well as a uniform guess among{' '}
          {hidden?.perplexity ? 'how many' : formatChoices(result.perplexity)} of {formatCount(V)} tokens, the
          right one always among them
        </p>
      </section>
    </div>
  );
}
