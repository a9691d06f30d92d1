/** What the first page shows, as a reducer testable without React. */
import type { LogitsFile } from '../io';
import type { Computed } from './compute';

export type PageState =
  | { phase: 'loading' }
  | { phase: 'ready'; computed: Computed; file: LogitsFile }
  | { phase: 'error'; message: string };

export type PageAction =
  { type: 'computed'; computed: Computed; file: LogitsFile } | { type: 'failed'; message: string };

export function pageReducer(state: PageState, action: PageAction): PageState {
  switch (action.type) {
    case 'computed':
      return { phase: 'ready', computed: action.computed, file: action.file };
    case 'failed':
      return { phase: 'error', message: action.message };
  }
  return state;
}
