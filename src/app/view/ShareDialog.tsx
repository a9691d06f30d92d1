/**
 * "Share / Embed": the link to this view (its state is in the hash) and an iframe snippet for a
 * course page, with options to hide parts of the page and to start at a stage.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { hashFor, HIDEABLE, type Hideable, type LinkState } from '../deep-link';
import { STAGES } from '../stages/stage';

/** The parts an embedding page can hide, after “In the embedded page, hide”. */
const HIDE_LABELS: Record<Hideable, MessageDescriptor> = defineMessages({
  header: {
    id: 'share.hide.header',
    defaultMessage: 'title and introduction',
    description: 'A part of the page an embedding page can hide (after “In the embedded page, hide”).',
  },
  picker: {
    id: 'share.hide.picker',
    defaultMessage: 'choice of logits',
    description: 'A part of the page an embedding page can hide: the choice of where the logits come from.',
  },
  rail: {
    id: 'share.hide.rail',
    defaultMessage: 'stage rail',
    description: 'A part of the page an embedding page can hide: the row of numbered stage buttons.',
  },
  summary: {
    id: 'share.hide.summary',
    defaultMessage: 'loss and perplexity beside the stage',
    description: 'A part of the page an embedding page can hide.',
  },
  controls: {
    id: 'share.hide.controls',
    defaultMessage: '“Try it” controls',
    description: 'A part of the page an embedding page can hide; “Try it” is that section’s heading.',
  },
  footer: {
    id: 'share.hide.footer',
    defaultMessage: 'footer',
    description: 'A part of the page an embedding page can hide: the page’s footer.',
  },
});

function pageAddress(): string {
  const { origin, pathname, search } = window.location;
  return `${origin}${pathname}${search}`;
}

function CopyField({
  label,
  value,
  multiline = false,
}: {
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const id = useId();
  const intl = useIntl();
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard?.writeText(value).then(
      () =>
        setCopied(
          intl.formatMessage({
            id: 'share.copied',
            defaultMessage: 'Copied.',
            description: 'Said once the link or the snippet is on the clipboard.',
          }),
        ),
      () =>
        setCopied(
          intl.formatMessage({
            id: 'share.copy.failed',
            defaultMessage: 'Copy failed: select the text instead.',
          }),
        ),
    );
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} readOnly value={value} rows={4} onFocus={(e) => e.target.select()} />
      ) : (
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} />
      )}
      <button type="button" onClick={copy}>
        <FormattedMessage
          id="share.copy"
          defaultMessage="Copy"
          description="Button that copies the field beside it to the clipboard."
        />
      </button>
      <span role="status" className="copy-status">
        {copied}
      </span>
    </div>
  );
}

export function ShareDialog({
  link,
  open,
  onClose,
}: {
  link: LinkState;
  open: boolean;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const intl = useIntl();
  const [hide, setHide] = useState<Hideable[]>([]);
  const [start, setStart] = useState<number | null>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const stage = start ?? link.stage ?? 0;
  const url = pageAddress() + hashFor({ ...link, stage });
  const embedUrl = pageAddress() + hashFor({ ...link, stage, embed: true, hide });
  const snippet =
    `<iframe src="${embedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" title="Cross-Entropy Lab"` +
    ` width="100%" height="720" style="border:0" loading="lazy" allow="fullscreen"></iframe>`;
  const toggle = (h: Hideable) =>
    setHide((old) => (old.includes(h) ? old.filter((x) => x !== h) : [...old, h]));

  return (
    <dialog ref={dialog} className="share-dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">
        <FormattedMessage id="share.title" defaultMessage="Share or embed this view" />
      </h2>
      <p>
        <FormattedMessage
          id="share.intro"
          defaultMessage="The link reopens this view: the logits, the texts, the stage, the position, the units and the theme."
        />
      </p>
      <label className="share-start">
        <FormattedMessage
          id="share.start"
          defaultMessage="Start at"
          description="Label of a menu of the stages: the stage the shared link opens at."
        />{' '}
        <select value={stage} onChange={(e) => setStart(Number(e.target.value))}>
          {STAGES.map((s, i) => (
            <option key={s.name} value={i}>
              {i + 1}. {s.name}
            </option>
          ))}
        </select>
      </label>
      <CopyField
        label={intl.formatMessage({
          id: 'share.link',
          defaultMessage: 'Link',
          description: 'Label of the field holding the link to this view.',
        })}
        value={url}
      />
      <fieldset className="share-hide">
        <legend>
          <FormattedMessage
            id="share.hide.legend"
            defaultMessage="In the embedded page, hide"
            description="Legend of checkboxes, each a part of the page (“title and introduction”, “footer”…)."
          />
        </legend>
        {HIDEABLE.map((h) => (
          <label key={h}>
            <input type="checkbox" checked={hide.includes(h)} onChange={() => toggle(h)} />{' '}
            {intl.formatMessage(HIDE_LABELS[h])}
          </label>
        ))}
      </fieldset>
      <CopyField
        label={intl.formatMessage({
          id: 'share.embed',
          defaultMessage: 'Embed in a course page (iframe)',
          description:
            'Label of the field holding the HTML to paste into a course page; iframe is an HTML element.',
        })}
        value={snippet}
        multiline
      />
      <p className="help">
        <FormattedMessage
          id="share.embed.help"
          defaultMessage="The embedded page reports its height to the host page, which can resize the frame with {script} from this site (see the README)."
          description="{script} is a script’s file name, shown as code; README is the project’s read-me file."
          values={{ script: <code>embed-host.js</code> }}
        />
      </p>
      <button type="button" onClick={onClose}>
        <FormattedMessage
          id="share.close"
          defaultMessage="Close"
          description="Button that closes the Share / Embed dialog."
        />
      </button>
    </dialog>
  );
}
