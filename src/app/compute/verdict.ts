/**
 * The book's Exercise 5.5 on the page: *The Verdict* (public/examples/the-verdict.txt, the text
 * chapter 5 trains and evaluates on) scored by the loaded pretrained model exactly as the book's
 * loaders cut it (src/lm/windows.ts): split at 90 % of the characters, each part tokenized alone
 * with no start token, windows of 256 tokens every 256, training batches of two with an odd last
 * window dropped. Each window's forward pass runs in the model's WebAssembly worker and its loss
 * is computed by the float64 CPU twin (crossEntropyCpu); nothing is estimated.
 */
import { XentInputError } from '../../errors';
import { padBatch } from '../../lm/forward';
import { scoreWindows, windowBatch, type LongTextScore } from '../../lm/score-long-text';
import { BOOK_SPLIT } from '../../lm/windows';
import { crossEntropyCpu } from '../../math';
import { currentIntl } from '../i18n/current';
import { wasmForward, type PretrainedModel } from './lm-source';

export const VERDICT_URL = `${import.meta.env.BASE_URL}examples/the-verdict.txt`;

/** What the book prints (chapter 5, section 5.1.3 and Exercise 5.5), in nats: quoted, not computed. */
export const BOOK_VERDICT = {
  /** GPT-2 small with OpenAI's weights, loaded in section 5.5. */
  gpt2: { train: 3.754748503367106, validation: 3.559617757797241 },
  /** The randomly initialised GPT of chapter 4 (section 5.1.3). */
  untrained: { train: 10.987583054436577, validation: 10.98110580444336 },
  /** "Training tokens: 4608, Validation tokens: 512". */
  tokens: { train: 4608, validation: 512 },
} as const;

export interface VerdictScore extends LongTextScore {
  text: string;
  /** Each part's tokens as text (the model's own tokenizer), for the story's surprisal. */
  pieces: string[][];
}

let verdictText: Promise<string> | null = null;

/** The story's text, fetched once from the built site (and kept by the offline worker). */
export function loadVerdict(): Promise<string> {
  verdictText ??= fetch(VERDICT_URL)
    .then(
      (r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      },
      () => {
        throw new Error('network');
      },
    )
    .catch(() => {
      verdictText = null;
      throw new XentInputError(
        currentIntl().formatMessage({
          id: 'verdict.error.fetch',
          defaultMessage:
            'The Verdict’s text could not be fetched from this site; check the connection and try again.',
          description:
            '“The Verdict” is the title of a short story; said when its text cannot be downloaded.',
        }),
      );
    });
  return verdictText;
}

/** Scores the story window by window; `onWindow` reports windows done of all. */
export async function scoreVerdict(
  model: PretrainedModel,
  options: { signal?: AbortSignal; onWindow?: (done: number, total: number) => void } = {},
): Promise<VerdictScore> {
  const text = await loadVerdict();
  const forward = await wasmForward(model);
  const V = model.spec.vocab;
  const score = await scoreWindows(
    model.tokenizer,
    text,
    {
      context: null,
      stride: null,
      split: BOOK_SPLIT,
      modelContext: model.spec.context,
      signal: options.signal,
      onWindow: options.onWindow,
    },
    async (w) => {
      // (1, context) ids with every position real: no start token, no padding.
      const logits = await forward.run(model.spec, padBatch([w.inputs], 0));
      const result = crossEntropyCpu(windowBatch(logits, V, w));
      return {
        loss: result.loss,
        count: result.count,
        nll: Float64Array.from(result.tokens, (t) => -t.logProb),
      };
    },
  );
  const pieces = score.parts.map((p) => p.ids.map((id) => model.tokenizer.piece(id)));
  return { ...score, text, pieces };
}
