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
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { formatCount, formatNumber } from '../view/format';
import { Texts } from '../view/Texts';
import {
  bytesLabel,
  GPT2_VOCAB,
  GPT2_VOCAB_PADDED,
  loadDecoder,
  showToken,
  type Decode,
} from '../view/tokens';
import type { Focus } from '../state';
import type { StageProps } from './stage';
import './tokens.css';

type Vocabulary = 'ready' | 'loading' | 'failed' | 'not-gpt2';

/** A token that is a few bytes of one character, as the page writes it: "⟨e2 80⟩" (token text). */
const BYTES_EXAMPLE = bytesLabel(Uint8Array.of(0xe2, 0x80));

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
  // A token as the sentence names it: its text and id, or its id alone without a vocabulary.
  // Ids are written as digits without separators: they name tokens, they are not quantities.
  const token = (id: number) =>
    decode ? (
      <FormattedMessage
        id="stage1.example.token"
        defaultMessage="{token} (id {id})"
        description="A token in a sentence: its text, then its id number in the vocabulary."
        values={{ token: <code className="tok-inline">{showToken(decode(id))}</code>, id: String(id) }}
      />
    ) : (
      <FormattedMessage
        id="stage1.example.id"
        defaultMessage="id {id}"
        description="A token in a sentence, named by its id number in the vocabulary (its text is not known)."
        values={{ id: <code className="tok-inline">{id}</code> }}
      />
    );
  return (
    <p>
      {x !== null ? (
        <FormattedMessage
          id="stage1.example.read"
          defaultMessage="For example, at position 1 of text 1 the model has read {input} and must predict {target}, the token that really comes next. Select a target to follow that position through the later stages."
          values={{ input: token(x), target: token(y) }}
        />
      ) : (
        <FormattedMessage
          id="stage1.example.predict"
          defaultMessage="For example, at position 1 of text 1 the model must predict {target}, the token that really comes next. Select a target to follow that position through the later stages."
          values={{ target: token(y) }}
        />
      )}
    </p>
  );
}

/** Why the start token is the one it is (the rules of src/lm/tokenize.ts), in one sentence. */
function startWhy(rule: StartRule, intl: IntlShape): string {
  switch (rule) {
    case 'post-processor':
      return intl.formatMessage({
        id: 'stage1.start.why.postprocessor',
        defaultMessage:
          'Its tokenizer puts this token before every text, as it did for every text the model was trained on.',
      });
    case 'document-separator':
      return intl.formatMessage({
        id: 'stage1.start.why.separator',
        defaultMessage:
          'It is not a beginning-of-text token: the model has none, and this one is its document separator, which stood between the documents it was trained on; reused as a start, what follows it reads as the start of a new document.',
      });
    case 'bos':
      return intl.formatMessage({
        id: 'stage1.start.why.bos',
        defaultMessage: 'It is the start token the model’s config names.',
        description: '“config”: the model’s configuration file (config.json).',
      });
    case 'eos':
      return intl.formatMessage({
        id: 'stage1.start.why.eos',
        defaultMessage:
          'The model names no start token, so its end-of-text token stands before the text, as between documents in training.',
      });
  }
}

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
  const intl = useIntl();

  return (
    <div className="tokens-stage" data-vocabulary={decode ? 'ready' : 'loading'}>
      <div className="stage-prose">
        <p>
          <FormattedMessage
            id="stage1.intro.tokens"
            defaultMessage="A language model does not read letters. Its tokenizer cuts the text into <strong>tokens</strong>: whole words, pieces of words or single characters, each from a fixed list of {vocabulary} (the vocabulary). A token’s <strong>id</strong> is its number in that list, and the ids are all the model ever sees. {space} marks a token’s leading space; a piece such as {bytes} is a few bytes of one character that the tokenizer split."
            description="{space} is the sign ␣ that the page shows for a space at the start of a token; {bytes} is a sample token made of raw bytes, ⟨e2 80⟩."
            values={{
              strong: (chunks) => <strong>{chunks}</strong>,
              vocabulary: formatCount(V),
              space: <span className="tok-inline">␣</span>,
              bytes: <span className="tok-inline">{BYTES_EXAMPLE}</span>,
            }}
          />
        </p>
        <p>
          <FormattedMessage
            id="stage1.intro.targets"
            defaultMessage="The model learns by guessing the next token. At every position it reads the tokens so far and is scored on the one that really comes next, its <strong>target</strong>. So the targets are the inputs moved one place to the left: each arrow below points from what the model read to what it should predict, and the dashed line shows that each target is the next input."
            values={{ strong: (chunks) => <strong>{chunks}</strong> }}
          />
        </p>
        {source.model ? (
          <p data-testid="start-token">
            <FormattedMessage
              id="stage1.start.token"
              defaultMessage="{model}’s own tokenizer cut your texts, and each text begins with the model’s start token {token} (id {id}), which you did not type. {why} The model predicts your first token from it, so that token is scored too; without it, the first token would have nothing to be predicted from."
              description="{model} is the model’s name (e.g. Qwen3-0.6B); {token} the start token’s text, {id} its id number; {why} is one sentence saying why this token is the start token."
              values={{
                model: source.model.name,
                token: <code className="tok-inline">{showToken(source.model.startText)}</code>,
                id: String(source.model.startId),
                why: startWhy(source.model.startRule, intl),
              }}
            />
          </p>
        ) : inputs ? (
          <p data-testid="first-not-predicted">
            <FormattedMessage
              id="stage1.first.notpredicted"
              defaultMessage="The first token of each text is only read, never predicted: nothing comes before it. So a text of n tokens gives n − 1 targets, and the last token is only ever a target."
              description="n is a number of tokens (a math variable)."
            />
          </p>
        ) : null}
        {firstTarget !== batch.ignoreIndex ? (
          <FirstExample x={inputs ? inputs[0]! : null} y={firstTarget} decode={decode} />
        ) : null}
      </div>

      <p className="tok-status" role="status">
        {vocabulary === 'loading' &&
          intl.formatMessage({
            id: 'stage1.vocabulary.loading',
            defaultMessage:
              'Loading GPT‑2’s vocabulary to turn the ids into text; the ids are shown meanwhile…',
          })}
        {vocabulary === 'failed' &&
          intl.formatMessage({
            id: 'stage1.vocabulary.failed',
            defaultMessage:
              'GPT‑2’s vocabulary could not be loaded, so only the ids are shown; reload the page to try again.',
          })}
        {vocabulary === 'not-gpt2' &&
          intl.formatMessage(
            {
              id: 'stage1.vocabulary.othermodel',
              defaultMessage:
                'These logits have {vocabulary} tokens per row, not GPT‑2’s {gpt2}, so the ids cannot be turned into text; only the ids are shown.',
              description: '{vocabulary} and {gpt2} are vocabulary sizes (numbers of tokens).',
            },
            { vocabulary: formatCount(V), gpt2: formatCount(GPT2_VOCAB) },
          )}
      </p>
      {!inputs ? (
        <p className="tok-note">
          <FormattedMessage
            id="stage1.targets.only"
            defaultMessage="This file holds only the targets, not the input ids, so each row shows what the model should predict at each position."
          />
        </p>
      ) : null}

      <div
        className={`tok-view${vocabulary === 'loading' ? ' is-loading' : ''}`}
        aria-busy={vocabulary === 'loading'}
      >
        <Texts source={source} decode={decode} focus={state.focus} onFocus={onFocus} />
      </div>

      <p className="tok-note">
        {padded > 0 ? (
          <FormattedMessage
            id="stage1.shape.padded"
            defaultMessage="{texts, plural, one {{textsText} text} other {{textsText} texts}} × {positions} positions: {scored, plural, one {{scoredText} target} other {{scoredText} targets}} scored, {padded} padding (target {ignoreIndex}, ignored, left out of the loss)."
            description="The batch’s size: texts × positions, how many targets the loss scores, how many positions are padding and the target id that marks them ({ignoreIndex}, e.g. −100)."
            values={{
              texts: B,
              textsText: formatCount(B),
              positions: formatCount(T),
              scored,
              scoredText: formatCount(scored),
              padded: formatCount(padded),
              ignoreIndex: formatNumber(batch.ignoreIndex),
            }}
          />
        ) : (
          <FormattedMessage
            id="stage1.shape"
            defaultMessage="{texts, plural, one {{textsText} text} other {{textsText} texts}} × {positions} positions: {scored, plural, one {{scoredText} target} other {{scoredText} targets}} scored."
            description="The batch’s size: texts × positions, and how many targets the loss scores."
            values={{
              texts: B,
              textsText: formatCount(B),
              positions: formatCount(T),
              scored,
              scoredText: formatCount(scored),
            }}
          />
        )}{' '}
        <FormattedMessage
          id="stage1.positions.fromone"
          defaultMessage="Positions count from 1 on this page; in code and in the exported files they count from 0."
        />
      </p>
    </div>
  );
}
