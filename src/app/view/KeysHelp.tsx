/** The lecture keys, in a modal dialog opened with "?" (native <dialog>: Escape closes it). */
import { useEffect, useRef } from 'react';
import { dirOf } from '../i18n/locales';
import { useLocale } from '../i18n/LocaleRoot';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';

/** What each key does, formatted when the dialog renders (the language may change meanwhile). */
const ACTIONS = defineMessages({
  next: {
    id: 'keys.action.next',
    defaultMessage: 'next stage',
    description: 'What the keys → Space Page Down do in the lecture keys list.',
  },
  previous: {
    id: 'keys.action.previous',
    defaultMessage: 'previous stage',
    description: 'What the keys ← Page Up do in the lecture keys list.',
  },
  goTo: {
    id: 'keys.action.go-to',
    defaultMessage: 'go to that stage',
    description: 'What the digit keys 1 … 7 do in the lecture keys list.',
  },
  fullScreen: {
    id: 'keys.action.full-screen',
    defaultMessage: 'full screen on or off',
    description: 'What the key F does in the lecture keys list.',
  },
  blank: {
    id: 'keys.action.blank',
    defaultMessage: 'blank the screen (any key brings it back)',
    description: 'What the key B does in the lecture keys list.',
  },
  help: {
    id: 'keys.action.help',
    defaultMessage: 'show these keys',
    description: 'What the key ? does in the lecture keys list.',
  },
});

/** The keys as printed on them, and what they do. */
export const LECTURE_KEYS: readonly [string, MessageDescriptor][] = [
  ['→  Space  Page Down', ACTIONS.next],
  ['←  Page Up', ACTIONS.previous],
  ['1 … 7', ACTIONS.goTo],
  ['F', ACTIONS.fullScreen],
  ['B', ACTIONS.blank],
  ['?', ACTIONS.help],
];

export function KeysHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const intl = useIntl();
  const { locale } = useLocale();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="keys-help" aria-labelledby="keys-title" onClose={onClose}>
      <h2 id="keys-title">
        <FormattedMessage
          id="keys.title"
          defaultMessage="Keys for teaching"
          description="Title of the dialog that lists the lecture keys (keyboard shortcuts for presenting)."
        />
      </h2>
      <p>
        <FormattedMessage
          id="keys.clicker"
          defaultMessage="A presenter’s clicker sends Page Up and Page Down, so it steps through the stages too."
          description="Page Up and Page Down are the names of keyboard keys."
        />
      </p>
      <table>
        <tbody>
          {LECTURE_KEYS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                {/* In a right-to-left page the arrows swap: ← is the next stage (use-lecture-keys.ts). */}
                <kbd>
                  {dirOf(locale) === 'rtl' ? keys.replace(/[←→]/g, (a) => (a === '←' ? '→' : '←')) : keys}
                </kbd>
              </th>
              <td>{intl.formatMessage(action)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        <FormattedMessage
          id="keys.close"
          defaultMessage="Close"
          description="Button that closes the dialog."
        />
      </button>
    </dialog>
  );
}
