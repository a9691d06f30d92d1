/**
 * Bad data never crashes the page: a broken or missing example, or a file the reader opens that
 * is not logits, gives one clear sentence in role="alert" (and the fixture checks that nothing
 * was thrown uncaught).
 */
import { readFileSync } from 'node:fs';
import { BOOK, expect, expectBookNumbers, test } from './fixtures';

const EXAMPLE = '**/examples/ch05-untrained-gpt2-logits.npz';

test('a corrupt example gives one sentence in an alert', async ({ page }) => {
  await page.route(EXAMPLE, (route) => route.fulfill({ status: 200, body: 'not logits at all' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(/^The book’s example file is not a format this tool reads; give .+\.$/);
  await expect(page.getByTestId('loss')).toHaveCount(0);
});

test('a missing example says so in an alert', async ({ page }) => {
  await page.route(EXAMPLE, (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('./');
  await expect(page.getByRole('alert')).toHaveText(
    'The book’s example could not be loaded (HTTP 404); reload the page, or open a logits file below.',
  );
});

test('a file that is not logits is refused and the numbers stay', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await page.getByLabel('Load logits').setInputFiles({
    name: 'notes.npz',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('PK\u0003\u0004 this is not really a zip archive'),
  });
  await expect(page.getByRole('alert')).toHaveText(/^.+\.$/);
  await expect(page.getByRole('alert')).not.toContainText('Unexpected error');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('the reader’s own file is scored, and the example comes back', async ({ page }) => {
  await page.goto('./');
  await expectBookNumbers(page);
  await page.getByLabel('Load logits').setInputFiles({
    name: 'my-logits.npz',
    mimeType: 'application/octet-stream',
    buffer: readFileSync('public/examples/ch05-untrained-gpt2-logits.npz'),
  });
  await expect(page.getByRole('radio', { name: 'Your file: my-logits.npz' })).toBeChecked();
  await expectBookNumbers(page);
  await page.getByRole('button', { name: 'Back to the book’s example' }).click();
  await expect(page.getByRole('radio', { name: /Untrained GPT‑2 \(chapter 5 of the book\)/ })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Back to the book’s example' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

const FILES = 'test/fixtures/files/';
const ACCEPTED =
  'give .npz (np.savez or np.savez_compressed with logits and targets), .safetensors, or logits.npy with targets.npy.';

/**
 * One bad fixture per kind of failure (scripts/fixtures/make_files.py), as chosen with "Load logits",
 * and the sentence it must give: what is wrong, then after the semicolon or colon how to fix it.
 * An .npy pair is [logits.npy, targets.npy]. (An unreachable address is in url.spec.ts.)
 */
const BAD: [kind: string, files: string | [string, string], message: string][] = [
  ['unknown format', 'bad-unknown.bin', `“bad-unknown.bin” is not a format this tool reads; ${ACCEPTED}`],
  [
    'a PyTorch checkpoint',
    'bad-checkpoint.pt',
    'This is a PyTorch checkpoint (torch.save), not an .npz archive; save the tensors with np.savez(path, logits=..., targets=...) or safetensors instead.',
  ],
  [
    'truncated archive',
    'bad-truncated.npz',
    'The .npz archive is truncated (its end is missing); copy or save the file again.',
  ],
  [
    'truncated .safetensors',
    'bad-truncated.safetensors',
    'The .safetensors file is truncated or corrupt: targets lies at bytes [168, 216) but the data holds 196 bytes; copy or save the file again.',
  ],
  [
    'truncated .npy',
    ['bad-truncated.npy', 'pair/targets.npy'],
    'logits is truncated or its header is corrupt: the header declares shape (2, 3, 7) float32 (168 bytes) but only 158 bytes of data follow; copy or save the file again.',
  ],
  [
    'damaged bytes',
    'bad-crc.npz',
    'logits.npy in the .npz archive fails its CRC-32 check, so its bytes are damaged; copy or save the file again.',
  ],
  [
    'wrong dtype of logits',
    'bad-logits-int.npz',
    'logits has dtype int64; save it as a float array (np.float32, or float16/float64).',
  ],
  [
    'wrong dtype of targets',
    'bad-targets-float.npz',
    'targets has dtype float32; save it as an integer array (np.int64).',
  ],
  [
    'bfloat16',
    'bad-bf16.safetensors',
    'logits has safetensors dtype BF16, which this tool does not read (it reads F16, F32, F64, I8, I16, I32, I64 and U8); save it as a float array (np.float32, or float16/float64).',
  ],
  [
    'big-endian',
    'bad-big-endian.npz',
    "logits is big-endian ('>f4'); save it little-endian, e.g. logits.astype('<f4').",
  ],
  [
    'shape mismatch',
    'bad-shape-mismatch.npz',
    'targets has shape (1, 3) but logits has (1, 4, 100): they must agree on (batch, tokens).',
  ],
  [
    'missing targets',
    'bad-missing-targets.npz',
    'The .npz archive has no array named targets (it has logits, labels); save it with np.savez(path, logits=logits, targets=targets).',
  ],
  [
    'target out of range',
    'bad-target-out-of-range.npz',
    'target 7 at (batch 1, position 2) is outside the vocabulary [0, 7) and is not ignore_index -100; save token ids below 7 from the tokenizer of the model that made the logits, and mark padding with -100.',
  ],
  [
    'NaN logits',
    'bad-nan.npz',
    'logits has NaN at (batch 1, position 2, token 5); logits must be finite numbers or -inf (for masked tokens).',
  ],
  [
    'a header that claims 1 TiB',
    'bad-huge-header.safetensors',
    "The .safetensors file is corrupt (its header claims 1.0 TiB, more than the format allows); save it again with safetensors' save_file.",
  ],
  [
    'an archive member that claims 2 GiB',
    'bad-huge-member.npz',
    'logits.npy in the .npz archive is 2.0 GiB uncompressed, more than the 1.0 GiB this tool reads; score fewer sequences or a shorter context at a time.',
  ],
  [
    'an .npy header that claims 15 PiB',
    ['bad-huge-shape.npy', 'pair/targets.npy'],
    'logits is truncated or its header is corrupt: the header declares shape (200000, 300000, 70000) float32 (15 PiB) but only 168 bytes of data follow; copy or save the file again.',
  ],
];

/** The files as the reader would choose them; a pair is named logits.npy and targets.npy. */
function chosen(files: string | [string, string]) {
  if (typeof files === 'string') return FILES + files;
  return files.map((f, i) => ({
    name: i === 0 ? 'logits.npy' : 'targets.npy',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(FILES + f),
  }));
}

test('every kind of bad file says what is wrong and how to fix it; the numbers stay; a good file works after', async ({
  page,
}) => {
  await page.goto('./');
  await expectBookNumbers(page);
  const input = page.getByLabel('Load logits');
  for (const [kind, files, message] of BAD) {
    await input.setInputFiles(chosen(files));
    await expect(page.getByRole('alert'), kind).toHaveText(message);
    await expect(page.getByTestId('loss'), kind).toHaveText(BOOK.loss);
    await expect(page.getByTestId('shape'), kind).toHaveText(BOOK.shape);
    await expect(page.getByTestId('load-progress')).toHaveCount(0);
  }
  await expect(page.getByRole('radio', { name: /Untrained GPT‑2 \(chapter 5 of the book\)/ })).toBeChecked();
  await expect(page.getByTestId('rank')).toHaveText(BOOK.ranks);

  // The next valid file is scored, and clears the alert.
  await input.setInputFiles(FILES + 'stored.npz');
  await expect(page.getByRole('radio', { name: 'Your file: stored.npz' })).toBeChecked();
  await expect(page.getByTestId('loss')).toHaveText('2.1391');
  await expect(page.getByTestId('shape')).toHaveText('(2, 3, 7)');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A bad file after it keeps its numbers in turn.
  await input.setInputFiles(FILES + 'bad-nan.npz');
  await expect(page.getByRole('alert')).toContainText('logits has NaN');
  await expect(page.getByTestId('loss')).toHaveText('2.1391');
});
