/**
 * The CPU trainer's worker protocol (src/train/trainer-protocol.ts) and WorkerTrainer's inline
 * fallback, in Node (no Worker): the same numbers as CpuTrainer called directly, errors as one
 * sentence, nothing usable after a reset. The real worker runs in the browser tests
 * (e2e/explore-training-cpu.spec.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CpuTrainer } from '../src/train/cpu-trainer';
import { splitPositions } from '../src/train/plan';
import { handleTrainerRequest, type TrainerHost } from '../src/train/trainer-protocol';
import { WorkerTrainer } from '../src/train/worker-trainer';

const shape = { vocab: 37, dim: 6 };
const ids = Array.from({ length: 60 }, (_, i) => (i * 5 + (i >> 2)) % 37);
const data = splitPositions(ids, 0.2);

describe('trainer protocol', () => {
  it('creates, trains and evaluates exactly as CpuTrainer does', async () => {
    const host: TrainerHost = { trainer: null };
    const direct = new CpuTrainer(shape, data, { lr: 0.05 });
    await direct.init(7);
    expect(
      await handleTrainerRequest(host, { id: 1, op: 'create', shape, data, adam: { lr: 0.05 } }),
    ).toEqual({
      id: 1,
      ok: true,
      value: null,
    });
    expect((await handleTrainerRequest(host, { id: 2, op: 'init', seed: 7 })).ok).toBe(true);
    for (let s = 0; s < 3; s++) {
      const reply = await handleTrainerRequest(host, { id: 3 + s, op: 'step' });
      expect(reply).toEqual({ id: 3 + s, ok: true, value: await direct.step() });
    }
    expect(await handleTrainerRequest(host, { id: 9, op: 'evaluate' })).toEqual({
      id: 9,
      ok: true,
      value: await direct.evaluate(),
    });
    const logits = await handleTrainerRequest(host, { id: 10, op: 'logitsFor', ids: [1, 2] });
    expect(logits.ok && logits.value).toEqual(await direct.logitsFor([1, 2]));
  });

  it('answers a bad request with a sentence and keeps going', async () => {
    const host: TrainerHost = { trainer: null };
    expect(await handleTrainerRequest(host, { id: 1, op: 'step' })).toEqual({
      id: 1,
      ok: false,
      message: 'There is no model yet; press Reset and train again.',
    });
    const empty = { train: { inputs: [], targets: [] }, val: { inputs: [], targets: [] } };
    expect(await handleTrainerRequest(host, { id: 2, op: 'create', shape, data: empty, adam: {} })).toEqual({
      id: 2,
      ok: false,
      message: 'There are no training positions.',
    });
    const outside = await handleTrainerRequest(host, {
      id: 3,
      op: 'create',
      shape,
      data: { train: { inputs: [1, 99], targets: [2, 3] }, val: { inputs: [], targets: [] } },
      adam: {},
    });
    expect(outside).toEqual({ id: 3, ok: false, message: 'token id 99 is outside the vocabulary [0, 37).' });
    expect((await handleTrainerRequest(host, { id: 4, op: 'create', shape, data, adam: {} })).ok).toBe(true);
    expect((await handleTrainerRequest(host, { id: 5, op: 'init', seed: 1 })).ok).toBe(true);
    expect((await handleTrainerRequest(host, { id: 6, op: 'step' })).ok).toBe(true);
    expect((await handleTrainerRequest(host, { id: 7, op: 'dispose' })).ok).toBe(true);
    expect((await handleTrainerRequest(host, { id: 8, op: 'step' })).ok).toBe(false);
  });
});

describe('WorkerTrainer without a Worker', () => {
  it('trains inline with CpuTrainer’s numbers, and refuses work after a reset', async () => {
    const trainer = new WorkerTrainer(shape, data, { lr: 0.05 });
    expect(trainer.inWorker).toBe(false);
    const direct = new CpuTrainer(shape, data, { lr: 0.05 });
    await Promise.all([trainer.init(3), direct.init(3)]);
    // Calls queued without awaiting run in order, as they would in the worker.
    const steps = [trainer.step(), trainer.step()];
    trainer.setLearningRate(0.01);
    steps.push(trainer.step());
    const want = [await direct.step(), await direct.step()];
    direct.setLearningRate(0.01);
    want.push(await direct.step());
    expect(await Promise.all(steps)).toEqual(want);
    expect(await trainer.evaluate()).toEqual(await direct.evaluate());
    trainer.dispose();
    await expect(trainer.step()).rejects.toThrow('This trainer was reset; start a new one.');
  });

  it('says why it refused the text when asked to start', async () => {
    const outside = { train: { inputs: [1, 99], targets: [2, 3] }, val: { inputs: [], targets: [] } };
    const trainer = new WorkerTrainer(shape, outside);
    await expect(trainer.init(1)).rejects.toThrow('token id 99 is outside the vocabulary [0, 37).');
  });

  it('fails at once on a text with no training positions', () => {
    const empty = { train: { inputs: [], targets: [] }, val: { inputs: [], targets: [] } };
    expect(() => new WorkerTrainer(shape, empty)).toThrow('There are no training positions.');
  });
});

describe('WorkerTrainer when the worker fails to start', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('replays everything asked so far inline, in order, with the same numbers', async () => {
    // A worker whose script never loads (as in a sandboxed iframe): an error event, no answers.
    class DeadWorker {
      onmessage: ((event: MessageEvent) => void) | null = null;
      onerror: ((event: { preventDefault(): void }) => void) | null = null;
      posted = 0;
      constructor() {
        setTimeout(() => this.onerror?.({ preventDefault: () => undefined }), 5);
      }
      postMessage() {
        this.posted++;
      }
      terminate() {}
    }
    vi.stubGlobal('Worker', DeadWorker);
    const trainer = new WorkerTrainer(shape, data, { lr: 0.05 });
    expect(trainer.inWorker).toBe(true);
    const direct = new CpuTrainer(shape, data, { lr: 0.05 });
    await direct.init(2);
    const asked = [trainer.init(2), trainer.step(), trainer.step(), trainer.evaluate()];
    const got = await Promise.all(asked);
    expect(trainer.inWorker).toBe(false);
    expect(got.slice(1)).toEqual([await direct.step(), await direct.step(), await direct.evaluate()]);
    expect(await trainer.step()).toEqual(await direct.step());
  });
});
