/** The stages of the loss, in the order the math computes them (src/math/1-… to 6-…). */
const STAGES = [
  { name: 'logits', detail: '(batch, tokens, vocabulary)' },
  { name: 'softmax', detail: 'over the whole vocabulary' },
  { name: 'p(target)', detail: 'the right next token' },
  { name: '−log p', detail: 'nats' },
  { name: 'mean', detail: '= the loss' },
  { name: 'e^loss', detail: '= the perplexity' },
];

export function Pipeline() {
  return (
    <ol className="pipeline" aria-label="How the loss is computed">
      {STAGES.map((stage) => (
        <li key={stage.name}>
          <span className="stage-name">
            {stage.name === 'e^loss' ? (
              <>
                e<sup>loss</sup>
              </>
            ) : (
              stage.name
            )}
          </span>
          <span className="stage-detail">{stage.detail}</span>
        </li>
      ))}
    </ol>
  );
}
