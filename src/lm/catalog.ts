/**
 * The pretrained models the page offers by name: three families, three tokenizers, three
 * vocabulary sizes. Each entry says what a student downloads before anything is fetched.
 *
 * `bytes` is approximate and labelled so on screen: SmolLM2's is the size the hub lists for its
 * onnx/model.onnx (654 MB); GPT‑2's and Qwen's are estimated from their parameters and precision
 * (float32 GPT‑2 with its output layer stored apart from the embedding: (124 M + 38.6 M) × 4 bytes;
 * Qwen with int8 weights), not read from the hub. The download's own Content-Length replaces it
 * once the transfer starts, and the cache list shows the bytes really kept.
 */

export interface CatalogModel {
  /** The hub id: files at `{base}/{id}/resolve/main/{file}`. */
  id: string;
  /** For people: "GPT‑2 small (124M)". */
  title: string;
  family: string;
  /** V, the width of every row of logits. */
  vocab: number;
  /** Parameters, for the label (millions). */
  millions: number;
  /** The weights file inside the folder. */
  onnxFile: string;
  /** "float32": the weights' number format, which the loss depends on. */
  precision: string;
  /** The ONNX file's size in bytes, approximately (the small text files add a few MB). */
  bytes: number;
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
    onnxFile: 'onnx/model.onnx',
    precision: 'float32',
    bytes: 653 * MB,
    why: 'The model whose OpenAI weights chapter 5 of the book loads; the same tokenizer as the book’s logits.',
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    title: 'SmolLM2 135M',
    family: 'Llama',
    vocab: 49_152,
    millions: 135,
    onnxFile: 'onnx/model.onnx',
    precision: 'float32',
    bytes: 654 * MB,
    why: 'A Llama-architecture model of GPT‑2’s size, trained on far more text, with its own tokenizer.',
  },
  {
    id: 'onnx-community/Qwen2.5-0.5B-Instruct',
    title: 'Qwen2.5 0.5B',
    family: 'Qwen2',
    vocab: 151_936,
    millions: 494,
    onnxFile: 'onnx/model_quantized.onnx',
    precision: 'int8 weights, float32 logits',
    bytes: 786 * MB,
    why: 'A vocabulary three times GPT‑2’s: each row of logits has 151,936 entries.',
  },
];

/** Models larger than this are fetched only after a click, never by opening a link. */
export const CLICK_TO_DOWNLOAD_BYTES = 50 * MB;

export function catalogEntry(id: string): CatalogModel | undefined {
  return CATALOG.find((m) => m.id === id);
}

/** "653 MB", "3.3 MB", "812 kB": decimal units, as download sizes are usually written. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 100 * MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
