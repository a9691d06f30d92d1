/**
 * The stage rail: where you are among the seven stages and what each is called. A stage is
 * reached by clicking it, by the Previous/Next buttons, or by ← and → anywhere on the page
 * outside a text field or slider (App wires the keys).
 */
import { STAGES } from '../stages/stage';

interface StageRailProps {
  stage: number;
  onStage: (stage: number) => void;
}

export function StageRail({ stage, onStage }: StageRailProps) {
  return (
    <nav className="stage-rail" aria-label="Stages">
      <ol>
        {STAGES.map((s, i) => (
          <li key={s.name}>
            <button
              type="button"
              className="stage-link"
              aria-current={i === stage ? 'step' : undefined}
              // Begins with what it shows (WCAG 2.5.3): "3 Softmax, stage 3 of 7"; narrow rails
              // show only the number.
              aria-label={`${i + 1} ${s.name}, stage ${i + 1} of ${STAGES.length}`}
              onClick={() => onStage(i)}
            >
              <span className="stage-number">{i + 1}</span> <span className="stage-name">{s.name}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function StageSteps({ stage, onStage }: StageRailProps) {
  const previous = STAGES[stage - 1];
  const next = STAGES[stage + 1];
  return (
    <div className="stage-steps">
      <button type="button" onClick={() => onStage(stage - 1)} disabled={!previous}>
        <span aria-hidden="true">←</span> Previous{previous ? `: ${previous.name}` : ''}
      </button>
      <button type="button" className="primary" onClick={() => onStage(stage + 1)} disabled={!next}>
        Next{next ? `: ${next.name}` : ''} <span aria-hidden="true">→</span>
      </button>
    </div>
  );
}
