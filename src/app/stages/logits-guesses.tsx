/**
 * The model's own guess at every position: the argmax of each row, what greedy decoding would
 * write next, beside the token that really came next. For the book's untrained GPT-2 these are
 * the book's " Armed heNetflix" and its second text's guesses.
 */
import { useMemo } from 'react';
import { argmax, row as rowOf, type LogitsBatch } from '../../math';
import { showToken, type Decode } from '../view/tokens';

/** A few texts and positions are enough to read; long files are cut. */
const MAX_TEXTS = 4;
const MAX_POSITIONS = 16;

export function Guesses({ batch, decode }: { batch: LogitsBatch; decode: Decode | null }) {
  const [B, T] = batch.shape;
  const guesses = useMemo(() => {
    const texts: number[][] = [];
    for (let b = 0; b < Math.min(B, MAX_TEXTS); b++) {
      const ids: number[] = [];
      for (let t = 0; t < Math.min(T, MAX_POSITIONS); t++) ids.push(argmax(rowOf(batch, b * T + t)));
      texts.push(ids);
    }
    return texts;
  }, [batch, B, T]);
  const word = (id: number) => (decode ? showToken(decode(id)) : String(id));
  return (
    <section className="logits-guesses" aria-labelledby="guesses-title">
      <h3 id="guesses-title">The model’s guess at every position</h3>
      <p>
        Taking the highest-scoring token at each position is what the model would write next (greedy
        decoding). An untrained model’s guesses are arbitrary words.
      </p>
      <table className="tokens">
        <caption className="visually-hidden">The argmax token and the target at every position</caption>
        <thead>
          <tr>
            <th scope="col">Text</th>
            <th scope="col">The model’s guess (argmax)</th>
            <th scope="col">Target (what came next)</th>
          </tr>
        </thead>
        <tbody>
          {guesses.map((ids, b) => (
            <tr key={b}>
              <th scope="row">Text {b + 1}</th>
              <td data-testid="guesses">
                {ids.map((id, t) => (
                  <span key={t} className="token" title={`id ${id}`}>
                    {word(id)}
                  </span>
                ))}
                {T > MAX_POSITIONS ? '…' : ''}
              </td>
              <td>
                {Array.from(batch.targets.subarray(b * T, b * T + Math.min(T, MAX_POSITIONS)), (id, t) =>
                  id === batch.ignoreIndex ? (
                    <span key={t} className="token ignored-token">
                      ignored
                    </span>
                  ) : (
                    <span key={t} className="token" title={`id ${id}`}>
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
      {B > MAX_TEXTS && <p className="logits-next">The first {MAX_TEXTS} texts are shown.</p>}
    </section>
  );
}
