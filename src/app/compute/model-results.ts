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
  /**
   * UTF-8 bytes each text scored: all of it, or the part within this model's token limit. The
   * texts are the same for every row, so rows with the same bytes per text scored the same bytes
   * (each a prefix of its text); a cut at another tokenizer's limit keeps another prefix.
   */
  textBytes: readonly number[];
  /** UTF-8 bytes of the scored text, Σ textBytes: bits per byte's denominator. */
  bytes: number;
  /** Σ −log₂ p over the N tokens / bytes: (loss · N / ln 2) / bytes. */
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
    textBytes: model.cuts.map((c) => c.scoredBytes),
    bytes: model.bytes,
    bitsPerByte: bitsPerByte(result.loss, result.count, model.bytes),
  };
  rows = [...rows.filter((r) => !(r.model === row.model && sameTexts(r.texts, row.texts))), row];
  for (const listener of listeners) listener();
}

/** Whether every row scored the same bytes of each text (so bits per byte compare exactly). */
export function sameBytes(rows: readonly ModelRow[]): boolean {
  const first = rows[0];
  return rows.every(
    (r) =>
      r.textBytes.length === first!.textBytes.length &&
      r.textBytes.every((n, i) => n === first!.textBytes[i]),
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The rows for these texts now, in the order the models were first run on them. */
export function modelResultsFor(texts: readonly string[]): ModelRow[] {
  return rows.filter((r) => sameTexts(r.texts, texts));
}

/** The rows for these texts, in the order the models were first run on them. */
export function useModelResults(texts: readonly string[]): ModelRow[] {
  const all = useSyncExternalStore(subscribe, () => rows);
  return all.filter((r) => sameTexts(r.texts, texts));
}
