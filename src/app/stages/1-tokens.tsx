/**
 * Stage 1: text → tokens, and each input token's target (the next token).
 *
 * The model never sees letters: GPT-2's byte-pair encoding (r50k_base) cuts the text into tokens
 * from a fixed list of V = 50,257, and the model reads their ids. With the B texts as (B, T + 1)
 * ids, the inputs are ids[:, :-1] and the targets ids[:, 1:]: at position t the model has read
 * x_0 … x_t and must predict y_t = x_{t+1}. Every number here comes from the source's
 * (B, T) inputs and targets; words come from the tokenizer, when the logits are GPT-2's.
 */
import type { StartRule } from '../../lm/tokenize';
import { useCallback, useEffect, useState } from 'react';
import { formatCount, formatNumber } from '../view/format';
import { Texts } from '../view/Texts';
import { GPT2_VOCAB, GPT2_VOCAB_PADDED, loadDecoder, showToken, type Decode } from '../view/tokens';
import type { Focus } from '../state';
import type { StageProps } from './stage';
import './tokens.css';

type Vocabulary = 'ready' | 'loading' | 'failed' | 'not-gpt2';

/**
 * Whether token strings can be shown: the page passes `decode` once GPT-2's vocabulary has
 * loaded. While it loads, the same (cached) load is watched here so a failure reads as such.
 */
function useVocabulary(decode: Decode | null, gpt2: boolean): Vocabulary {
  const [failed, setFailed] = useState(false);
  const waiting = gpt2 && !decode;
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    loadDecoder().then(
      () => undefined,
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [waiting]);
  if (decode) return 'ready';
  if (!gpt2) return 'not-gpt2';
  return failed ? 'failed' : 'loading';
}

/** One sentence on the first position of text 1, from its real ids: "reads … must predict …". */
function FirstExample({ x, y, decode }: { x: number | null; y: number; decode: Decode | null }) {
  const token = (id: number) =>
    decode ? (
      <>
        <code className="tok-inline">{showToken(decode(id))}</code> (id {id})
      </>
    ) : (
      <>
        id <code className="tok-inline">{id}</code>
      </>
    );
  return (
    <p>
      For example, at position 1 of text 1 the model {x !== null ? <>has read {token(x)} and </> : null}
      must predict {token(y)}, the token that really comes next. Select a target to follow that position
      through the later stages.
    </p>
  );
}

/** Why the start token is the one it is (the rules of src/lm/tokenize.ts), in one sentence. */
const START_WHY: Record<StartRule, string> = {
  'post-processor':
    'Its tokenizer puts this token before every text, as it did for every text the model was trained on.',
  'document-separator':
    'It is not a beginning-of-text token: the model has none, and this one is its document separator, which stood between the documents it was trained on; reused as a start, what follows it reads as the start of a new document.',
  bos: 'It is the start token the model’s config names.',
  eos: 'The model names no start token, so its end-of-text token stands before the text, as between documents in training.',
};

export function Stage1Tokens({ shown, state, dispatch, decode }: StageProps) {
  const { source, result } = shown;
  const [B, T, V] = result.shape;
  const vocabulary = useVocabulary(decode, V === GPT2_VOCAB || V === GPT2_VOCAB_PADDED);
  const { batch } = source;
  const inputs = source.inputs && source.inputs.length === B * T ? source.inputs : null;
  const firstTarget = batch.targets[0]!;
  const scored = result.count;
  const padded = B * T - scored;
  const onFocus = useCallback((focus: Focus) => dispatch({ type: 'focus', focus }), [dispatch]);

  return (
    <div className="tokens-stage" data-vocabulary={decode ? 'ready' : 'loading'}>
      <div className="stage-prose">
        <p>
          A language model does not read letters. Its tokenizer cuts the text into <strong>tokens</strong>:
          whole words, pieces of words or single characters, each from a fixed list of {formatCount(V)} (the
          vocabulary). A token’s <strong>id</strong> is its number in that list, and the ids are all the model
          ever sees. <span className="tok-inline">␣</span> marks a token’s leading space; a piece such as{' '}
          <span className="tok-inline">⟨e2 80⟩</span> is a few bytes of one character that the tokenizer
          split.
        </p>
        <p>
          The model learns by guessing the next token. At every position it reads the tokens so far and is
          scored on the one that really comes next, its <strong>target</strong>. So the targets are the inputs
          moved one place to the left: each arrow below points from what the model read to what it should
          predict, and the dashed line shows that each target is the next input.
        </p>
        {source.model ? (
          <p data-testid="start-token">
            {source.model.name}’s own tokenizer cut your texts, and each text begins with the model’s start
            token <code className="tok-inline">{showToken(source.model.startText)}</code> (id{' '}
            {source.model.startId}), which you did not type. {START_WHY[source.model.startRule]} The model
            predicts your first token from it, so that token is scored too; without it, the first token would
            have nothing to be predicted from.
          </p>
        ) : inputs ? (
          <p data-testid="first-not-predicted">
            The first token of each text is only read, never predicted: nothing comes before it. So a text of
            n tokens gives n − 1 targets, and the last token is only ever a target.
          </p>
        ) : null}
        {firstTarget !== batch.ignoreIndex ? (
          <FirstExample x={inputs ? inputs[0]! : null} y={firstTarget} decode={decode} />
        ) : null}
      </div>

      <p className="tok-status" role="status">
        {vocabulary === 'loading' &&
          'Loading GPT‑2’s vocabulary to turn the ids into text; the ids are shown meanwhile…'}
        {vocabulary === 'failed' &&
          'GPT‑2’s vocabulary could not be loaded, so only the ids are shown; reload the page to try again.'}
        {vocabulary === 'not-gpt2' &&
          `These logits have ${formatCount(V)} tokens per row, not GPT‑2’s ${formatCount(GPT2_VOCAB)}, so the ids cannot be turned into text; only the ids are shown.`}
      </p>
      {!inputs ? (
        <p className="tok-note">
          This file holds only the targets, not the input ids, so each row shows what the model should predict
          at each position.
        </p>
      ) : null}

      <div
        className={`tok-view${vocabulary === 'loading' ? ' is-loading' : ''}`}
        aria-busy={vocabulary === 'loading'}
      >
        <Texts source={source} decode={decode} focus={state.focus} onFocus={onFocus} />
      </div>

      <p className="tok-note">
        {formatCount(B)} {B === 1 ? 'text' : 'texts'} × {formatCount(T)} positions: {formatCount(scored)}{' '}
        {scored === 1 ? 'target' : 'targets'} scored
        {padded > 0
          ? `, ${formatCount(padded)} padding (target ${formatNumber(batch.ignoreIndex)}, ignored, left out of the loss)`
          : ''}
        . Positions count from 1 on this page; in code and in the exported files they count from 0.
      </p>
    </div>
  );
}
