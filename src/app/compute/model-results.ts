/**
 * The pretrained models' results on the reader's texts, kept while the page is open so that the
 * models can be compared side by side: one row per (model, texts), the latest computation wins.
 * App.tsx records every result of a pretrained source; the comparison table reads them.
 */
import { useSyncExternalStore } from 'react';
import { bitsPerByte } from '../../math';
import type { Shown } from '../state';

export interface ModelRow {
  model: string;
  texts: readonly string[];
  /** V. */
  vocab: number;
  /** Tokens scored (N). */
  tokens: number;
  /** Mean −log p over the N tokens, nats. */
  loss: number;
  perplexity: number;
  /** UTF-8 bytes of the scored text. */
  bytes: number;
  bitsPerByte: number;
}

let rows: readonly ModelRow[] = [];
const listeners = new Set<() => void>();

const sameTexts = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** Records a pretrained source's result; any other source is ignored. */
export function recordModelResult(shown: Shown): void {
  const model = shown.source.model;
  if (!model) return;
  const { result } = shown;
  const row: ModelRow = {
    model: model.name,
    texts: model.texts,
    vocab: result.shape[2],
    tokens: result.count,
    loss: result.loss,
    perplexity: result.perplexity,
    bytes: model.bytes,
    bitsPerByte: bitsPerByte(result.loss, result.count, model.bytes),
  };
  rows = [...rows.filter((r) => !(r.model === row.model && sameTexts(r.texts, row.texts))), row];
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The rows for these texts, in the order the models were first run on them. */
export function useModelResults(texts: readonly string[]): ModelRow[] {
  const all = useSyncExternalStore(subscribe, () => rows);
  return all.filter((r) => sameTexts(r.texts, texts));
}
