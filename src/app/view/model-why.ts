/**
 * The catalog models' sentences in the page's language. lm/catalog.ts is shared with the
 * command-line tool, so it keeps its English `why` (and lm/variants.ts its precision labels);
 * the page shows them through these messages, whose English is the same text. A model or a
 * precision without a message here (a catalog entry added later) shows the catalog's English.
 */
import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { CatalogModel } from '../../lm/catalog';
import { DTYPE_LABEL, type Dtype } from '../../lm/variants';
import { currentIntl } from '../i18n/current';

const WHY: Readonly<Record<string, MessageDescriptor>> = defineMessages({
  'Xenova/gpt2': {
    id: 'model.why.gpt2',
    defaultMessage:
      'The model whose OpenAI weights chapter 5 of the book loads; the same tokenizer as the book’s logits. Exercise 5.5 runs on it.',
    description: 'Why GPT‑2 small is in the list of pretrained models (the book: the course book on LLMs).',
  },
  'onnx-community/TinyStories-3M-ONNX': {
    id: 'model.why.tinystories',
    defaultMessage:
      'Trained on children’s stories with GPT‑2’s 50,257-token vocabulary, so its numbers sit beside the book’s untrained GPT‑2 on the same ids; it loads in a lecture in seconds.',
    description: 'Why the TinyStories 3M model is in the list of pretrained models.',
  },
  'HuggingFaceTB/SmolLM2-135M-Instruct': {
    id: 'model.why.smollm2',
    defaultMessage:
      'A Llama-architecture model of GPT‑2’s size, trained on far more text, with its own tokenizer.',
    description: 'Why the SmolLM2 135M model is in the list of pretrained models.',
  },
  'onnx-community/Qwen2.5-0.5B-Instruct': {
    id: 'model.why.qwen',
    defaultMessage: 'A vocabulary three times GPT‑2’s: each row of logits has 151,936 entries.',
    description: 'Why the Qwen2.5 0.5B model is in the list of pretrained models.',
  },
});

/** A catalog model's `why`, in the page's language. */
export function modelWhy(m: Pick<CatalogModel, 'id' | 'why'>): string {
  const message = WHY[m.id];
  return message ? currentIntl().formatMessage(message) : m.why;
}

const DTYPE: Readonly<Record<Dtype, MessageDescriptor>> = defineMessages({
  fp32: {
    id: 'model.dtype.fp32',
    defaultMessage: 'float32',
    description:
      'A precision of a model’s weights: 32-bit floating point (a data type’s name, usually kept).',
  },
  fp16: {
    id: 'model.dtype.fp16',
    defaultMessage: 'float16',
    description:
      'A precision of a model’s weights: 16-bit floating point (a data type’s name, usually kept).',
  },
  q8: {
    id: 'model.dtype.q8',
    defaultMessage: '8-bit (weights and activations)',
    description: 'A precision of a model: weights and activations quantized to 8 bits.',
  },
  int8: {
    id: 'model.dtype.int8',
    defaultMessage: '8-bit weights (int8)',
    description: 'A precision of a model: weights quantized to signed 8-bit integers (int8 is a type name).',
  },
  uint8: {
    id: 'model.dtype.uint8',
    defaultMessage: '8-bit weights (uint8)',
    description:
      'A precision of a model: weights quantized to unsigned 8-bit integers (uint8 is a type name).',
  },
  q4: {
    id: 'model.dtype.q4',
    defaultMessage: '4-bit weights',
    description: 'A precision of a model: weights quantized to 4 bits.',
  },
  q4f16: {
    id: 'model.dtype.q4f16',
    defaultMessage: '4-bit weights, float16',
    description: 'A precision of a model: weights quantized to 4 bits, the rest in float16 (a type name).',
  },
  bnb4: {
    id: 'model.dtype.bnb4',
    defaultMessage: '4-bit weights (bnb4)',
    description: 'A precision of a model: weights quantized to 4 bits by bitsandbytes (bnb4 is its name).',
  },
});

/** A precision's label (lm/variants.ts' DTYPE_LABEL), in the page's language. */
export function dtypeLabel(dtype: Dtype): string {
  const message = DTYPE[dtype];
  return message ? currentIntl().formatMessage(message) : DTYPE_LABEL[dtype];
}
