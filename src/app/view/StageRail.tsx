/**
 * The stage rail: where you are among the seven stages and what each is called. A stage is
 * reached by clicking it, by the Previous/Next buttons, or by ← and → anywhere on the page
 * outside a text field or slider (App wires the keys).
 */
import { FormattedMessage, useIntl } from 'react-intl';
import { STAGES } from '../stages/stage';
import { formatCount } from './format';

interface StageRailProps {
  stage: number;
  onStage: (stage: number) => void;
}

export function StageRail({ stage, onStage }: StageRailProps) {
  const intl = useIntl();
  return (
    <nav
      className="stage-rail"
      aria-label={intl.formatMessage({
        id: 'rail.name',
        defaultMessage: 'Stages',
        description: 'Name of the navigation among the seven stages of the computation.',
      })}
    >
      <ol>
        {STAGES.map((s, i) => (
          <li key={s.name}>
            <button
              type="button"
              className="stage-link"
              aria-current={i === stage ? 'step' : undefined}
              // Begins with what it shows (WCAG 2.5.3): "3 Softmax, stage 3 of 7"; narrow rails
              // show only the number.
              aria-label={intl.formatMessage(
                {
                  id: 'rail.stage.label',
                  defaultMessage: '{number} {name}, stage {number} of {count}',
                  description:
                    'Name of a stage button in the rail: it begins with what the button shows (its number and name), e.g. "3 Softmax, stage 3 of 7".',
                },
                { number: formatCount(i + 1), name: s.name, count: formatCount(STAGES.length) },
              )}
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
        <span className="step-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {previous ? (
          <FormattedMessage
            id="rail.previous.named"
            defaultMessage="Previous: {name}"
            description="Button under the stage to the previous stage; name: that stage's short name."
            values={{ name: previous.name }}
          />
        ) : (
          <FormattedMessage
            id="rail.previous"
            defaultMessage="Previous"
            description="Button under the stage to the previous stage (disabled on the first)."
          />
        )}
      </button>
      <button type="button" className="primary" onClick={() => onStage(stage + 1)} disabled={!next}>
        {next ? (
          <FormattedMessage
            id="rail.next.named"
            defaultMessage="Next: {name}"
            description="Button under the stage to the next stage; name: that stage's short name."
            values={{ name: next.name }}
          />
        ) : (
          <FormattedMessage
            id="rail.next"
            defaultMessage="Next"
            description="Button under the stage to the next stage (disabled on the last)."
          />
        )}{' '}
        <span className="step-arrow" aria-hidden="true">
          →
        </span>
      </button>
    </div>
  );
}
