/**
 * Two views only a pretrained model makes possible (stage 7):
 *
 * - Before and after training. The book's untrained GPT‑2 and the pretrained model scored on the
 *   same token ids: the book's (2, 3) targets, which the pretrained source holds at positions 1…3
 *   of each text (position 0 predicts the first word from the start token, which the book's logits
 *   do not include, so it is left out here). Both losses come from the math module or the engine.
 * - Models side by side on the reader's texts: tokens, loss in nats and bits, perplexity, the UTF-8
 *   bytes each model scored (fewer than the text's where its token limit cut it) and bits per byte
 *   over them, one row per model run on these texts (model-results.ts).
 */
import { useEffect, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { crossEntropyCpu, inUnit, meanLoss, type InfoUnit, type XentResult } from '../../math';
import { loadBook } from '../compute/sources';
import { sameBytes, useModelResults } from '../compute/model-results';
import { DEFAULT_TEXTS, type AppAction, type Shown, type Source } from '../state';
import { formatCount, formatLoss, formatNumber, formatPerplexity } from '../view/format';
import './model-compare.css';

/**
 * The pretrained result's tokens at the book's (b, t), or null when the texts or the vocabulary
 * differ: position t of the book is position t + 1 of the pretrained source (after its start token),
 * and both the token read there and its target must be the book's.
 */
export function bookPositions(shown: Shown, book: Source): number[] | null {
  const { result, source } = shown;
  const [Bb, Tb, Vb] = book.batch.shape;
  const [B, T, V] = result.shape;
  if (!source.inputs || !book.inputs || V !== Vb || B !== Bb || T < Tb + 1) return null;
  const rows: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < Tb; t++) {
      const r = b * T + t + 1;
      const same =
        source.inputs[r] === book.inputs[b * Tb + t] &&
        source.batch.targets[r] === book.batch.targets[b * Tb + t];
      if (!same) return null;
      rows.push(r);
    }
  }
  return rows;
}

interface ModelCompareProps {
  shown: Shown;
  units: InfoUnit;
  dispatch: (action: AppAction) => void;
}

function useBook(): { source: Source; result: XentResult } | null {
  const [book, setBook] = useState<{ source: Source; result: XentResult } | null>(null);
  useEffect(() => {
    let live = true;
    loadBook().then(
      (source) => live && setBook({ source, result: crossEntropyCpu(source.batch) }),
      () => undefined, // the book's own failure is reported where it is loaded
    );
    return () => {
      live = false;
    };
  }, []);
  return book;
}

function BeforeAfter({ shown, units, dispatch }: ModelCompareProps) {
  const book = useBook();
  const intl = useIntl();
  const model = shown.source.model;
  if (!book || !model) return null;
  const rows = bookPositions(shown, book.source);
  const unit =
    units === 'bits'
      ? intl.formatMessage({
          id: 'compare.unit.bits',
          defaultMessage: 'bits',
          description: 'Unit of information (logarithm base 2), in “loss in bits”.',
        })
      : intl.formatMessage({
          id: 'compare.unit.nats',
          defaultMessage: 'nats',
          description: 'Unit of information (natural logarithm), in “loss in nats”.',
        });
  if (!rows) {
    const gpt2Sized = shown.result.shape[2] === book.source.batch.shape[2];
    return (
      <p className="compare-note">
        {gpt2Sized ? (
          <>
            <FormattedMessage
              id="compare.book.score"
              defaultMessage="To see this model next to the book’s untrained GPT‑2 on the same tokens, score the book’s two texts."
              description="Before a button that puts the book’s two example texts in the text fields."
            />{' '}
            <button type="button" onClick={() => dispatch({ type: 'texts', texts: DEFAULT_TEXTS })}>
              <FormattedMessage
                id="compare.book.use"
                defaultMessage="Use the book’s texts"
                description="Button: put the book’s two example texts in the text fields."
              />
            </button>
          </>
        ) : (
          <FormattedMessage
            id="compare.book.other.vocab"
            defaultMessage="The book’s untrained model is a GPT‑2 with {bookVocab} tokens; this model has {vocab}, so their losses are not on the same token ids. Load GPT‑2 to see the same tokens before and after training."
            description="{bookVocab} and {vocab} are the sizes of the two models’ vocabularies."
            values={{
              bookVocab: formatCount(book.source.batch.shape[2]),
              vocab: formatCount(shown.result.shape[2]),
            }}
          />
        )}
      </p>
    );
  }
  const after = meanLoss(
    rows.map((r) => shown.result.tokens[r]!.loss),
    rows.map(() => false),
  );
  return (
    <table className="tokens compare-table" data-testid="before-after">
      <caption>
        <FormattedMessage
          id="compare.before.after.caption"
          defaultMessage="The book’s {count} target tokens, before and after training (loss in {unit})"
          description="Caption of a table of two models’ loss on the same tokens; {unit} is “nats” or “bits”."
          values={{ count: formatCount(after.count), unit }}
        />
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage id="compare.col.model" defaultMessage="Model" description="Column header." />
          </th>
          <th scope="col" className="num">
            <FormattedMessage
              id="compare.col.loss"
              defaultMessage="Loss"
              description="Column header: the mean cross-entropy loss."
            />
          </th>
          <th scope="col" className="num">
            <FormattedMessage
              id="compare.col.perplexity"
              defaultMessage="Perplexity"
              description="Column header."
            />
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">
            <FormattedMessage
              id="compare.before"
              defaultMessage="Before: the book’s untrained GPT‑2"
              description="Row header: the model before training."
            />
          </th>
          <td className="num">{formatLoss(inUnit(book.result.loss, units))}</td>
          <td className="num">{formatPerplexity(book.result.perplexity)}</td>
        </tr>
        <tr>
          <th scope="row">
            <FormattedMessage
              id="compare.after"
              defaultMessage="After: {model}"
              description="Row header: the pretrained model (its name), after training."
              values={{ model: model.name }}
            />
          </th>
          <td className="num">{formatLoss(inUnit(after.loss, units))}</td>
          <td className="num">{formatPerplexity(Math.exp(after.loss))}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** A model's total information over its tokens, in bits: a formula, the same in every language. */
const BITS_SUM = 'Σ −log₂ p';

function SideBySide({ texts }: { texts: readonly string[] }) {
  const intl = useIntl();
  const rows = useModelResults(texts);
  if (rows.length === 0) return null;
  // The same bytes only when every model scored the same part of each text (none cut, or all alike).
  const same = sameBytes(rows);
  return (
    <>
      {/* Focusable, so that a keyboard can scroll it where it is wider than the screen. */}
      <div
        className="table-wrap"
        role="region"
        aria-label={intl.formatMessage({
          id: 'compare.side.label',
          defaultMessage: 'Models side by side',
          description:
            'Accessible name of the scrolling box around the table of every model run on these texts.',
        })}
        tabIndex={0}
      >
        <table className="tokens compare-table compare-wide" data-testid="models-side-by-side">
          <caption>
            <FormattedMessage
              id="compare.side.caption"
              defaultMessage="Every model run on these texts in this visit"
              description="Caption of the table of models side by side."
            />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage
                  id="compare.col.model"
                  defaultMessage="Model"
                  description="Column header."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.vocab"
                  defaultMessage="V"
                  description="Column header: V, the size of the model’s vocabulary (the symbol used in the formulas)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.tokens"
                  defaultMessage="Tokens"
                  description="Column header: how many tokens the model scored."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.loss.nats"
                  defaultMessage="Loss, nats"
                  description="Column header: the loss in nats (natural logarithm)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.loss.bits"
                  defaultMessage="Loss, bits"
                  description="Column header: the loss in bits (logarithm base 2)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.perplexity"
                  defaultMessage="Perplexity"
                  description="Column header."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.bytes"
                  defaultMessage="Bytes scored"
                  description="Column header: the UTF-8 bytes of text the model scored (within its token limit)."
                />
              </th>
              <th scope="col" className="num">
                <FormattedMessage
                  id="compare.col.bpb"
                  defaultMessage="Bits / byte"
                  description="Column header: bits per byte."
                />
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.model}>
                <th scope="row">{r.model}</th>
                <td className="num">{formatCount(r.vocab)}</td>
                <td className="num">{formatCount(r.tokens)}</td>
                <td className="num">{formatLoss(r.loss)}</td>
                <td className="num">{formatLoss(inUnit(r.loss, 'bits'))}</td>
                <td className="num">{formatPerplexity(r.perplexity)}</td>
                <td className="num" data-testid="bytes-scored">
                  {formatCount(r.bytes)}
                </td>
                <td className="num">{formatNumber(r.bitsPerByte)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="compare-note">
        <FormattedMessage
          id="compare.note.perplexity"
          defaultMessage="Perplexity is per token, and each tokenizer cuts the same text into a different number of tokens, so perplexities of models with different tokenizers do not compare."
        />{' '}
        {!same ? (
          <FormattedMessage
            id="compare.note.bpb.cut"
            defaultMessage="Bits per byte divides each model’s total information, {sum} over all its tokens, by the UTF‑8 bytes it scored: the texts are longer than some model’s token limit, and each tokenizer’s cut keeps a different part of them, so these rows are over different bytes (Bytes scored) and their bits per byte compare only roughly."
            description="{sum} is a formula, Σ −log₂ p. “Bytes scored” is the table’s column header (compare.col.bytes)."
            values={{ sum: BITS_SUM }}
          />
        ) : rows.length > 1 ? (
          <FormattedMessage
            id="compare.note.bpb.same"
            defaultMessage="Bits per byte divides each model’s total information, {sum} over all its tokens, by the UTF‑8 bytes it scored, the same {bytes} bytes for every model here."
            description="{sum} is a formula, Σ −log₂ p; {bytes} a number of bytes."
            values={{ sum: BITS_SUM, bytes: formatCount(rows[0]!.bytes) }}
          />
        ) : (
          <FormattedMessage
            id="compare.note.bpb"
            defaultMessage="Bits per byte divides each model’s total information, {sum} over all its tokens, by the UTF‑8 bytes it scored."
            description="{sum} is a formula, Σ −log₂ p."
            values={{ sum: BITS_SUM }}
          />
        )}{' '}
        <FormattedMessage id="compare.note.more" defaultMessage="Load another model above to add its row." />
      </p>
    </>
  );
}

export function ModelCompare({ shown, units, dispatch }: ModelCompareProps) {
  const id = useId();
  const model = shown.source.model;
  if (!model) return null;
  return (
    <section className="model-compare" aria-labelledby={`${id}-title`}>
      <p className="pitfalls-kicker">
        <FormattedMessage
          id="compare.kicker"
          defaultMessage="Explore"
          description="Small heading above an optional exploration section (a noun-like label, not a command)."
        />
      </p>
      <h3 id={`${id}-title`}>
        <FormattedMessage
          id="compare.title"
          defaultMessage="A trained model next to an untrained one, and next to other models"
        />
      </h3>
      <BeforeAfter shown={shown} units={units} dispatch={dispatch} />
      <SideBySide texts={model.texts} />
    </section>
  );
}
