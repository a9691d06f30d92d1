import type { StageProps } from './stage';

export function Stage2Logits({ shown }: StageProps) {
  return <p>{shown.result.shape.join(' × ')}</p>;
}
