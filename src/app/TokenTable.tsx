import type { XentResult } from '../math';
import { formatLoss, formatRank } from './format';
import { showToken, type Decode } from './tokens';

/** One row per (text, position): the target, its probability, −log p and its rank. */
export function TokenTable({
  result,
  decode,
  formatProb,
}: {
  result: XentResult;
  decode: Decode | null;
  formatProb: (p: number) => string;
}) {
  const V = result.shape[2];
  return (
    <div className="table-wrap" role="region" aria-labelledby="tokens-caption" tabIndex={0}>
      <table className="tokens">
        <caption id="tokens-caption">The probability the model gave each right next token</caption>
        <thead>
          <tr>
            <th scope="col">Text</th>
            <th scope="col">Position</th>
            <th scope="col">Target</th>
            <th scope="col" className="num">
              p(target)
            </th>
            <th scope="col" className="num">
              −log p (nats)
            </th>
            <th scope="col" className="num">
              Rank of {formatRank(V)}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.tokens.map((t) => (
            <tr key={`${t.batch}-${t.position}`}>
              <td>{t.batch + 1}</td>
              <td>{t.position + 1}</td>
              <td>
                {decode ? <span className="token">{showToken(decode(t.target))}</span> : null}{' '}
                <span className="id">#{t.target}</span>
              </td>
              <td className="num" title={String(t.prob)}>
                {t.ignored ? 'ignored' : formatProb(t.prob)}
              </td>
              <td className="num" title={String(t.loss)}>
                {t.ignored ? '—' : formatLoss(t.loss)}
              </td>
              <td className="num" data-testid="rank">
                {t.ignored ? '—' : formatRank(t.rank)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
