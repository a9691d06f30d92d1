/**
 * What the page shows, as a reducer testable without React: where the logits came from, which
 * back end may compute, what was computed last, and the one notice or error to read out.
 */
import type { LogitsBatch, XentResult } from '../math';

export type Backend = 'webgpu' | 'cpu';

/** What the GPU boundary answered, and whether the device still works. */
export type GpuStatus =
  | { kind: 'asking' }
  | { kind: 'ready'; adapterName: string }
  /** The browser gave no device; `reason` says why (no API, no adapter, refused). */
  | { kind: 'unavailable'; reason: string }
  /** There was a device, but it failed or was lost; the CPU computes from then on. */
  | { kind: 'failed'; reason: string };

/** Logits to score: the book's example or a file the reader opened. */
export interface Source {
  /** "the book's example" or the file's name. */
  label: string;
  isExample: boolean;
  batch: LogitsBatch;
  /** (B, T) input token ids, when the file has them. */
  inputs: Int32Array | null;
}

export interface Shown {
  result: XentResult;
  source: Source;
}

export interface AppState {
  gpu: GpuStatus;
  /** The reader's choice; WebGPU is used only while the GPU is ready. */
  prefer: Backend;
  source: Source | null;
  /** The last result, kept on screen while a new one is computed or when a file is refused. */
  shown: Shown | null;
  busy: boolean;
  /** Why the CPU took over from a GPU that had been working (role="status"). */
  notice: string | null;
  /** One sentence: what is wrong and how to fix it (role="alert"). */
  error: string | null;
}

export type AppAction =
  | { type: 'gpu'; status: GpuStatus }
  | { type: 'gpu-failed'; reason: string }
  | { type: 'prefer'; backend: Backend }
  | { type: 'source'; source: Source }
  | { type: 'computing' }
  | { type: 'computed'; shown: Shown }
  | { type: 'error'; message: string };

export const initialState: AppState = {
  gpu: { kind: 'asking' },
  prefer: 'webgpu',
  source: null,
  shown: null,
  busy: true,
  notice: null,
  error: null,
};

/** The back end the next computation uses; null while the GPU boundary has not answered. */
export function backendFor(state: Pick<AppState, 'gpu' | 'prefer'>): Backend | null {
  if (state.gpu.kind === 'asking') return null;
  return state.prefer === 'webgpu' && state.gpu.kind === 'ready' ? 'webgpu' : 'cpu';
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'gpu':
      return { ...state, gpu: action.status };
    case 'gpu-failed':
      if (state.gpu.kind !== 'ready') return state;
      return {
        ...state,
        gpu: { kind: 'failed', reason: action.reason },
        notice: `WebGPU stopped working, so the numbers are now computed on the CPU. ${action.reason}`,
      };
    case 'prefer':
      return { ...state, prefer: action.backend };
    case 'source':
      return { ...state, source: action.source, error: null };
    case 'computing':
      return { ...state, busy: true };
    case 'computed':
      return { ...state, shown: action.shown, busy: false, error: null };
    case 'error':
      return { ...state, busy: false, error: action.message };
  }
}
