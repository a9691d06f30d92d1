#!/usr/bin/env node
/**
 * `node scripts/bench/frame-floor.mjs`: the frame floor of a slider in headless Chromium, with no
 * app at all. A bare page holds a range input and a text node; each of 30 steps sets the input's
 * value, dispatches `input`, then changes the text either in the input's own task ("sync") or
 * after a delay of d ms (a stand-in for an answer computed elsewhere: a worker or the GPU), and
 * times input → the first task after the frame that shows the text (requestAnimationFrame →
 * MessageChannel, as scripts/bench/run-app.mjs times the page's controls). It shows what the
 * browser itself allows: the input repaints the thumb at once, so a number that arrives later
 * waits for the next frame. Prints a table; nothing is asserted.
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, executablePath } from '../chromium.mjs';

const STEPS = 30;
const DELAYS = [-1, 0, 2, 5, 8, 12]; // −1: in the input's own task

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.setContent(
    '<input type="range" min="0" max="1000" value="500" style="width:600px"><p id="n">0</p>',
  );
  const rows = await page.evaluate(
    async ({ steps, delays }) => {
      const frame = () => new Promise((done) => requestAnimationFrame(done));
      const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
      const afterPaint = () =>
        new Promise((done) =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => done(performance.now());
            channel.port2.postMessage(0);
          }),
        );
      // Waits until `until` (performance.now()) without blocking the main thread.
      const until = (t) =>
        new Promise((done) => {
          const spin = () => (performance.now() >= t ? done() : setTimeout(spin, 0));
          spin();
        });
      const input = document.querySelector('input');
      const text = document.querySelector('#n');
      {
        const out = [];
        for (const delay of delays) {
          const times = [];
          for (let i = 0; i < steps; i++) {
            await frame();
            await frame();
            await sleep(30);
            const t0 = performance.now();
            input.value = String((i * 37) % 1000);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            if (delay >= 0) await until(t0 + delay);
            text.textContent = String(i);
            times.push((await afterPaint()) - t0);
          }
          times.sort((a, b) => a - b);
          out.push({
            when: delay < 0 ? 'in the input task' : `${delay} ms after the input`,
            p50: times[Math.floor(steps / 2)],
            p95: times[Math.ceil(0.95 * steps) - 1],
            within: times.filter((t) => t <= 1000 / 60).length,
          });
        }
        return out;
      }
    },
    { steps: STEPS, delays: DELAYS },
  );
  console.log(`Chromium ${browser.version()}, ${STEPS} steps each: input → frame showing the text (ms)\n`);
  console.log('| text changed | p50 | p95 | within 16.7 ms |');
  console.log('| --- | --: | --: | --: |');
  for (const r of rows)
    console.log(`| ${r.when} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.within} / ${STEPS} |`);
} finally {
  await browser.close();
}
