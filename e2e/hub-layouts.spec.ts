/**
 * The hub's real layouts in the page (test/fixtures/lm/hub-*, made by
 * scripts/fixtures/make_hub_models.py the way the hub's exporter makes them), served by the
 * stand-in hub: GPT-2 as a merged model.onnx with use_cache_branch, GPT-2 as the three decoder_*
 * files with no model.onnx, a Llama whose weights are in two external data files (and which takes
 * num_logits_to_keep), a GPT-Neo; the float16 and 8-bit variants against their own references; the
 * book's Exercise 5.5 on The Verdict against a PyTorch replica of the book's loaders; a data file
 * that is missing, with the state kept.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatBytes } from '../src/lm/catalog';
import { FIXTURE_DIR, startHub, type Hub } from '../scripts/hub-server.mjs';
import { scan } from './axe';
import { BOOK, expect, gotoStage, test } from './fixtures';
import {
  choosePretrained,
  expectGolden,
  LOAD,
  typeTexts,
  useHub,
  type GoldenCase,
} from './pretrained-helpers';

test.use({ serviceWorkers: 'block' });
test.setTimeout(150_000);

interface HubCase {
  texts: string[];
  inputIds: number[][];
  targets: number[][];
  logp: number[][];
  rank: number[][];
  loss: number;
}
interface HubModel {
  vocab: number;
  startId: number;
  cases: HubCase[];
  files: Record<string, { dtype: string; cases?: HubCase[]; maxAbsLogpDiffVsFloat64?: number }>;
}
const golden = JSON.parse(readFileSync(join(FIXTURE_DIR, 'hub-golden.json'), 'utf8')) as {
  models: Record<string, HubModel>;
};
const verdict = JSON.parse(readFileSync(join(FIXTURE_DIR, 'verdict-golden.json'), 'utf8')) as {
  splitIndex: number;
  trainLoss: number;
  valLoss: number;
  trainingTokens: number;
  validationTokens: number;
};

/** A one-text golden case as the page scores it: the same text in both of its two texts. */
function twice(c: HubCase, name: string): GoldenCase {
  const two = <T>(rows: T[][]) => [rows[0]!, rows[0]!];
  return {
    name,
    texts: [c.texts[0]!, c.texts[0]!],
    inputIds: two(c.inputIds),
    targets: two(c.targets),
    logp: two(c.logp),
    rank: two(c.rank),
    loss: c.loss,
  };
}

let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub();
});
test.afterAll(() => hub.close());

/** Loads a fixture by hub id at a precision, through the custom-model form. */
async function loadAt(page: Page, id: string, dtype = 'fp32') {
  await page.getByRole('textbox', { name: /^Or any causal language model/ }).fill(id);
  await page.getByRole('combobox', { name: 'Precision', exact: true }).selectOption(dtype);
  await page.getByRole('button', { name: 'Load model' }).click();
}

async function open(page: Page, texts: readonly string[]) {
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page);
  await typeTexts(page, texts);
}

for (const [name, file, what] of [
  ['hub-gpt2', 'onnx/model.onnx', 'a merged decoder (use_cache_branch) as onnx/model.onnx'],
  ['hub-gpt2-decoders', 'onnx/decoder_model_merged.onnx', 'only the three decoder_* files'],
  ['hub-llama', 'onnx/model.onnx', 'weights in two external data files, num_logits_to_keep'],
  ['hub-gpt-neo', 'onnx/model.onnx', 'GPT-Neo (num_heads, num_layers)'],
] as const) {
  test(`${name}: ${what}, scored as PyTorch does`, async ({ page }) => {
    const m = golden.models[name]!;
    const c = twice(m.cases[0]!, `${name} book-1`);
    await open(page, c.texts);
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(hub.base) && r.method() === 'GET') fetched.push(new URL(r.url()).pathname);
    });
    await loadAt(page, `fixtures/${name}`);
    await expect(page.getByTestId('model-loaded')).toContainText(`float32 weights (${file})`, LOAD);
    await expectGolden(page, c, m.vocab);
    if (name === 'hub-llama') {
      // Both data files the graph names were fetched, and counted in the size shown.
      for (const data of ['onnx/model.onnx_data', 'onnx/model.onnx_data_1'])
        expect(fetched).toContain(`/fixtures/${name}/resolve/main/${data}`);
    }
    await gotoStage(page, 1);
    const start = name === 'hub-llama' ? '<s> (id 1)' : '<|endoftext|> (id 50256)';
    await expect(page.getByTestId('start-token')).toContainText(`start token ${start}`);
    await expect(page.getByTestId('start-token')).toContainText(
      name === 'hub-llama'
        ? 'Its tokenizer puts this token before every text'
        : 'this one is its document separator',
    );
  });
}

for (const [precision, file, dtype] of [
  ['float16', 'onnx/model_fp16.onnx', 'fp16'],
  ['8-bit (weights and activations)', 'onnx/model_quantized.onnx', 'q8'],
] as const) {
  test(`${dtype}: against its own reference, and said to be approximate`, async ({ page }) => {
    const m = golden.models['hub-gpt2']!;
    const own = m.files[file]!;
    const c = twice(own.cases![0]!, `hub-gpt2 ${dtype}`);
    await open(page, c.texts);
    await loadAt(page, 'fixtures/hub-gpt2', dtype);
    const loaded = page.getByTestId('model-loaded');
    await expect(loaded).toContainText(`${precision} weights (${file})`, LOAD);
    await expect(loaded).toContainText('every number here is approximate');
    await expectGolden(page, c, m.vocab);
    await expect(page).toHaveURL(new RegExp(`dtype=${dtype}`));
  });
}

test('the book’s Exercise 5.5: The Verdict’s two losses and token counts as the book’s loaders give them', async ({
  page,
}) => {
  await open(page, ['every effort moves you', 'I really like chocolate']);
  await loadAt(page, 'fixtures/hub-gpt2');
  await expect(page.getByTestId('model-loaded')).toBeVisible(LOAD);
  const panel = page.getByTestId('verdict');
  await panel.getByRole('button', { name: 'Score The Verdict with fixtures/hub-gpt2' }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  const table = panel.getByTestId('verdict-table');
  await expect(table).toBeVisible(LOAD);
  await expect(panel.getByTestId('verdict-caption')).toContainText(
    `split at ${verdict.splitIndex.toLocaleString('en')} characters`,
  );
  await expect(panel.getByTestId('verdict-train-tokens')).toHaveText('4,608');
  await expect(panel.getByTestId('verdict-validation-tokens')).toHaveText('512');
  expect(verdict.trainingTokens).toBe(4608);
  expect(verdict.validationTokens).toBe(512);
  for (const [part, want] of [
    ['train', verdict.trainLoss],
    ['validation', verdict.valLoss],
  ] as const) {
    const cell = panel.getByTestId(`verdict-${part}-loss`);
    const full = Number(await cell.getAttribute('title'));
    expect(Math.abs(full - want) / want, `${part} loss`).toBeLessThan(1e-5);
  }
  // 18 training windows and 2 validation windows, each a bar.
  await expect(panel.locator('.verdict-bar-train')).toHaveCount(18);
  await expect(panel.locator('.verdict-bar-validation')).toHaveCount(2);
  // The results with the story open: no axe violation, and on a phone nothing wider than the screen.
  await panel.getByText('The surprisal of every token of the story').click();
  expect(await scan(page, '[data-testid=verdict]'), 'axe on the Exercise 5.5 panel').toEqual([]);
  await page.setViewportSize({ width: 375, height: 812 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), {
      message: 'page width at 375 px',
    })
    .toBeLessThanOrEqual(375);
});

test('the precisions a repository holds, with their sizes, from the hub’s folder listing', async ({
  page,
}) => {
  await open(page, ['every effort moves you', 'I really like chocolate']);
  const box = page.getByRole('textbox', { name: /^Or any causal language model/ });
  const precision = page.getByRole('combobox', { name: 'Precision', exact: true });
  const size = (model: string, files: string[]) =>
    formatBytes(files.map((f) => statSync(join(FIXTURE_DIR, model, f)).size).reduce((a, b) => a + b));
  await box.fill('fixtures/hub-gpt2');
  await expect(precision.locator('option')).toHaveText([
    `float32, ${size('hub-gpt2', ['onnx/model.onnx'])}`,
    `float16, ${size('hub-gpt2', ['onnx/model_fp16.onnx'])}`,
    `8-bit (weights and activations), ${size('hub-gpt2', ['onnx/model_quantized.onnx'])}`,
  ]);
  // The graph and both its data files count in the size.
  await box.fill('fixtures/hub-llama');
  await expect(precision.locator('option')).toHaveText([
    `float32, ${size('hub-llama', ['onnx/model.onnx', 'onnx/model.onnx_data', 'onnx/model.onnx_data_1'])}`,
  ]);
  // The decoders' layout: float32 is decoder_model_merged.onnx (decoder_with_past is not a variant).
  await box.fill('fixtures/hub-gpt2-decoders');
  await expect(precision.locator('option')).toHaveText([
    `float32, ${size('hub-gpt2-decoders', ['onnx/decoder_model_merged.onnx'])}`,
  ]);
});

test('a data file that is missing: one sentence, the logits on screen kept', async ({ page }) => {
  await open(page, ['every effort moves you', 'I really like chocolate']);
  await page.route('**/fixtures/hub-llama/resolve/main/onnx/model.onnx_data_1', (route) =>
    route.fulfill({ status: 404, body: 'Entry not found' }),
  );
  await loadAt(page, 'fixtures/hub-llama');
  const alert = page.getByRole('alert').filter({ hasText: 'model.onnx_data_1' });
  await expect(alert).toContainText(
    /says its weights are in 2 data files, but onnx\/model\.onnx_data_1 is not in its folder/,
    LOAD,
  );
  await expect(alert).not.toContainText(/ORT|onnxruntime::|MountedFiles|\[E:/);
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});
