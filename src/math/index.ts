/** The math, stage by stage: logits → softmax → target → −log → mean → perplexity. */
export * from './1-logits';
export * from './2-softmax';
export * from './3-target';
export * from './4-neg-log';
export * from './5-mean';
export * from './6-perplexity';
export * from './entropy';
export * from './pitfalls';
export * from './units';
export { mulberry32 } from './random';
export * from './result';
export { crossEntropyCpu, summarise, ignoredToken } from './cross-entropy';
export * from './stability';
export * from './gradient';
export * from './temperature';
export * from './bet';
export * from './shannon';
