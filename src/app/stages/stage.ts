/**
 * What every stage view receives: the computed result and where it came from, the focused row's
 * detail (for the logits and softmax stages), the token strings, the units and the reducer.
 * Stages render; they never compute numbers themselves beyond the math module's functions.
 */
import type { Dispatch } from 'react';
import { currentIntl } from '../i18n/current';
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

/**
 * In the order the loss is computed: text → tokens → logits → softmax → gather → −log → mean → e^.
 * Each name and title is a getter, so that it is read in the page's language at the moment it is
 * shown (the language can change while the page runs).
 */
export const STAGES: readonly StageInfo[] = [
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.tokens.name',
        defaultMessage: 'Tokens',
        description: 'Short name of stage 1 on the stage rail: the text cut into tokens.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.tokens.title',
        defaultMessage: 'Text becomes tokens, and each token’s target is the next one',
        description: 'Heading of stage 1.',
      });
    },
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.logits.name',
        defaultMessage: 'Logits',
        description: 'Short name of stage 2 on the stage rail: the raw scores (logits) of the model.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.logits.title',
        defaultMessage: 'The model scores every word of the vocabulary',
        description: 'Heading of stage 2.',
      });
    },
    drawsRow: true,
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.softmax.name',
        defaultMessage: 'Softmax',
        description: 'Short name of stage 3 on the stage rail: the softmax function.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.softmax.title',
        defaultMessage: 'Softmax turns scores into probabilities',
        description: 'Heading of stage 3.',
      });
    },
    drawsRow: true,
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.target.name',
        defaultMessage: 'p(target)',
        description:
          'Short name of stage 4 on the stage rail: the probability p of the target token. Keep the notation p(…); translate "target".',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.target.title',
        defaultMessage: 'The probability of the right next token',
        description: 'Heading of stage 4.',
      });
    },
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.neglog.name',
        defaultMessage: '−log p',
        description:
          'Short name of stage 5 on the stage rail: minus the logarithm of the probability p. Math notation, usually kept as is.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.neglog.title',
        defaultMessage: 'Why the loss is −log p',
        description: 'Heading of stage 5.',
      });
    },
    drawsRow: true,
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.mean.name',
        defaultMessage: 'Mean',
        description: 'Short name of stage 6 on the stage rail: the mean (average) of the per-token losses.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.mean.title',
        defaultMessage: 'The mean of −log p is the cross-entropy loss',
        description: 'Heading of stage 6.',
      });
    },
  },
  {
    get name() {
      return currentIntl().formatMessage({
        id: 'stages.perplexity.name',
        defaultMessage: 'Perplexity',
        description: 'Short name of stage 7 on the stage rail: perplexity, e to the power of the loss.',
      });
    },
    get title() {
      return currentIntl().formatMessage({
        id: 'stages.perplexity.title',
        defaultMessage: 'Perplexity: e to the loss',
        description: 'Heading of stage 7: perplexity is e raised to the power of the loss.',
      });
    },
  },
];
