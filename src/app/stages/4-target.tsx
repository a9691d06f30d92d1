/** Stage 4: the gather, p(target) for every (b, t), in a table aligned with the tokens. */
import { TokenTable } from '../view/TokenTable';
import type { StageProps } from './stage';

export function Stage4Target({ shown, decode }: StageProps) {
  return <TokenTable result={shown.result} inputs={shown.source.inputs} decode={decode} />;
}
