/**
 * A course page links to the tool opened on its own logits: #data=URL or ?data=URL, from the
 * same origin or a CORS-enabled server. A bad address gives one sentence and the book's example.
 */
import { readFileSync } from 'node:fs';
import { BOOK, expect, test } from './fixtures';

const BOOK_FILE = readFileSync('public/examples/ch05-untrained-gpt2-logits.npz');
// Routes do not see a service worker's requests; these tests are about the page's own fetch.
test.use({ serviceWorkers: 'block' });

const npz = { status: 200, contentType: 'application/octet-stream', body: BOOK_FILE };

test('#data= opens a same-origin file', async ({ page }) => {
  await page.route('**/course/week5/logits.npz', (route) => route.fulfill(npz));
  await page.goto('./#data=course/week5/logits.npz');
  await expect(page.getByRole('radio', { name: 'Your file: logits.npz' })).toBeChecked();
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
  await expect(page.getByTestId('perplexity')).toHaveText(BOOK.perplexity);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('?data= opens a file from a CORS-enabled server', async ({ page }) => {
  await page.route('https://data.example.org/run/logits.npz', (route) =>
    route.fulfill({ ...npz, headers: { 'access-control-allow-origin': '*' } }),
  );
  await page.goto('./?data=https://data.example.org/run/logits.npz');
  await expect(page.getByRole('radio', { name: 'Your file: logits.npz' })).toBeChecked();
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('an unreachable address says so and shows the book’s example', async ({ page }) => {
  await page.route('https://down.example.org/**', (route) => route.abort('connectionrefused'));
  await page.goto('./#data=https://down.example.org/logits.npz');
  await expect(page.getByRole('alert')).toHaveText(
    'The logits at https://down.example.org/logits.npz could not be downloaded: the server is unreachable or does not allow cross-origin requests (CORS); check the address, or download the file and load it here.',
  );
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('a missing file, a script address and a file that is not logits are refused', async ({ page }) => {
  await page.route('**/missing.npz', (route) => route.fulfill({ status: 404, body: 'no' }));
  await page.goto('./#data=missing.npz');
  await expect(page.getByRole('alert')).toContainText('(HTTP 404); check the address.');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);

  await page.goto('./#data=javascript:alert(1)');
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText(
    'The data address must start with https:// or http://, not javascript:.',
  );
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);

  await page.route('**/notes.npz', (route) => route.fulfill({ status: 200, body: 'just some text' }));
  await page.goto('./#data=notes.npz');
  await page.reload();
  await expect(page.getByRole('alert')).toHaveText(/^“notes\.npz” is not .+\.$/);
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});

test('a file over 1 GiB is refused before it is read', async ({ page }) => {
  await page.route('**/huge.npz', (route) =>
    route.fulfill({ status: 200, headers: { 'content-length': String(2 ** 31) }, body: Buffer.alloc(16) }),
  );
  await page.goto('./#data=huge.npz');
  await expect(page.getByRole('alert')).toContainText('is 2.0 GiB, over the 1 GiB this page reads');
  await expect(page.getByTestId('loss')).toHaveText(BOOK.loss);
});
