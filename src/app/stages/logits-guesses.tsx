/**
 * The model's top-scoring token at every position: the argmax of each row, each from the true
 * prefix (teacher forcing), so only the last is what greedy decoding would write next; beside the
 * token that really came next. For the book's untrained GPT-2 these are
 * the book's " Armed heNetflix" and its second text's guesses.
 */
import { useEffect, useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { argmax, row as rowOf, type LogitsBatch } from '../../math';
import type { ComputeSession } from '../compute/session';
import type { Backend } from '../state';
import { formatCount } from '../view/format';
import { showToken, type Decode } from '../view/tokens';

/** A few texts and positions are enough to read; long files are cut. */
const MAX_TEXTS = 4;
const MAX_POSITIONS = 16;

interface GuessesProps {
  batch: LogitsBatch;
  decode: Decode | null;
  /** For logits that live on the GPU only: the engine finds each row's argmax there. */
  session: ComputeSession | null;
  backend: Backend | null;
}

export function Guesses({ batch, decode, session, backend }: GuessesProps) {
  const [B, T, V] = batch.shape;
  const onCpu = batch.logits.length === B * T * V;
  const shown = useMemo(() => {
    const rows: number[][] = [];
    for (let b = 0; b < Math.min(B, MAX_TEXTS); b++)
      rows.push(Array.from({ length: Math.min(T, MAX_POSITIONS) }, (_, t) => b * T + t));
    return rows;
  }, [B, T]);
  const cpuGuesses = useMemo(
    () => (onCpu ? shown.map((rows) => rows.map((r) => argmax(rowOf(batch, r)))) : null),
    [batch, shown, onCpu],
  );
  const intl = useIntl();
  const [gpuGuesses, setGpuGuesses] = useState<{ batch: LogitsBatch; ids: number[][] } | null>(null);
  useEffect(() => {
    if (onCpu || !session || !backend) return;
    let live = true;
    session.argmaxRows(batch, shown.flat(), backend).then(
      (flat) =>
        live &&
        setGpuGuesses({
          batch,
          ids: shown.map((rows, b) => flat.slice(b * rows.length, (b + 1) * rows.length)),
        }),
      () => undefined, // the page reports a failing GPU where it scores
    );
    return () => {
      live = false;
    };
  }, [batch, shown, onCpu, session, backend]);
  const guesses = cpuGuesses ?? (gpuGuesses?.batch === batch ? gpuGuesses.ids : null);
  if (!guesses) return null;
  const word = (id: number) => (decode ? showToken(decode(id)) : String(id));
  const idTitle = (id: number) =>
    intl.formatMessage(
      {
        id: 'stage2.guesses.id',
        defaultMessage: 'id {id}',
        description: 'Hover text of a token: its id number in the vocabulary.',
      },
      { id: String(id) },
    );
  return (
    <section className="logits-guesses" aria-labelledby="guesses-title">
      <h3 id="guesses-title">
        <FormattedMessage
          id="stage2.guesses.title"
          defaultMessage="The model’s top-scoring token (argmax) at every position"
        />
      </h3>
      <p>
        <FormattedMessage
          id="stage2.guesses.intro"
          defaultMessage="At each position the highest-scoring token, the argmax, is the model’s top guess for the next token. Each guess was made from the true text up to that position, not from the model’s own earlier guesses (teacher forcing), so only the guess at the last position is a continuation the model would write (greedy decoding); the others say what it expected at each point. An untrained model’s guesses are arbitrary words."
        />
      </p>
      <table className="tokens">
        <caption className="visually-hidden">
          <FormattedMessage
            id="stage2.guesses.caption"
            defaultMessage="The argmax token and the target at every position"
          />
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage
                id="stage2.guesses.col.text"
                defaultMessage="Text"
                description="Column header: which text of the batch the row is about."
              />
            </th>
            <th scope="col">
              <FormattedMessage
                id="stage2.guesses.col.guess"
                defaultMessage="The model’s guess (argmax)"
                description="Column header: the model’s highest-scoring token at each position."
              />
            </th>
            <th scope="col">
              <FormattedMessage
                id="stage2.guesses.col.target"
                defaultMessage="Target (what came next)"
                description="Column header: the token that really came next at each position."
              />
            </th>
          </tr>
        </thead>
        <tbody>
          {guesses.map((ids, b) => (
            <tr key={b}>
              <th scope="row">
                <FormattedMessage
                  id="stage2.guesses.row"
                  defaultMessage="Text {number}"
                  description="Row header: names one text of the batch, Text 1, Text 2, …"
                  values={{ number: String(b + 1) }}
                />
              </th>
              <td data-testid="guesses">
                {ids.map((id, t) => (
                  <span key={t} className="token" title={idTitle(id)}>
                    {word(id)}
                  </span>
                ))}
                {T > MAX_POSITIONS ? '…' : ''}
              </td>
              <td>
                {Array.from(batch.targets.subarray(b * T, b * T + Math.min(T, MAX_POSITIONS)), (id, t) =>
                  id === batch.ignoreIndex ? (
                    <span key={t} className="token ignored-token">
                      <FormattedMessage
                        id="stage2.guesses.ignored"
                        defaultMessage="ignored"
                        description="Shown in place of a target token when the position is padding, ignored by the loss."
                      />
                    </span>
                  ) : (
                    <span key={t} className="token" title={idTitle(id)}>
                      {word(id)}
                    </span>
                  ),
                )}
                {T > MAX_POSITIONS ? '…' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {B > MAX_TEXTS && (
        <p className="logits-next">
          <FormattedMessage
            id="stage2.guesses.cut"
            defaultMessage="The first {count} texts are shown."
            values={{ count: formatCount(MAX_TEXTS) }}
          />
        </p>
      )}
    </section>
  );
}
