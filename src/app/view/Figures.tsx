/** The two numbers the page is about: the loss and the perplexity, from the computed result. */
import type { XentResult } from '../../math';
import { formatChoices, formatCount, formatLoss, formatPerplexity } from './format';

export function Figures({ result }: { result: XentResult }) {
  const V = result.shape[2];
  return (
    <div className="figures">
      <section className="figure" aria-labelledby="loss-title">
        <h2 id="loss-title" className="figure-title">
          Cross-entropy loss
        </h2>
        <p className="figure-value" data-testid="loss" title={String(result.loss)}>
          {formatLoss(result.loss)}
        </p>
        <p className="figure-note">
          nats: the mean of −log p over {result.count} {result.count === 1 ? 'token' : 'tokens'}
        </p>
      </section>
      <section className="figure" aria-labelledby="perplexity-title">
        <h2 id="perplexity-title" className="figure-title">
          Perplexity
        </h2>
        <p className="figure-value" data-testid="perplexity" title={String(result.perplexity)}>
          {formatPerplexity(result.perplexity)}
        </p>
        <p className="figure-note">
          e<sup>loss</sup>: as uncertain as choosing uniformly among {formatChoices(result.perplexity)} of{' '}
          {formatCount(V)} tokens
        </p>
      </section>
    </div>
  );
}
