/** Stage 1: text → tokens, with each input token's target (the next token). */
import { Texts } from '../view/Texts';
import type { StageProps } from './stage';

export function Stage1Tokens({ shown, decode }: StageProps) {
  return decode ? <Texts source={shown.source} decode={decode} /> : <p>Loading GPT‑2’s vocabulary…</p>;
}
