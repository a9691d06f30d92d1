/**
 * The stage views in pipeline order; stageView(i) draws STAGES[i].
 *
 * Only stage 1 (what the page opens on) is in the initial script. Stages 2–7 carry KaTeX, the
 * charts, the explorations and the training panel, which the first screen does not show, so each
 * is its own chunk, loaded when drawn (App wraps the view in LoadBoundary: a placeholder while
 * it loads, a retry if it fails) or ahead of time by preloadStage / preloadStages.
 */
import type { ComponentType } from 'react';
import { lazyPart } from '../view/Lazy';
import { Stage1Tokens } from './1-tokens';
import type { StageProps } from './stage';

export { STAGES, type StageProps, type StageInfo } from './stage';

/** Stages 2–7 (LATER[i - 1] is stage i, 0-based), each a chunk of its own. */
const LATER = [
  lazyPart(() => import('./2-logits').then((m) => m.Stage2Logits)),
  lazyPart(() => import('./3-softmax').then((m) => m.Stage3Softmax)),
  lazyPart(() => import('./4-target').then((m) => m.Stage4Target)),
  lazyPart(() => import('./5-neg-log').then((m) => m.Stage5NegLog)),
  lazyPart(() => import('./6-mean').then((m) => m.Stage6Mean)),
  lazyPart(() => import('./7-perplexity').then((m) => m.Stage7Perplexity)),
];

/** Starts loading stage `index`'s view (0-based) without drawing it; stage 1 is always loaded. */
export function preloadStage(index: number): void {
  if (index > 0) LATER[index - 1]?.preload();
}

/** Starts loading every later stage, so stepping through them does not wait on the network. */
export function preloadStages(): void {
  for (const stage of LATER) stage.preload();
}

/** The view of stage `index` (0-based): stage 1 itself, a later one once loaded or lazily. */
export function stageView(index: number): ComponentType<StageProps> | undefined {
  return index === 0 ? Stage1Tokens : LATER[index - 1]?.view();
}

/** Forgets stage `index`'s failed or pending load, for "Try again" (LazyPart.retry). */
export function retryStage(index: number): void {
  if (index > 0) LATER[index - 1]?.retry();
}
