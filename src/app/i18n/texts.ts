/**
 * Each language's own two texts, for "an untrained model on your text" and the pretrained source
 * when the reader has typed none: the book's pair in English, and a pair written in the language,
 * so its tokenizer shows at once what it does to that script (GPT‑2's byte-level BPE spends several
 * tokens on one Chinese or Arabic character; Qwen's spends one). The book's example itself stays
 * the book's English texts in every language: its logits are the book's.
 */
import type { Locale } from './locales';

/** The book's two texts (chapter 5): "every effort moves you", "I really like chocolate". */
export const BOOK_TEXTS: readonly [string, string] = ['every effort moves you', 'I really like chocolate'];

export const TEXTS: Record<Locale, readonly [string, string]> = {
  en: BOOK_TEXTS,
  'en-XA': BOOK_TEXTS,
  // "Every effort pushes you forward", "I really like chocolate".
  'zh-Hans': ['每一份努力都会推动你前进', '我真的很喜欢巧克力'],
  es: ['cada esfuerzo te hace avanzar', 'me gusta mucho el chocolate'],
  ar: ['كل جهد يدفعك إلى الأمام', 'أنا أحب الشوكولاتة كثيرا'],
};

/** Whether a pair is one of the languages' own (the reader has typed nothing of theirs). */
export const isDefaultPair = (texts: readonly [string, string]): boolean =>
  Object.values(TEXTS).some(([a, b]) => a === texts[0] && b === texts[1]);
