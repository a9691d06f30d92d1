/**
 * One row per (text b, position t), grouped by text: the target token, its probability p under
 * the softmax over the whole vocabulary, −log p (its share of the loss) and its rank among all
 * V tokens (1 = the model's top guess).
 */
import type { TokenLoss, XentResult } from '../../math';
import { formatCount, formatLoss, formatProb } from './format';
import { showToken, type Decode } from './tokens';

/** More rows than this are cut: the page stays light for long files. */
export const MAX_ROWS = 256;
const MAX_TEXT_TOKENS = 24;

/** A token as a chip (␣ marks a leading space); screen readers get the text in quotes instead. */
function Word({ text }: { text: string }) {
  return (
    <>
      <span className="token" aria-hidden="true">
        {showToken(text)}
      </span>
      <span className="visually-hidden">“{text}”</span>
    </>
  );
}

function Target({ token, decode }: { token: TokenLoss; decode: Decode | null }) {
  if (token.ignored) return <span className="id">ignore_index {token.target}</span>;
  return (
    <span className="target">
      {decode ? <Word text={decode(token.target)} /> : null}
      <span className="id">{token.target}</span>
    </span>
  );
}

function groupByText(tokens: readonly TokenLoss[]): TokenLoss[][] {
  const groups: TokenLoss[][] = [];
  for (const t of tokens) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.batch === t.batch) last.push(t);
    else groups.push([t]);
  }
  return groups;
}

/** Text b's input tokens, decoded: row b of the (B, T) inputs. */
function textOf(inputs: Int32Array, b: number, T: number, decode: Decode): string {
  const ids = Array.from(inputs.subarray(b * T, Math.min((b + 1) * T, b * T + MAX_TEXT_TOKENS)));
  return ids.map(decode).join('') + (T > MAX_TEXT_TOKENS ? '…' : '');
}

interface TokenTableProps {
  result: XentResult;
  /** (B, T) input ids, when the file has them; shown as each text's words. */
  inputs: Int32Array | null;
  decode: Decode | null;
}

export function TokenTable({ result, inputs, decode }: TokenTableProps) {
  const V = result.shape[2];
  const rows = result.tokens.slice(0, MAX_ROWS);
  const cut = rows.length < result.tokens.length;
  return (
    <div className="table-wrap" role="region" aria-labelledby="tokens-caption" tabIndex={0}>
      <table className="tokens">
        <caption id="tokens-caption">
          The probability the model gave each right next token, and its rank among all {formatCount(V)}
          {cut
            ? ` (the first ${formatCount(rows.length)} of ${formatCount(result.tokens.length)} tokens)`
            : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="wide-only">Position</span>
              <abbr className="narrow-only" title="Position">
                Pos.
              </abbr>
            </th>
            <th scope="col">Target</th>
            <th scope="col" className="num">
              p
            </th>
            <th scope="col" className="num">
              −log p
            </th>
            <th scope="col" className="num">
              Rank
            </th>
          </tr>
        </thead>
        {groupByText(rows).map((group) => (
          <tbody key={group[0]!.batch}>
            <tr className="group">
              <th scope="rowgroup" colSpan={5}>
                Text {group[0]!.batch + 1}{' '}
                {decode && inputs ? (
                  <span className="group-text">
                    reads “{textOf(inputs, group[0]!.batch, result.shape[1], decode)}”
                  </span>
                ) : null}
              </th>
            </tr>
            {group.map((t) => (
              <tr key={t.position} className={t.ignored ? 'ignored' : undefined}>
                <td>{t.position + 1}</td>
                <td>
                  <Target token={t} decode={decode} />
                </td>
                <td className="num" title={String(t.prob)}>
                  {t.ignored ? 'ignored' : formatProb(t.prob)}
                </td>
                <td className="num" title={String(t.loss)}>
                  {t.ignored ? '—' : formatLoss(t.loss)}
                </td>
                <td className="num" data-testid="rank">
                  {t.ignored ? '—' : formatCount(t.rank)}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
