/**
 * The loss and the perplexity on one slim line under the stage rail, in view while a long stage
 * scrolls, where the summary cannot sit beside the stage (styles.css shows it below 75rem). It
 * reads the same result, units and kept-back numbers as Figures. It is a labelled region, not a
 * live region: the page's one polite status line already announces each new result.
 */
import { inUnit, type XentResult } from '../../math';
import type { Units } from '../state';
import { Hidden } from './Figures';
import { formatLoss, formatPerplexity } from './format';

interface LossBarProps {
  result: XentResult;
  units: Units;
  /** Numbers kept back for "Predict, then reveal", as for Figures. */
  hidden?: { loss: boolean; perplexity: boolean };
}

export function LossBar({ result, units, hidden }: LossBarProps) {
  return (
    <section className="loss-bar" aria-label="Loss and perplexity">
      <p>
        <span className="loss-bar-label">Loss</span>{' '}
        {hidden?.loss ? (
          <Hidden className="loss-bar-value" />
        ) : (
          <>
            <span className="loss-bar-value" data-testid="bar-loss">
              {formatLoss(inUnit(result.loss, units))}
            </span>{' '}
            <span className="loss-bar-unit">{units}</span>
          </>
        )}
      </p>
      <p>
        <span className="loss-bar-label">Perplexity</span>{' '}
        {hidden?.perplexity ? (
          <Hidden className="loss-bar-value" />
        ) : (
          <span className="loss-bar-value" data-testid="bar-perplexity">
            {formatPerplexity(result.perplexity)}
          </span>
        )}
      </p>
    </section>
  );
}
