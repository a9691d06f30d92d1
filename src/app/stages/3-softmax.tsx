import type { StageProps } from './stage';

export function Stage3Softmax({ shown }: StageProps) {
  return <p>{shown.result.shape.join(' × ')}</p>;
}
