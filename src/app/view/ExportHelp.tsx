/**
 * "Export from PyTorch / Hugging Face": the few lines that save a model's logits in the .npz this
 * page reads, and the `xent score` command that checks a file outside the browser.
 *
 * The two things that go wrong most: numpy has no bfloat16 (hence `.float()`), and position t's
 * logits predict token t + 1, so logits[:, :-1] pairs with input_ids[:, 1:].
 */
import { useEffect, useId, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import './files.css';

/** Writes logits.npz from a Hugging Face causal LM; `model` and `input_ids` (batch, tokens) given. */
export const EXPORT_CODE = `import numpy as np
import torch

with torch.no_grad():
    logits = model(input_ids).logits    # (batch, tokens, vocab)

# Position t predicts token t + 1: drop the last prediction and the first token.
logits = logits[:, :-1].float()         # .float(): numpy has no bfloat16
targets = input_ids[:, 1:]              # (batch, tokens - 1)
inputs = input_ids[:, :-1]              # what the model read, for display

np.savez_compressed(
    "logits.npz",
    logits=logits.cpu().numpy(),
    targets=targets.cpu().numpy(),
    inputs=inputs.cpu().numpy(),
)
`;

/** The command line check (src/cli): the same numbers, printed, or as JSON. */
export const SCORE_COMMAND = `npx xent score logits.npz
npx xent score logits.npz --json`;

type Copied = 'yes' | 'no' | null;

/** `label`: the button's accessible name, which says what it copies ("Copy the Python code"). */
function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<Copied>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    if (!navigator.clipboard) return setCopied('no');
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <>
      <button type="button" onClick={copy} aria-label={label}>
        <FormattedMessage
          id="exporthelp.copy"
          defaultMessage="Copy"
          description="Button that copies the code beside it to the clipboard."
        />
      </button>
      <span role="status" className="export-copied">
        {copied === 'yes' ? (
          <FormattedMessage
            id="exporthelp.copied"
            defaultMessage="Copied"
            description="Said once the code is on the clipboard."
          />
        ) : copied === 'no' ? (
          <FormattedMessage
            id="exporthelp.copy.failed"
            defaultMessage="Copy failed: select the code instead"
          />
        ) : (
          ''
        )}
      </span>
    </>
  );
}

export function ExportHelp() {
  const codeLabel = useId();
  const commandLabel = useId();
  const intl = useIntl();
  // The body is rendered only while open: a closed <details> still lays out its content in
  // Chromium, and its Copy buttons would count as controls that Tab never reaches.
  const [open, setOpen] = useState(false);
  return (
    <details className="export-help" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      {/* tabIndex only states what a summary already is: a tab stop, found by [tabindex]. */}
      <summary tabIndex={0}>
        <FormattedMessage
          id="exporthelp.summary"
          defaultMessage="Export from PyTorch / Hugging Face"
          description="Opens help on saving a model’s logits from PyTorch or Hugging Face (library names)."
        />
      </summary>
      {open && (
        <div className="export-body">
          <p>
            <FormattedMessage
              id="exporthelp.intro"
              defaultMessage="Run your model on token ids and save its logits with numpy. Two things to get right: call {float} first for a bf16 model (numpy has no bfloat16), and shift by one, because the logits at position t predict token t + 1: {logits} pairs with {inputIds}."
              description="numpy, bf16 and bfloat16 are names (a library, a number type); the arguments are code."
              values={{
                float: <code>.float()</code>,
                logits: <code>logits[:, :-1]</code>,
                inputIds: <code>input_ids[:, 1:]</code>,
              }}
            />
          </p>
          <div className="export-code">
            <div className="export-code-bar">
              <span id={codeLabel}>
                <FormattedMessage
                  id="exporthelp.python"
                  defaultMessage="Python"
                  description="The label of a code block: the programming language’s name."
                />
              </span>
              <CopyButton
                text={EXPORT_CODE}
                label={intl.formatMessage({
                  id: 'exporthelp.copy.python',
                  defaultMessage: 'Copy the Python code',
                  description: 'The Copy button’s name for screen readers.',
                })}
              />
            </div>
            <pre tabIndex={0} aria-labelledby={codeLabel}>
              <code data-testid="export-code">{EXPORT_CODE}</code>
            </pre>
          </div>
          <p>
            <FormattedMessage
              id="exporthelp.size"
              defaultMessage="Logits take 4 bytes each in float32: one 1,024-token text of GPT-2 (50,257 tokens) is 206 MB, and this page reads up to 1 GiB. To check a file outside the browser, run the {xent} command in this project’s folder (after {install} and {build}):"
              description="float32 is a number type; the arguments are a command’s name and commands, shown as code."
              values={{
                xent: <code>xent</code>,
                install: <code>npm install</code>,
                build: <code>npm run build</code>,
              }}
            />
          </p>
          <div className="export-code">
            <div className="export-code-bar">
              <span id={commandLabel}>
                <FormattedMessage
                  id="exporthelp.shell"
                  defaultMessage="Shell"
                  description="The label of a block of terminal commands (a command-line shell)."
                />
              </span>
              <CopyButton
                text={SCORE_COMMAND}
                label={intl.formatMessage(
                  {
                    id: 'exporthelp.copy.command',
                    defaultMessage: 'Copy the {command} command',
                    description:
                      'The Copy button’s name for screen readers; {command} is the command’s name.',
                  },
                  { command: 'xent score' },
                )}
              />
            </div>
            <pre tabIndex={0} aria-labelledby={commandLabel}>
              <code data-testid="score-command">{SCORE_COMMAND}</code>
            </pre>
          </div>
        </div>
      )}
    </details>
  );
}
