/**
 * The CPU trainer off the main thread: requests from worker-trainer.ts are carried out one at a
 * time, in order, by handleTrainerRequest (trainer-protocol.ts). Logits go back transferred, not
 * copied.
 */
import { handleTrainerRequest, type TrainerHost, type TrainerRequest } from './trainer-protocol';

const host: TrainerHost = { trainer: null };
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<TrainerRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    const reply = await handleTrainerRequest(host, request);
    const transfer = reply.ok && reply.value instanceof Float32Array ? [reply.value.buffer] : [];
    self.postMessage(reply, { transfer });
  });
};
