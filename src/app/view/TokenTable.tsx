/**
 * One row per (text b, position t), grouped by text: what the model read there (x_t), the target
 * token y_t = x_{t+1}, its probability p under the softmax over the whole vocabulary, −log p (its
 * share of the loss) and its rank among all V tokens (1 = the model's top guess).
 *
 * With `onFocus`, each row's position is a button that makes that (b, t) the focused position
 * (the one the formulas of the stages are filled with); the focused row is marked.
 */
import type { TokenLoss, XentResult } from '../../math';
import type { Focus } from '../state';
import { formatCount, formatLoss, formatNumber, formatProb } from './format';
import { joinTokens, textName } from './Texts';
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
  if (token.ignored) {
    return (
      <span className="target">
        <span>padding</span>
        <span className="id" title="ignore_index">
          {formatNumber(token.target)}
        </span>
      </span>
    );
  }
  return (
    <span className="target">
      {decode ? <Word text={decode(token.target)} /> : null}
      <span className="id">{token.target}</span>
    </span>
  );
}

/** The input x_t the model had just read, muted: the target's context in one token. */
function Input({ id, decode }: { id: number; decode: Decode | null }) {
  return (
    <span className="table-input">
      <span className="visually-hidden">after </span>
      {decode ? <Word text={decode(id)} /> : <span className="id">{id}</span>}
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

/**
 * Text b's input tokens, decoded: row b of the (B, T) inputs, without the padding (positions
 * whose target is ignore_index), cut after MAX_TEXT_TOKENS.
 */
function textOf(inputs: Int32Array, group: readonly TokenLoss[], T: number, decode: Decode): string {
  const read = group.filter((t) => !t.ignored).map((t) => inputs[t.batch * T + t.position]!);
  const more = read.length > MAX_TEXT_TOKENS || group.length < T;
  return joinTokens(read.slice(0, MAX_TEXT_TOKENS), decode) + (more ? '…' : '');
}

interface TokenTableProps {
  result: XentResult;
  /** (B, T) input ids, when the file has them; shown as each text's words. */
  inputs: Int32Array | null;
  decode: Decode | null;
  /** The focused (b, t), marked in the table. */
  focus?: Focus;
  /** Makes the position cells buttons that focus their row. */
  onFocus?: (focus: Focus) => void;
}

export function TokenTable({ result, inputs, decode, focus, onFocus }: TokenTableProps) {
  const [, T, V] = result.shape;
  const rows = result.tokens.slice(0, MAX_ROWS);
  const cut = rows.length < result.tokens.length;
  const withInputs = inputs !== null && inputs.length === result.tokens.length;
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
            <th scope="col">
              {withInputs ? (
                <>
                  <span className="wide-only">Read → target</span>
                  <span className="narrow-only">Read ↓ target</span>
                </>
              ) : (
                'Target'
              )}
            </th>
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
                  <span className="group-text">reads “{textOf(inputs, group, T, decode)}”</span>
                ) : null}
              </th>
            </tr>
            {group.map((t) => {
              const focused = focus?.b === t.batch && focus.t === t.position;
              const r = t.batch * T + t.position;
              const classes = [t.ignored ? 'ignored' : '', focused ? 'focused' : ''].join(' ').trim();
              return (
                <tr key={t.position} className={classes || undefined}>
                  <td>
                    {onFocus ? (
                      <button
                        type="button"
                        className="pos-button"
                        aria-pressed={focused}
                        aria-label={`${t.position + 1}: fill the formula with position ${t.position + 1} of ${textName(t.batch)}`}
                        onClick={() => onFocus({ b: t.batch, t: t.position })}
                      >
                        {t.position + 1}
                      </button>
                    ) : (
                      t.position + 1
                    )}
                  </td>
                  <td>
                    <span className="read-target">
                      {withInputs && inputs && !t.ignored ? (
                        <>
                          <Input id={inputs[r]!} decode={decode} />
                          <span className="table-arrow" aria-hidden="true">
                            →
                          </span>
                        </>
                      ) : null}
                      <Target token={t} decode={decode} />
                    </span>
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
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}
