import type { StageProps } from './stage';

export function Stage6Mean({ shown }: StageProps) {
  return <p>{shown.result.shape.join(' × ')}</p>;
}
