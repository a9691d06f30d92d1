/**
 * "Predict, then reveal": before the mean and the perplexity stages show their number, the class
 * is asked to predict it. The question carries only numbers already seen (the loss, for the
 * perplexity); the answer appears when revealed.
 */
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
      <p className="predict-kicker">Predict, then reveal</p>
      {what === 'loss' ? (
        <p id="predict-question" className="predict-question">
          Each of the {formatCount(result.count)} tokens has its own −log p (the previous stage). What single
          number will the loss be?
        </p>
      ) : (
        <p id="predict-question" className="predict-question">
          The loss is {formatLoss(inUnit(result.loss, units))} {units}. A uniform guess among how many words,
          the right one always among them, would score the same? (A uniform guess over all {formatCount(V)}{' '}
          words has a loss of {formatLoss(inUnit(Math.log(V), units))} {units}.)
        </p>
      )}
      <p className="predict-hint">Say a number or write it down, then reveal.</p>
      <button type="button" className="primary" onClick={onReveal}>
        Reveal the {what}
      </button>
    </div>
  );
}
