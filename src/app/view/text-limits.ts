/**
 * The sentences beside the text fields when a pretrained model scores them: how many tokens of
 * each text it scores (lm/token-limit.ts), and which text was cut, with what was kept. Every
 * number comes from the limit and the cuts the source computed.
 */
import { formatBytes } from '../../io/limits';
import { LOGITS_BUDGET_BYTES, type TextCut, type TokenLimit } from '../../lm/token-limit';
import { currentIntl } from '../i18n/current';
import { formatCount } from './format';

/**
 * "Each text is scored up to its first 1,024 tokens, Xenova/gpt2’s context." `vocab` is V and
 * `texts` B, for the memory bound's reason: B × n × V float32 logits within the budget.
 */
export function limitSentence(limit: TokenLimit, name: string, vocab: number, texts: number): string {
  const intl = currentIntl();
  const n = formatCount(limit.tokens);
  if (limit.by === 'gpu-buffer' && limit.gpuBufferBytes !== null) {
    return intl.formatMessage(
      {
        id: 'source.limit.gpu',
        defaultMessage:
          'Each text is scored up to its first {tokens} tokens, fewer than {model}’s context of {context}, so that each text’s logits ({tokens} × {vocab} float32 scores) fit one buffer of this GPU, at most {size}.',
        description:
          'Beside the text fields. {model}: a model’s hub id; {vocab}: its vocabulary’s size; float32: a number type; {size}: e.g. 128 MiB.',
      },
      {
        tokens: n,
        model: name,
        context: formatCount(limit.context),
        vocab: formatCount(vocab),
        size: formatBytes(limit.gpuBufferBytes),
      },
    );
  }
  if (limit.by === 'memory') {
    return intl.formatMessage(
      {
        id: 'source.limit.memory',
        defaultMessage:
          'Each text is scored up to its first {tokens} tokens, fewer than {model}’s context of {context}, so that the logits of {texts, plural, =2 {both texts} other {{textsCount} texts}} ({textsCount} × {tokens} × {vocab} float32 scores) stay within {size}.',
        description:
          'Beside the text fields. {model}: a model’s hub id; {vocab}: its vocabulary’s size; float32: a number type; {size}: e.g. 1.0 GiB.',
      },
      {
        tokens: n,
        model: name,
        context: formatCount(limit.context),
        texts,
        textsCount: formatCount(texts),
        vocab: formatCount(vocab),
        size: formatBytes(LOGITS_BUDGET_BYTES),
      },
    );
  }
  if (!limit.contextKnown) {
    return intl.formatMessage(
      {
        id: 'source.limit.unknown',
        defaultMessage:
          'Each text is scored up to its first {tokens} tokens: {model}’s {file} does not give its context, and every model family this lab reads holds that many.',
        description:
          'Beside the text fields. {model}: a model’s hub id; {file}: the name of its settings file.',
      },
      { tokens: n, model: name, file: 'config.json' },
    );
  }
  return intl.formatMessage(
    {
      id: 'source.limit.context',
      defaultMessage: 'Each text is scored up to its first {tokens} tokens, {model}’s context.',
      description:
        'Beside the text fields: the model reads at most this many tokens at once (its context). {model}: a model’s hub id.',
    },
    { tokens: n, model: name },
  );
}

/**
 * "Text 2 was cut to its first 1,024 tokens (3,980 of its 5,210 bytes); the rest stays in the
 * field but is not scored." for a text that was cut (b is 0-based), else null.
 */
export function cutSentence(b: number, cut: TextCut): string | null {
  if (cut.scored >= cut.tokens) return null;
  return currentIntl().formatMessage(
    {
      id: 'source.cut',
      defaultMessage:
        'Text {number} was cut to its first {tokens} tokens ({scoredBytes} of its {bytes} bytes); the rest stays in the field but is not scored.',
      description: '“Text 2” is the name of the second text field.',
    },
    {
      number: formatCount(b + 1),
      tokens: formatCount(cut.scored),
      scoredBytes: formatCount(cut.scoredBytes),
      bytes: formatCount(cut.bytes),
    },
  );
}
