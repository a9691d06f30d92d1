/**
 * What every stage view receives: the computed result and where it came from, the focused row's
 * detail (for the logits and softmax stages), the token strings, the units and the reducer.
 * Stages render; they never compute numbers themselves beyond the math module's functions.
 */
import type { Dispatch } from 'react';
import type { RowDetail } from '../compute/row-detail';
import type { ComputeSession } from '../compute/session';
import type { AppAction, AppState, Backend, Shown } from '../state';
import type { Decode } from '../view/tokens';

export interface StageProps {
  shown: Shown;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  /** Token strings when the logits are GPT-2's and the vocabulary has loaded; else null. */
  decode: Decode | null;
  /** The focused (b, t) row: its logits, softmax, normaliser and top tokens; null while computing. */
  row: RowDetail | null;
  /** The back ends, for views that compute more (the explorations); null until they answer. */
  session: ComputeSession | null;
  /** The back end computations use now (WebGPU when ready and chosen, else the CPU). */
  backend: Backend | null;
}

export interface StageInfo {
  /** Short name on the stage rail. */
  name: string;
  /** The question the stage answers, as its heading. */
  title: string;
  /** Whether the stage draws the focused row (StageProps.row); the page computes it only then. */
  drawsRow?: boolean;
}

/** In the order the loss is computed: text → tokens → logits → softmax → gather → −log → mean → e^. */
export const STAGES: readonly StageInfo[] = [
  { name: 'Tokens', title: 'Text becomes tokens, and each token’s target is the next one' },
  { name: 'Logits', title: 'The model scores every word of the vocabulary', drawsRow: true },
  { name: 'Softmax', title: 'Softmax turns scores into probabilities', drawsRow: true },
  { name: 'p(target)', title: 'The probability of the right next token' },
  { name: '−log p', title: 'Why the loss is −log p', drawsRow: true },
  { name: 'Mean', title: 'The mean of −log p is the cross-entropy loss' },
  { name: 'Perplexity', title: 'Perplexity: e to the loss' },
];
