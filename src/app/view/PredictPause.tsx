/**
 * "Predict, then reveal": before the mean and the perplexity stages show their number, the class
 * is asked to predict it. The question carries only numbers already seen (the loss, for the
 * perplexity); the answer appears when revealed.
 */
import { FormattedMessage } from 'react-intl';
import { inUnit, type XentResult } from '../../math';
import type { Units } from '../state';
import { formatCount, formatLoss } from './format';

interface PredictPauseProps {
  what: 'loss' | 'perplexity';
  result: XentResult;
  units: Units;
  onReveal: () => void;
}

export function PredictPause({ what, result, units, onReveal }: PredictPauseProps) {
  const V = result.shape[2];
  return (
    <div className="predict-pause" role="group" aria-labelledby="predict-question">
      <p className="predict-kicker">
        <FormattedMessage
          id="predict.kicker"
          defaultMessage="Predict, then reveal"
          description="Heading of the pause in which the class predicts a number before it is shown."
        />
      </p>
      {what === 'loss' ? (
        <p id="predict-question" className="predict-question">
          <FormattedMessage
            id="predict.loss.question"
            defaultMessage="Each of the {count, plural, other {{countText} tokens}} has its own −log p (the previous stage). What single number will the loss be?"
            description="Asks the class to predict the loss (the mean of the tokens' −log p) before it is shown."
            values={{ count: result.count, countText: formatCount(result.count) }}
          />
        </p>
      ) : (
        <p id="predict-question" className="predict-question">
          <FormattedMessage
            id="predict.perplexity.question"
            defaultMessage="The loss is {loss} {units, select, bits {bits} other {nats}}. A uniform guess among how many words, the right one always among them, would score the same? (A uniform guess over all {vocab, plural, other {{vocabText} words}} has a loss of {uniform} {units, select, bits {bits} other {nats}}.)"
            description="Asks the class to predict the perplexity. units: bits or nats; vocab: the vocabulary's size; uniform: the loss of a uniform guess over it."
            values={{
              loss: formatLoss(inUnit(result.loss, units)),
              units,
              vocab: V,
              vocabText: formatCount(V),
              uniform: formatLoss(inUnit(Math.log(V), units)),
            }}
          />
        </p>
      )}
      <p className="predict-hint">
        <FormattedMessage id="predict.hint" defaultMessage="Say a number or write it down, then reveal." />
      </p>
      <button type="button" className="primary" onClick={onReveal}>
        {what === 'loss' ? (
          <FormattedMessage id="predict.reveal.loss" defaultMessage="Reveal the loss" />
        ) : (
          <FormattedMessage id="predict.reveal.perplexity" defaultMessage="Reveal the perplexity" />
        )}
      </button>
    </div>
  );
}
