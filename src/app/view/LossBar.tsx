/**
 * The loss and the perplexity on one slim line under the stage rail, in view while a long stage
 * scrolls, where the summary cannot sit beside the stage (styles.css shows it below 75rem). It
 * reads the same result, units and kept-back numbers as Figures. It is a labelled region, not a
 * live region: the page's one polite status line already announces each new result.
 */
import { FormattedMessage, useIntl } from 'react-intl';
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

/** The bar's two labels, as in the summary beside the stage. */
function LossLabel() {
  return (
    <span className="loss-bar-label">
      <FormattedMessage
        id="lossbar.loss"
        defaultMessage="Loss"
        description="Label of the cross-entropy loss's value in the slim bar under the stage rail."
      />
    </span>
  );
}

function PerplexityLabel() {
  return (
    <span className="loss-bar-label">
      <FormattedMessage
        id="lossbar.perplexity"
        defaultMessage="Perplexity"
        description="Label of the perplexity's value in the slim bar under the stage rail."
      />
    </span>
  );
}

export function LossBar({ result, units, hidden }: LossBarProps) {
  const intl = useIntl();
  const name = intl.formatMessage({
    id: 'lossbar.name',
    defaultMessage: 'Loss and perplexity',
    description: 'Name of the slim bar under the stage rail that shows the loss and the perplexity.',
  });
  if (!result) {
    return (
      <section className="loss-bar" aria-label={name} aria-busy="true">
        <p>
          <LossLabel /> <Pending />
        </p>
        <p>
          <PerplexityLabel /> <Pending />
        </p>
      </section>
    );
  }
  return (
    <section className="loss-bar" aria-label={name}>
      <p>
        <LossLabel />{' '}
        {hidden?.loss ? (
          <Hidden className="loss-bar-value" />
        ) : (
          <>
            <span className="loss-bar-value" data-testid="bar-loss">
              {formatLoss(inUnit(result.loss, units))}
            </span>{' '}
            <span className="loss-bar-unit">
              <FormattedMessage
                id="lossbar.unit"
                defaultMessage="{units, select, bits {bits} other {nats}}"
                description="The loss's unit after its value: bits (log base 2) or nats (natural log)."
                values={{ units }}
              />
            </span>
          </>
        )}
      </p>
      <p>
        <PerplexityLabel />{' '}
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
      <span className="visually-hidden">
        <FormattedMessage
          id="lossbar.pending"
          defaultMessage="computing"
          description="Read by screen readers in place of a number that is still being computed (shown as …)."
        />
      </span>
    </span>
  );
}
