/** The stage views in pipeline order; STAGE_VIEWS[i] draws STAGES[i]. */
import type { ComponentType } from 'react';
import { Stage1Tokens } from './1-tokens';
import { Stage2Logits } from './2-logits';
import { Stage3Softmax } from './3-softmax';
import { Stage4Target } from './4-target';
import { Stage5NegLog } from './5-neg-log';
import { Stage6Mean } from './6-mean';
import { Stage7Perplexity } from './7-perplexity';
import type { StageProps } from './stage';

export { STAGES, type StageProps, type StageInfo } from './stage';

export const STAGE_VIEWS: readonly ComponentType<StageProps>[] = [
  Stage1Tokens,
  Stage2Logits,
  Stage3Softmax,
  Stage4Target,
  Stage5NegLog,
  Stage6Mean,
  Stage7Perplexity,
];
