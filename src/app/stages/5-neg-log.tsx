import type { StageProps } from './stage';

export function Stage5NegLog({ shown }: StageProps) {
  return <p>{shown.result.shape.join(' × ')}</p>;
}
