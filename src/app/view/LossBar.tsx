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
  /** null while the first result is computed: the bar keeps its place, with "…" for the numbers. */
  result: XentResult | null;
  units: Units;
  /** Numbers kept back for "Predict, then reveal", as for Figures. */
  hidden?: { loss: boolean; perplexity: boolean };
}

export function LossBar({ result, units, hidden }: LossBarProps) {
  if (!result) {
    return (
      <section className="loss-bar" aria-label="Loss and perplexity" aria-busy="true">
        <p>
          <span className="loss-bar-label">Loss</span> <Pending />
        </p>
        <p>
          <span className="loss-bar-label">Perplexity</span> <Pending />
        </p>
      </section>
    );
  }
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

/** A number not computed yet: an ellipsis, read as "computing". */
function Pending() {
  return (
    <span className="loss-bar-value loss-bar-pending">
      <span aria-hidden="true">…</span>
      <span className="visually-hidden">computing</span>
    </span>
  );
}
