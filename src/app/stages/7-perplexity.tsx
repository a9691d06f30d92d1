import type { StageProps } from './stage';

export function Stage7Perplexity({ shown }: StageProps) {
  return <p>{shown.result.shape.join(' × ')}</p>;
}
