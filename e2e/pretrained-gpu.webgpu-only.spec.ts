/**
 * The pretrained model on WebGPU (only a browser with WebGPU runs this file; the page's default
 * on SwiftShader is WebAssembly, so each test chooses WebGPU as a reader would): onnxruntime-web's
 * WebGPU provider runs on the engine's own device and the logits stay there, so the loss reads
 * back a few bytes a row instead of B × T × V floats; and a device lost while the model runs
 * hands over to WebAssembly and the CPU with PyTorch's numbers again.
 *
 * Bytes read back are counted through the real WebGPU API: every GPUBuffer.mapAsync(READ) in the
 * page adds the buffer's size (an init script wraps it before the page runs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, startHub, type Hub } from '../scripts/hub-server.mjs';
import { expect, gotoStage, test } from './fixtures';
import {
  choosePretrained,
  expectGolden,
  goldenCase,
  LOAD,
  loadModel,
  runModelOn,
  shapeOf,
  typeTexts,
  useHub,
  type GoldenCase,
} from './pretrained-helpers';

test.use({ serviceWorkers: 'block' });
test.setTimeout(150_000);

interface Watch {
  xentMapped: number;
  xentDevices: GPUDevice[];
}

let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub();
});
test.afterAll(() => hub.close());

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as Watch;
    w.xentMapped = 0;
    w.xentDevices = [];
    const map = GPUBuffer.prototype.mapAsync;
    GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, mode, ...rest) {
      if (mode & GPUMapMode.READ) w.xentMapped += this.size;
      return map.call(this, mode, ...rest);
    };
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor) {
      const device = await request.call(this, descriptor);
      w.xentDevices.push(device);
      return device;
    };
  });
});

test('the logits stay on the GPU: scoring reads back bytes per row, not the B × T × V tensor', async ({
  page,
}) => {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await runModelOn(page, 'webgpu');
  await typeTexts(page, c.texts);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  await page.evaluate(() => ((window as unknown as Watch).xentMapped = 0));
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, 50257), LOAD);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
  const mapped = await page.evaluate(() => (window as unknown as Watch).xentMapped);
  const [B, T, V] = [2, 12, 50257];
  // Scored on the GPU: 32 bytes a row, plus the one focused row the logits stage draws (its V
  // logits and V probabilities) and small reads of onnxruntime's own; never the 4.8 MB tensor.
  test
    .info()
    .annotations.push({ type: 'bytes read back from the click to the loss', description: String(mapped) });
  expect(mapped).toBeLessThan(B * T * V * 4 * 0.25);
  await expectGolden(page, c, V);

  // The views that need a whole row get it from the GPU: the surprisal view's top 5 at a token.
  await gotoStage(page, 5);
  const view = page.getByRole('region', { name: 'Surprisal over the text' });
  await view.getByTestId('sx-token').first().focus();
  const detail = view.getByTestId('sx-detail');
  const rank = c.rank[0]![0]!.toLocaleString('en-US');
  await expect(detail.getByTestId('sx-rank')).toContainText(`${rank} of 50,257`);
  await expect(detail.getByTestId('sx-alt-p')).toHaveCount(5);
});

test('a Qwen-architecture model on WebGPU: PyTorch’s numbers, its rotary angles computed on the CPU', async ({
  page,
}) => {
  const c = goldenCase('tiny-qwen', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await runModelOn(page, 'webgpu');
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-qwen');
  await expectGolden(page, c, 151936);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');
});

test('a device lost while the model runs hands over to WebAssembly with the same numbers', async ({
  page,
}) => {
  const before = goldenCase('tiny-gpt2', 'book-1');
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await runModelOn(page, 'webgpu');
  await typeTexts(page, [before.texts[0]!, before.texts[0]!]);
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('shape')).toHaveText('(2, 4, 50257)', LOAD);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu');

  // New texts start a forward pass on the GPU; the device is lost while it runs.
  await typeTexts(page, c.texts);
  await page.evaluate(() => {
    for (const device of (window as unknown as Watch).xentDevices) device.destroy();
  });
  await expect(page.getByRole('status').filter({ hasText: 'WebGPU stopped working' })).toContainText(
    'so the numbers are now computed on the CPU',
  );
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu', LOAD);
  await expectGolden(page, c, 50257);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('float16 weights without shader-f16 (SwiftShader) run on WebAssembly, with the fp16 file’s own numbers', async ({
  page,
}) => {
  const golden = JSON.parse(readFileSync(join(FIXTURE_DIR, 'hub-golden.json'), 'utf8')) as {
    models: Record<string, { files: Record<string, { cases: GoldenCase[] }> }>;
  };
  const one = golden.models['hub-gpt2']!.files['onnx/model_fp16.onnx']!.cases[0]!;
  const c: GoldenCase = {
    ...one,
    name: 'hub-gpt2 fp16',
    texts: [one.texts[0]!, one.texts[0]!],
    inputIds: [one.inputIds[0]!, one.inputIds[0]!],
    targets: [one.targets[0]!, one.targets[0]!],
    logp: [one.logp[0]!, one.logp[0]!],
    rank: [one.rank[0]!, one.rank[0]!],
  };
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await runModelOn(page, 'webgpu');
  await typeTexts(page, c.texts);
  await page.getByRole('textbox', { name: /^Or any causal language model/ }).fill('fixtures/hub-gpt2');
  await page.getByRole('combobox', { name: 'Precision', exact: true }).selectOption('fp16');
  await page.getByRole('button', { name: 'Load model' }).click();
  await expect(page.getByTestId('model-loaded')).toContainText('float16 weights', LOAD);
  await expectGolden(page, c, 50257);
  // WebGPU stays chosen, and the picker says where the model ran instead, and why.
  await expect(page.getByTestId('model-misfit')).toHaveText(
    'fixtures/hub-gpt2 runs on WebAssembly here: this GPU lacks the shader-f16 feature that float16 weights need.',
  );
});
