/**
 * The two numbers the page is about: the loss (in nats or bits) and the perplexity, from the
 * computed result, with the choice of units. The perplexity is the same in either unit:
 * e^(L nats) = 2^(L bits).
 */
import { memo, useId } from 'react';
import { FormattedMessage } from 'react-intl';
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
 * label beside it does (the loss or the perplexity, each its own sentence); `className` adds the
 * place's own class (the loss bar's value).
 */
export function Hidden({ what, className }: { what?: 'loss' | 'perplexity'; className?: string }) {
  return (
    <span className={className ? `${className} figure-hidden` : 'figure-hidden'}>
      <span aria-hidden="true">?</span>
      <span className="visually-hidden">
        {what === 'loss' ? (
          <FormattedMessage
            id="figures.hidden.loss"
            defaultMessage="The loss is hidden until revealed"
            description="For screen readers, in place of the loss while “Predict, then reveal” keeps it back."
          />
        ) : what === 'perplexity' ? (
          <FormattedMessage
            id="figures.hidden.perplexity"
            defaultMessage="The perplexity is hidden until revealed"
            description="For screen readers, in place of the perplexity while “Predict, then reveal” keeps it back."
          />
        ) : (
          <FormattedMessage
            id="figures.hidden"
            defaultMessage="hidden until revealed"
            description="For screen readers, in place of a number kept back by “Predict, then reveal” (its label is beside it)."
          />
        )}
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
      <legend className="visually-hidden">
        <FormattedMessage id="figures.units.legend" defaultMessage="Units of the loss" />
      </legend>
      {(['nats', 'bits'] as const).map((u) => (
        <label key={u} className="unit-option">
          <input type="radio" name={name} value={u} checked={units === u} onChange={() => onUnits(u)} />
          <span>
            {u === 'nats' ? (
              <FormattedMessage
                id="figures.units.nats"
                defaultMessage="nats (ln)"
                description="A unit of the loss: nats, natural units of information, from the natural logarithm ln."
              />
            ) : (
              <FormattedMessage
                id="figures.units.bits"
                defaultMessage="bits (log₂)"
                description="A unit of the loss: bits, from the base-2 logarithm log₂."
              />
            )}
          </span>
        </label>
      ))}
    </fieldset>
  );
});

export function Figures({ result, units, onUnits, hidden }: FiguresProps) {
  const V = result.shape[2];
  const id = useId();
  const loss = inUnit(result.loss, units);
  // The perplexity as a power of the loss: 2^loss in bits, e^loss in nats.
  const power =
    units === 'bits' ? (
      <FormattedMessage
        id="figures.perplexity.power.bits"
        defaultMessage="2<sup>loss</sup>"
        description="Two to the power of the loss (a formula; “loss” is the exponent)."
        values={{ sup: (chunks) => <sup>{chunks}</sup> }}
      />
    ) : (
      <FormattedMessage
        id="figures.perplexity.power.nats"
        defaultMessage="e<sup>loss</sup>"
        description="e (Euler’s number) to the power of the loss (a formula; “loss” is the exponent)."
        values={{ sup: (chunks) => <sup>{chunks}</sup> }}
      />
    );
  return (
    <div className="figures">
      <section className="figure" aria-labelledby={`${id}-loss`}>
        <h2 id={`${id}-loss`} className="figure-title">
          <FormattedMessage id="figures.loss.title" defaultMessage="Cross-entropy loss" />
        </h2>
        <p className="figure-value">
          {hidden?.loss ? <Hidden what="loss" /> : <Num value={loss} text={formatLoss(loss)} testId="loss" />}
        </p>
        <p className="figure-note">
          {units === 'bits' ? (
            <FormattedMessage
              id="figures.loss.note.bits"
              defaultMessage="{count, plural, one {bits: the mean of −log₂ p over {countText} token} other {bits: the mean of −log₂ p over {countText} tokens}}"
              description="Under the loss in bits (the unit): it is the mean of −log₂ p over the scored tokens."
              values={{ count: result.count, countText: formatCount(result.count) }}
            />
          ) : (
            <FormattedMessage
              id="figures.loss.note.nats"
              defaultMessage="{count, plural, one {nats: the mean of −ln p over {countText} token} other {nats: the mean of −ln p over {countText} tokens}}"
              description="Under the loss in nats (the unit): it is the mean of −ln p over the scored tokens."
              values={{ count: result.count, countText: formatCount(result.count) }}
            />
          )}
        </p>
        <UnitChoice name={`${id}-units`} units={units} onUnits={onUnits} />
      </section>
      <section className="figure" aria-labelledby={`${id}-perplexity`}>
        <h2 id={`${id}-perplexity`} className="figure-title">
          <FormattedMessage id="figures.perplexity.title" defaultMessage="Perplexity" />
        </h2>
        <p className="figure-value">
          {hidden?.perplexity ? (
            <Hidden what="perplexity" />
          ) : (
            <Num value={result.perplexity} text={formatPerplexity(result.perplexity)} testId="perplexity" />
          )}
        </p>
        <p className="figure-note">
          {hidden?.perplexity ? (
            <FormattedMessage
              id="figures.perplexity.note.hidden"
              defaultMessage="{power}: as well as a uniform guess among how many of {vocab} tokens, the right one always among them"
              description="Under the perplexity while it is kept back (the reader predicts it); {power} is 2^loss or e^loss."
              values={{ power, vocab: formatCount(V) }}
            />
          ) : (
            <FormattedMessage
              id="figures.perplexity.note"
              defaultMessage="{power}: as well as a uniform guess among {choices} of {vocab} tokens, the right one always among them"
              description="Under the perplexity: it is the number of equally likely tokens ({choices}) a guess would pick among; {power} is 2^loss or e^loss."
              values={{ power, choices: formatChoices(result.perplexity), vocab: formatCount(V) }}
            />
          )}
        </p>
      </section>
    </div>
  );
}
