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
