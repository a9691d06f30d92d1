/**
 * A pretrained model on the reader's text: the tiny fixture models (test/fixtures/lm, made by
 * scripts/golden/make_lm_fixtures.py) served by a stand-in for the hub on loopback, loaded by the
 * page, run by onnxruntime-web and scored by the page's engine, checked against PyTorch's numbers
 * (golden.json); the download's progress and Cancel, the Cache API with the network cut, a bad
 * model's alert with the state kept, and the link round trip.
 */
import { startServer } from '../scripts/serve.mjs';
import { namesNotBeginningWithText, scan } from './axe';
import { startHub, type Hub } from '../scripts/hub-server.mjs';
import { BOOK, expect, gotoStage, openSettings, test } from './fixtures';
import {
  choosePretrained,
  expectGolden,
  folderBytes,
  goldenCase,
  LOAD,
  loadModel,
  shapeOf,
  typeTexts,
  useHub,
  type GoldenCase,
} from './pretrained-helpers';

// Each test's page talks to its own hub; the service worker is kept out of the way so that what
// is cached is the Cache API's doing, not the offline worker's.
test.use({ serviceWorkers: 'block' });
// With WebGPU the model's first pass compiles its shaders (SwiftShader, 2 cores: 10–20 s).
test.setTimeout(150_000);

let hub: Hub;
test.beforeAll(async () => {
  hub = await startHub({ chunks: 20, chunkDelayMs: 60 });
});
test.afterAll(() => hub.close());

test('loads a GPT-2 from the hub with a progress bar and scores the texts as PyTorch does', async ({
  page,
}) => {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page);
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-gpt2');
  const progress = page.getByTestId('model-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /of 3\.3 MB \(\d+%\)/);
  await expect(progress.getByRole('button', { name: 'Cancel the download' })).toBeVisible();
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, 50257), LOAD);
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('model-loaded')).toContainText('tiny-gpt2', LOAD);
  await expectGolden(page, c, 50257);
  // Stage 1 shows the start token the model reads before each text.
  await gotoStage(page, 1);
  await expect(page.getByTestId('start-token')).toContainText('start token <|endoftext|> (id 50256)');
});

test('a Qwen-architecture model with its own tokenizer and V = 151,936', async ({ page }) => {
  const c = goldenCase('tiny-qwen', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-qwen');
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, 151936), LOAD);
  await expectGolden(page, c, 151936);
});

test('the second load comes from the cache, with the hub unreachable', async ({ page }) => {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  await useHub(page, hub.base);
  await page.goto('./');
  await choosePretrained(page);
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('model-loaded')).toContainText('downloaded', LOAD);
  await page.getByText('Hub address and cached models').click();
  await expect(page.getByRole('list', { name: 'Models kept in this browser' })).toContainText(
    `fixtures/tiny-gpt2: ${folderBytes('tiny-gpt2')}`,
  );

  // The network to the hub is cut: every request to it fails.
  await page.route(`${hub.base}/**`, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await choosePretrained(page);
  await typeTexts(page, c.texts);
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('model-loaded')).toContainText('read from this browser’s cache', LOAD);
  await expectGolden(page, c, 50257);

  // Removed from the cache, it cannot load without the hub: one sentence, the logits kept.
  await openSettings(page);
  await page.getByText('Hub address and cached models').click();
  await page.getByRole('button', { name: 'Remove fixtures/tiny-gpt2' }).click();
  await expect(page.getByText('No model is kept in this browser yet.')).toBeVisible();
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByRole('alert')).toContainText('could not be reached');
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, 50257), LOAD);
});

test('a bad model gets one sentence and the logits on screen are kept', async ({ page }) => {
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page);
  await loadModel(page, 'fixtures/no-such-model');
  await expect(page.getByRole('alert')).toHaveText(
    `config.json was not found at ${hub.base}/fixtures/no-such-model/resolve/main/config.json (HTTP 404); check the model id or the folder URL, and that the folder holds config.json.`,
  );
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
  // Not a hub id, not https: refused before any request.
  await loadModel(page, 'ftp://example.org/model/');
  await expect(page.getByRole('alert')).toContainText('Only https: model URLs are accepted');
  await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
});

test('a download can be cancelled, and the logits on screen stay', async ({ page }) => {
  const slow = await startHub({ chunks: 200, chunkDelayMs: 100 });
  try {
    await useHub(page, slow.base);
    await page.goto('./');
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
    await choosePretrained(page);
    await loadModel(page, 'fixtures/tiny-gpt2');
    const progress = page.getByTestId('model-progress');
    await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /of 3\.3 MB/);
    await progress.getByRole('button', { name: 'Cancel the download' }).click();
    await expect(progress).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'cancelled' })).toHaveText(
      'The download was cancelled; the previous logits are kept.',
    );
    await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await slow.close();
  }
});

test('a link opens the model on its texts, and the page writes the same link back', async ({ page }) => {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  await useHub(page, hub.base);
  const hash = new URLSearchParams({
    source: 'lm',
    model: 'fixtures/tiny-gpt2',
    text1: c.texts[0]!,
    text2: c.texts[1]!,
  });
  await page.goto(`./#stage=4&${hash.toString()}`);
  // 3.3 MB, under the 50 MB that needs a click: it loads by itself.
  await expect(page.getByTestId('shape')).toHaveText(shapeOf(c, 50257), LOAD);
  await expectGolden(page, c, 50257);
  const written = new URLSearchParams(new URL(page.url()).hash.slice(1));
  expect(written.get('source')).toBe('lm');
  expect(written.get('model')).toBe('fixtures/tiny-gpt2');
  expect(written.get('text1')).toBe(c.texts[0]);
  expect(written.get('text2')).toBe(c.texts[1]);
});

test('a link never loads a model over 50 MB by itself, nor an address that is not https', async ({
  page,
}) => {
  await page.goto('./#source=lm&model=Xenova/gpt2');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await openSettings(page);
  await expect(page.getByRole('button', { name: 'Load Xenova/gpt2' })).toBeVisible();
  await expect(page.getByTestId('model-progress')).toHaveCount(0);

  await page.goto('./#source=lm&model=javascript%3Aalert(1)');
  await page.reload();
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('model')).toBeNull();
});

/** The policy the README gives for a lab page that loads models, with this test's hub in connect-src. */
const modelPolicy = (hubBase: string) =>
  `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; ` +
  `img-src 'self' data: blob:; connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co ${hubBase}`;

/**
 * The built site from a server of its own that sends `policy` with every file (page, scripts,
 * workers, ORT's .wasm), as a host that sets the header site-wide does; runs `use` with its URL.
 */
async function underPolicy(policy: string, use: (url: string) => Promise<void>) {
  const { server, url } = await startServer({
    dir: process.env.XENT_DIST ?? 'dist',
    port: 0,
    headers: { 'content-security-policy': policy },
  });
  try {
    await use(url);
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

test('embedded under the README’s Content-Security-Policy, with the lecture keys', async ({ page }) => {
  const c = goldenCase('tiny-gpt2', 'batch-right-padded');
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await useHub(page, hub.base);
  const link = new URLSearchParams({
    source: 'lm',
    model: 'fixtures/tiny-gpt2',
    text1: c.texts[0]!,
    text2: c.texts[1]!,
  });
  await underPolicy(modelPolicy(hub.base), async (lab) => {
    await page.goto(`${lab}#embed=1&${link.toString()}`);
    await expectGolden(page, c, 50257);
    await page.locator('.stage-kicker').click();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('.stage-kicker')).toContainText('Stage 5 of 7');
  });
  expect(violations).toEqual([]);
});

test('a policy without WebAssembly gets one sentence saying what to allow', async ({ page }) => {
  await useHub(page, hub.base);
  await underPolicy(modelPolicy(hub.base).replace(" 'wasm-unsafe-eval'", ''), async (lab) => {
    await page.goto(lab);
    await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
    await choosePretrained(page);
    await loadModel(page, 'fixtures/tiny-gpt2');
    await expect(page.getByRole('alert')).toHaveText(
      "This page's Content-Security-Policy does not allow WebAssembly, which runs the model; the site must add 'wasm-unsafe-eval' to script-src (see the README).",
    );
    await expect(page.getByTestId('shape')).toHaveText(BOOK.shape);
  });
});

test('before and after training, and models side by side in bits per byte', async ({ page }) => {
  const gpt2 = [goldenCase('tiny-gpt2', 'book-1'), goldenCase('tiny-gpt2', 'book-2')];
  const qwen = [goldenCase('tiny-qwen', 'book-1'), goldenCase('tiny-qwen', 'book-2')];
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page); // the texts are the book's two
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('shape')).toHaveText('(2, 4, 50257)', LOAD);
  await gotoStage(page, 7);

  // The book's six targets are positions 1…3 of each text (position 0 reads the start token).
  const after = -gpt2.flatMap((c) => c.logp[0]!.slice(1)).reduce((a: number, b) => a + (b ?? NaN), 0) / 6;
  const beforeAfter = page.getByTestId('before-after');
  await expect(beforeAfter.getByRole('row', { name: /^Before/ })).toContainText(BOOK.loss);
  await expect(beforeAfter.getByRole('row', { name: /^Before/ })).toContainText(BOOK.perplexity);
  const afterLoss = Number(
    await beforeAfter
      .getByRole('row', { name: /^After: fixtures\/tiny-gpt2/ })
      .getByRole('cell')
      .first()
      .textContent(),
  );
  expect(Math.abs(afterLoss - after)).toBeLessThanOrEqual(5e-5 + 1e-5 * after);

  // Bits per byte: Σ −log₂ p over every scored token, over the texts' UTF-8 bytes.
  const bytes = gpt2.reduce((n, c) => n + Buffer.byteLength(c.texts[0]!, 'utf8'), 0);
  const bpb = (cases: GoldenCase[]) =>
    cases.reduce((n, c) => n - c.logp[0]!.reduce((a: number, b) => a + (b ?? NaN), 0), 0) / Math.LN2 / bytes;
  await openSettings(page);
  await loadModel(page, 'fixtures/tiny-qwen');
  await expect(page.getByTestId('shape')).toHaveText('(2, 4, 151936)', LOAD);
  const table = page.getByTestId('models-side-by-side');
  await expect(table.getByRole('row')).toHaveCount(3);
  for (const [name, cases] of [
    ['tiny-gpt2', gpt2],
    ['tiny-qwen', qwen],
  ] as const) {
    const cells = table.getByRole('row', { name: new RegExp(`^fixtures/${name}`) }).getByRole('cell');
    // Neither text is cut, so both models scored all the texts' bytes.
    await expect(cells.nth(5)).toHaveText(String(bytes));
    expect(Math.abs(Number(await cells.nth(6).textContent()) - bpb(cases))).toBeLessThan(5e-4);
  }
  await expect(page.getByText(`the same ${bytes} bytes for every model here`)).toBeVisible();
  // The Qwen model is not a GPT‑2: no before/after on the book's ids, and the page says why.
  await expect(page.getByText('so their losses are not on the same token ids')).toBeVisible();
});

test('the model picker and stage 7’s comparison pass axe at 1280 and 375 px', async ({ page }) => {
  test.setTimeout(240_000);
  await useHub(page, hub.base);
  await page.goto('./');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await choosePretrained(page);
  await loadModel(page, 'fixtures/tiny-gpt2');
  await expect(page.getByTestId('shape')).toHaveText('(2, 4, 50257)', LOAD);
  await page.getByText('Hub address and cached models').click();
  await gotoStage(page, 7);
  await expect(page.getByTestId('before-after')).toBeVisible();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await openSettings(page);
    expect(await scan(page), `axe at ${width} px`).toEqual([]);
    expect(await namesNotBeginningWithText(page), `names at ${width} px`).toEqual([]);
  }
});
