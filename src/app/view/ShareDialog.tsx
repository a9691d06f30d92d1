/**
 * "Share / Embed": the link to this view (its state is in the hash) and an iframe snippet for a
 * course page, with options to hide parts of the page and to start at a stage.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { hashFor, HIDEABLE, type Hideable, type LinkState } from '../deep-link';
import { STAGES } from '../stages/stage';

const HIDE_LABELS: Record<Hideable, string> = {
  header: 'title and introduction',
  picker: 'choice of logits',
  rail: 'stage rail',
  summary: 'loss and perplexity beside the stage',
  controls: '“Try it” controls',
  footer: 'footer',
};

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
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard?.writeText(value).then(
      () => setCopied('Copied.'),
      () => setCopied('Copy failed: select the text instead.'),
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
        Copy
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
      <h2 id="share-title">Share or embed this view</h2>
      <p>
        The link reopens this view: the logits, the texts, the stage, the position, the units and the theme.
      </p>
      <label className="share-start">
        Start at{' '}
        <select value={stage} onChange={(e) => setStart(Number(e.target.value))}>
          {STAGES.map((s, i) => (
            <option key={s.name} value={i}>
              {i + 1}. {s.name}
            </option>
          ))}
        </select>
      </label>
      <CopyField label="Link" value={url} />
      <fieldset className="share-hide">
        <legend>In the embedded page, hide</legend>
        {HIDEABLE.map((h) => (
          <label key={h}>
            <input type="checkbox" checked={hide.includes(h)} onChange={() => toggle(h)} /> {HIDE_LABELS[h]}
          </label>
        ))}
      </fieldset>
      <CopyField label="Embed in a course page (iframe)" value={snippet} multiline />
      <p className="help">
        The embedded page reports its height to the host page, which can resize the frame with{' '}
        <code>embed-host.js</code> from this site (see the README).
      </p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
