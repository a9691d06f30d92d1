/**
 * The pretrained models the page offers by name: four families' worth of tokenizers and
 * vocabularies, each with the precisions its repository really holds and their sizes, shown
 * before anything is fetched.
 *
 * Sizes are the ONNX files' bytes as the hub's file listing gave them on 2026-12-06
 * (`https://huggingface.co/api/models/{id}/tree/main/onnx`), rounded to the precision written
 * beside each; the download's own Content-Length replaces them once a transfer starts, and the
 * cache list shows the bytes really kept. A variant is listed only where its file was seen in the
 * listing.
 */
import type { Dtype } from './variants';

export interface CatalogVariant {
  dtype: Dtype;
  /** The graph inside the folder. */
  file: string;
  /** The graph and its data files, in bytes (approximate: see above). */
  bytes: number;
}

export interface CatalogModel {
  /** The hub id: files at `{base}/{id}/resolve/main/{file}`. */
  id: string;
  /** For people: "GPT‑2 small". */
  title: string;
  family: string;
  /** V, the width of every row of logits. */
  vocab: number;
  /** Parameters, for the label (millions). */
  millions: number;
  /** The precisions offered, the default first. */
  variants: readonly CatalogVariant[];
  /** One line on why this model is in the list. */
  why: string;
}

const MB = 1e6;

export const CATALOG: readonly CatalogModel[] = [
  {
    id: 'Xenova/gpt2',
    title: 'GPT‑2 small',
    family: 'GPT‑2',
    vocab: 50_257,
    millions: 124,
    variants: [
      // onnx/model.onnx: 501 MB (the same size as the repository's decoder_model_merged.onnx: it is
      // that merged decoder, with its use_cache_branch input).
      { dtype: 'fp32', file: 'onnx/model.onnx', bytes: 501 * MB },
      // onnx/model_fp16.onnx: 251 MB.
      { dtype: 'fp16', file: 'onnx/model_fp16.onnx', bytes: 251 * MB },
    ],
    why: 'The model whose OpenAI weights chapter 5 of the book loads; the same tokenizer as the book’s logits. Exercise 5.5 runs on it.',
  },
  {
    id: 'onnx-community/TinyStories-3M-ONNX',
    title: 'TinyStories 3M',
    family: 'GPT‑Neo',
    vocab: 50_257,
    millions: 3,
    variants: [
      // onnx/model.onnx: 41.7 MB.
      { dtype: 'fp32', file: 'onnx/model.onnx', bytes: 41.7 * MB },
    ],
    why: 'Trained on children’s stories with GPT‑2’s 50,257-token vocabulary, so its numbers sit beside the book’s untrained GPT‑2 on the same ids; it loads in a lecture in seconds.',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    title: 'SmolLM2 135M',
    family: 'Llama',
    vocab: 49_152,
    millions: 135,
    variants: [
      // onnx/model.onnx: 654 MB; onnx/model_fp16.onnx: 327 MB.
      { dtype: 'fp32', file: 'onnx/model.onnx', bytes: 654 * MB },
      { dtype: 'fp16', file: 'onnx/model_fp16.onnx', bytes: 327 * MB },
    ],
    why: 'A Llama-architecture model of GPT‑2’s size, trained on far more text, with its own tokenizer.',
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    title: 'Qwen2.5 0.5B',
    family: 'Qwen2',
    vocab: 151_936,
    millions: 494,
    variants: [
      // onnx/model_quantized.onnx: 512 MB (8-bit weights and activations); model_q4.onnx: 786 MB;
      // model_fp16.onnx: 997 MB.
      { dtype: 'q8', file: 'onnx/model_quantized.onnx', bytes: 512 * MB },
      { dtype: 'q4', file: 'onnx/model_q4.onnx', bytes: 786 * MB },
      { dtype: 'fp16', file: 'onnx/model_fp16.onnx', bytes: 997 * MB },
      // Not offered: onnx/model.onnx, 1.99 GB, more than a browser's WebAssembly memory can open
      // (load.ts, MAX_MODEL_BYTES).
    ],
    why: 'A vocabulary three times GPT‑2’s: each row of logits has 151,936 entries.',
  },
];

/** Models larger than this are fetched only after a click, never by opening a link. */
export const CLICK_TO_DOWNLOAD_BYTES = 50 * MB;

export function catalogEntry(id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.id === id);
}

/** A catalog model's variant at this precision (its default when none is asked), if listed. */
export function catalogVariant(id: string, dtype: Dtype | null): CatalogVariant | undefined {
  const entry = catalogEntry(id);
  return dtype === null ? entry?.variants[0] : entry?.variants.find((v) => v.dtype === dtype);
}

/** "653 MB", "3.3 MB", "812 kB": decimal units, as download sizes are usually written. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 100 * MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
