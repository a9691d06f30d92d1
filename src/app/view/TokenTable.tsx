/**
 * One row per (text b, position t), grouped by text: what the model read there (x_t), the target
 * token y_t = x_{t+1}, its probability p under the softmax over the whole vocabulary, −log p (its
 * share of the loss, in the reader's units: −ln p nats or −log₂ p bits) and its rank among all V tokens (1 = the model's top guess).
 *
 * With `onFocus`, each row's position is a button that makes that (b, t) the focused position
 * (the one the formulas of the stages are filled with); the focused row is marked.
 */
import { useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { inUnit, type InfoUnit, type TokenLoss, type XentResult } from '../../math';
import type { Focus } from '../state';
import { formatCount, formatLoss, formatNumber, formatProb } from './format';
import { PAGE_ROWS, Pager, rowRange, usePaging, type Paging } from './Pager';
import { joinTokens, textName } from './Texts';
import { showToken, type Decode } from './tokens';

const MAX_TEXT_TOKENS = 24;

/** PyTorch's name for the target value the loss skips: code, the same in every language. */
const IGNORE_INDEX = 'ignore_index';

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
        <span>
          <FormattedMessage
            id="tokentable.padding"
            defaultMessage="padding"
            description="In the target column: this target is padding, ignored by the loss."
          />
        </span>
        <span className="id" title={IGNORE_INDEX}>
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
      <FormattedMessage
        id="tokentable.after"
        defaultMessage="<hidden>after </hidden>{token}"
        description="For screen readers, before the target: the token the model had just read ({token}). Keep the space inside the tags."
        values={{
          hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
          token: decode ? <Word text={decode(id)} /> : <span className="id">{id}</span>,
        }}
      />
    </span>
  );
}

/** "51–100": the positions a page's group of one text covers, a padding run to its end. */
function positionsOf(group: readonly TokenLoss[], runs: ReadonlyMap<number, number>, T: number): string {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const end = last.position + (runs.get(last.batch * T + last.position) ?? 1);
  return `${formatCount(first.position + 1)}–${formatCount(end)}`;
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
  /** The −log p column's units (the page's nats/bits switch). */
  units: InfoUnit;
  /** The focused (b, t), marked in the table. */
  focus?: Focus;
  /** Makes the position cells buttons that focus their row. */
  onFocus?: (focus: Focus) => void;
}

/**
 * The rows a long table lists: each text's positions up to its last scored one, then its padding
 * after that (a short text beside a long one: a thousand ignored positions) as one row, keyed by
 * its first position's r = b·T + t in `runs` with the run's length. A short table lists every row.
 */
function listedRows(tokens: readonly TokenLoss[], T: number, fold: boolean) {
  const runs = new Map<number, number>();
  if (!fold) return { listed: tokens, runs };
  const listed: TokenLoss[] = [];
  for (let b = 0; b * T < tokens.length; b++) {
    const row = tokens.slice(b * T, (b + 1) * T);
    let last = row.length - 1;
    while (last >= 0 && row[last]!.ignored) last--;
    const tail = row.length - 1 - last;
    if (tail < 2) listed.push(...row);
    else {
      listed.push(...row.slice(0, last + 2));
      runs.set(b * T + last + 1, tail);
    }
  }
  return { listed, runs };
}

export function TokenTable(props: TokenTableProps) {
  const { result, focus } = props;
  const intl = useIntl();
  const T = result.shape[1];
  const { listed, runs } = useMemo(
    () => listedRows(result.tokens, T, result.tokens.length > PAGE_ROWS),
    [result.tokens, T],
  );
  // A long result is shown a page of rows at a time, first the page of the focused position
  // (or of the padding run that holds it); a short one whole.
  const at = focus
    ? listed.findIndex(
        (x) =>
          x.batch === focus.b &&
          (x.position === focus.t ||
            (focus.t > x.position && focus.t < x.position + (runs.get(x.batch * T + x.position) ?? 0))),
      )
    : 0;
  const paging = usePaging(listed.length, at);
  return (
    <>
      <Table {...props} rows={listed.slice(paging.start, paging.end)} runs={runs} paging={paging} />
      <Pager
        paging={paging}
        what={intl.formatMessage({
          id: 'tokentable.pager.what',
          defaultMessage: 'the p(target) table',
          description:
            'Names the table in its pager’s label, “Pages of the p(target) table”; p(target) is a formula.',
        })}
      />
    </>
  );
}

interface TableProps extends TokenTableProps {
  /** The page's rows, and the padding runs among them (listedRows). */
  rows: readonly TokenLoss[];
  runs: ReadonlyMap<number, number>;
  paging: Paging;
}

function Table({ result, inputs, decode, units, focus, onFocus, rows, runs, paging }: TableProps) {
  const intl = useIntl();
  const [, T, V] = result.shape;
  const paged = paging.pages > 1;
  const withInputs = inputs !== null && inputs.length === result.tokens.length;
  return (
    <div className="table-wrap" role="region" aria-labelledby="tokens-caption" tabIndex={0}>
      <table className="tokens">
        <caption id="tokens-caption">
          {paged ? (
            <FormattedMessage
              id="tokentable.caption.paged"
              defaultMessage="The probability the model gave each right next token, and its rank among all {vocab} (rows {rows} of {total})"
              description="The table’s caption; {vocab} is the vocabulary’s size; {rows} the rows on this page, e.g. 51–100."
              values={{
                vocab: formatCount(V),
                rows: rowRange(paging, paging.page),
                total: formatCount(paging.total),
              }}
            />
          ) : (
            <FormattedMessage
              id="tokentable.caption"
              defaultMessage="The probability the model gave each right next token, and its rank among all {vocab}"
              description="The table’s caption; {vocab} is the vocabulary’s size."
              values={{ vocab: formatCount(V) }}
            />
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="wide-only">
                <FormattedMessage
                  id="tokentable.header.position"
                  defaultMessage="Position"
                  description="Column header: the position t of the token in its text."
                />
              </span>
              <abbr
                className="narrow-only"
                title={intl.formatMessage({
                  id: 'tokentable.header.position.full',
                  defaultMessage: 'Position',
                  description: 'What the abbreviated column header “Pos.” stands for.',
                })}
              >
                <FormattedMessage
                  id="tokentable.header.position.short"
                  defaultMessage="Pos."
                  description="Column header on a narrow screen: abbreviation of “Position”."
                />
              </abbr>
            </th>
            <th scope="col">
              {withInputs ? (
                <>
                  <span className="wide-only">
                    <FormattedMessage
                      id="tokentable.header.read"
                      defaultMessage="Read → target"
                      description="Column header: the token the model read, an arrow, the target token it should predict."
                    />
                  </span>
                  <span className="narrow-only">
                    <FormattedMessage
                      id="tokentable.header.read.narrow"
                      defaultMessage="Read ↓ target"
                      description="Column header on a narrow screen (the read token above the target)."
                    />
                  </span>
                </>
              ) : (
                <FormattedMessage
                  id="tokentable.header.target"
                  defaultMessage="Target"
                  description="Column header: the token that really came next."
                />
              )}
            </th>
            <th scope="col" className="num">
              <FormattedMessage
                id="tokentable.header.p"
                defaultMessage="p"
                description="Column header: the probability p (a math symbol, usually kept as it is)."
              />
            </th>
            <th scope="col" className="num">
              {units === 'bits' ? (
                <FormattedMessage
                  id="tokentable.header.loss.bits"
                  defaultMessage="−log₂ p (bits)"
                  description="Column header: the formula −log₂ p and its unit, bits."
                />
              ) : (
                <FormattedMessage
                  id="tokentable.header.loss.nats"
                  defaultMessage="−ln p (nats)"
                  description="Column header: the formula −ln p and its unit, nats (natural units of information)."
                />
              )}
            </th>
            <th scope="col" className="num">
              <FormattedMessage
                id="tokentable.header.rank"
                defaultMessage="Rank"
                description="Column header: the target’s rank among all tokens (1 = the model’s top guess)."
              />
            </th>
          </tr>
        </thead>
        {groupByText(rows).map((group) => (
          <tbody key={group[0]!.batch}>
            <tr className="group">
              <th scope="rowgroup" colSpan={5}>
                {paged ? (
                  <FormattedMessage
                    id="tokentable.group.paged"
                    defaultMessage="Text {number} (positions {positions})"
                    description="A group of rows: the text they belong to, and the positions on this page (e.g. 51–100)."
                    values={{
                      number: formatCount(group[0]!.batch + 1),
                      positions: positionsOf(group, runs, T),
                    }}
                  />
                ) : (
                  <FormattedMessage
                    id="tokentable.group"
                    defaultMessage="Text {number}"
                    description="A group of rows: the text they belong to."
                    values={{ number: formatCount(group[0]!.batch + 1) }}
                  />
                )}{' '}
                {decode && inputs ? (
                  <span className="group-text">
                    <FormattedMessage
                      id="tokentable.group.reads"
                      defaultMessage="reads “{text}”"
                      description="Beside “Text 1”: the text’s words as the model read them."
                      values={{ text: textOf(inputs, group, T, decode) }}
                    />
                  </span>
                ) : null}
              </th>
            </tr>
            {group.map((t) => {
              const run = runs.get(t.batch * T + t.position);
              if (run)
                return (
                  <tr key={t.position} className="ignored">
                    <td>
                      {formatCount(t.position + 1)}–{formatCount(t.position + run)}
                    </td>
                    <td colSpan={4}>
                      <FormattedMessage
                        id="tokentable.padding.run"
                        defaultMessage="{count, plural, one {padding: {countText} position, ignored (target {target})} other {padding: {countText} positions, ignored (target {target})}}"
                        description="One row for a run of padding positions; {target} is the ignore_index, e.g. −100."
                        values={{ count: run, countText: formatCount(run), target: formatNumber(t.target) }}
                      />
                    </td>
                  </tr>
                );
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
                        aria-label={intl.formatMessage(
                          {
                            id: 'tokentable.position.focus',
                            defaultMessage: '{position}: fill the formula with position {position} of {text}',
                            description:
                              'A position’s button, for screen readers; {text} is e.g. “the second text”.',
                          },
                          { position: String(t.position + 1), text: textName(t.batch) },
                        )}
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
                    {t.ignored ? (
                      <FormattedMessage
                        id="tokentable.ignored"
                        defaultMessage="ignored"
                        description="In the p column of a padding row: the loss ignores this position."
                      />
                    ) : (
                      formatProb(t.prob)
                    )}
                  </td>
                  <td className="num" title={String(inUnit(t.loss, units))}>
                    {t.ignored ? '—' : formatLoss(inUnit(t.loss, units))}
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
