/**
 * The messages between the page and the CPU trainer's Web Worker (cpu-trainer.worker.ts), and
 * the worker's side as a plain function, so it is tested in Node without a worker. A CPU step at
 * V = 50,257 costs about 3·R·d·V multiply-adds (over a second at d = 64), which on the main thread
 * would freeze the page; in a worker the page keeps painting and taking input.
 */
import { CpuTrainer, type TrainingData } from './cpu-trainer';
import type { AdamSettings, EvalResult, ModelShape, StepResult } from './types';

export type TrainerRequest = { id: number } & (
  | { op: 'create'; shape: ModelShape; data: TrainingData; adam: Partial<AdamSettings> }
  | { op: 'init'; seed: number }
  | { op: 'step' }
  | { op: 'evaluate' }
  | { op: 'logitsFor'; ids: number[] }
  | { op: 'setLearningRate'; lr: number }
  | { op: 'dispose' }
);

export type TrainerValue = null | StepResult | EvalResult | Float32Array;

export type TrainerReply =
  { id: number; ok: true; value: TrainerValue } | { id: number; ok: false; message: string };

/** The worker's state: the one trainer it holds, if created. */
export interface TrainerHost {
  trainer: CpuTrainer | null;
}

/** Carries out one request on the host's trainer; errors become a one-sentence message. */
export async function handleTrainerRequest(
  host: TrainerHost,
  request: TrainerRequest,
): Promise<TrainerReply> {
  const { id } = request;
  try {
    if (request.op === 'create') {
      host.trainer?.dispose();
      host.trainer = new CpuTrainer(request.shape, request.data, request.adam);
      return { id, ok: true, value: null };
    }
    const trainer = host.trainer;
    if (!trainer) throw new Error('There is no model yet; press Reset and train again.');
    switch (request.op) {
      case 'init':
        await trainer.init(request.seed);
        return { id, ok: true, value: null };
      case 'step':
        return { id, ok: true, value: await trainer.step() };
      case 'evaluate':
        return { id, ok: true, value: await trainer.evaluate() };
      case 'logitsFor':
        return { id, ok: true, value: await trainer.logitsFor(request.ids) };
      case 'setLearningRate':
        trainer.setLearningRate(request.lr);
        return { id, ok: true, value: null };
      case 'dispose':
        trainer.dispose();
        host.trainer = null;
        return { id, ok: true, value: null };
    }
  } catch (error) {
    return { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
