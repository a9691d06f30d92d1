/**
 * Shared by the pretrained-model specs: PyTorch's numbers for the tiny fixture models
 * (test/fixtures/lm/golden.json) and the steps a reader takes to load one.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatBytes } from '../src/lm/catalog';
import { FIXTURE_DIR } from '../scripts/hub-server.mjs';
import { expect, gotoStage, openSettings, test } from './fixtures';

/** How long a model may take from the click to its numbers on screen (WebGPU compiles first). */
export const LOAD = { timeout: 60_000 };

export interface GoldenCase {
  name: string;
  texts: string[];
  inputIds: number[][];
  /** null at padding. */
  logp: (number | null)[][];
  rank: (number | null)[][];
  targets: number[][];
  loss: number;
}
const golden = JSON.parse(readFileSync(join(FIXTURE_DIR, 'golden.json'), 'utf8')) as {
  models: Record<string, { cases: GoldenCase[] }>;
};
export const goldenCase = (model: string, name: string) =>
  golden.models[model]!.cases.find((c) => c.name === name)!;
/** The batch the page scores: (B, longest text's ids − 1, V). */
export const shapeOf = (c: GoldenCase, V: number) =>
  `(${c.inputIds.length}, ${Math.max(...c.inputIds.map((ids) => ids.length)) - 1}, ${V})`;
/** The bytes a model's folder keeps in the cache, as the page writes them. */
export const folderBytes = (model: string) =>
  formatBytes(
    ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']
      .map((f) => statSync(join(FIXTURE_DIR, model, f)).size)
      .reduce((a, b) => a + b),
  );

/** The hub base the page uses, set as a reader would have saved it. */
export async function useHub(page: Page, base: string) {
  await page.addInitScript((b) => localStorage.setItem('xent-hub-base', b), base);
}

export async function choosePretrained(page: Page) {
  await openSettings(page);
  await page.getByRole('radio', { name: /^A pretrained model on your text/ }).check();
}

export async function typeTexts(page: Page, texts: readonly string[]) {
  await page.getByRole('textbox', { name: 'Text 1' }).fill(texts[0]!);
  await page.getByRole('textbox', { name: 'Text 2' }).fill(texts[1] ?? texts[0]!);
}

export async function loadModel(page: Page, id: string) {
  await page.getByRole('textbox', { name: /^Or any causal language model/ }).fill(id);
  await page.getByRole('button', { name: 'Load model' }).click();
}

/**
 * The loss the page prints, and each scored token's −log p (the table cell's full-precision
 * title) and rank, against PyTorch's float64 values: log p within 1e-4, the loss within 1e-5
 * relative, the ranks exactly, whichever back end ran the model. The largest log p difference is
 * noted in the report.
 */
export async function expectGolden(page: Page, c: GoldenCase, V: number) {
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, V), LOAD);
  const loss = Number(await page.getByTestId('loss').textContent());
  expect(Math.abs(loss - c.loss)).toBeLessThanOrEqual(5e-5 + 1e-5 * c.loss);
  await gotoStage(page, 4);
  const table = page.getByRole('table', { name: /probability the model gave/ });
  const cells = table.locator('tbody tr:not(.group) td:nth-child(4)');
  await expect(cells).toHaveCount(c.logp.flat().length);
  const titles = await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('title')));
  const ranks = (await page.getByTestId('rank').allTextContents()).map((r) => Number(r.replace(/,/g, '')));
  c.logp.flat().forEach((logp, i) => {
    if (logp === null) return;
    expect(Math.abs(Number(titles[i]) + logp), `−log p of token ${i}`).toBeLessThanOrEqual(1e-4);
    expect(ranks[i], `rank of token ${i}`).toBe(c.rank.flat()[i]);
  });
  const worst = Math.max(
    ...c.logp.flat().map((logp, i) => (logp === null ? 0 : Math.abs(Number(titles[i]) + logp))),
  );
  test.info().annotations.push({
    type: 'largest |log p − PyTorch|',
    description: `${c.name}, V = ${V}: ${worst.toExponential(2)}`,
  });
}

/** Where the model runs (the picker's "Run the model on"); WebGPU keeps the logits on the GPU. */
export async function runModelOn(page: Page, on: 'webgpu' | 'wasm') {
  const name = on === 'webgpu' ? 'WebGPU, the logits kept on the GPU' : 'WebAssembly, in a worker on the CPU';
  await page.getByRole('radio', { name }).check();
}
