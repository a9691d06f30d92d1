/** The lecture keys, in a modal dialog opened with "?" (native <dialog>: Escape closes it). */
import { useEffect, useRef } from 'react';

export const LECTURE_KEYS: readonly [string, string][] = [
  ['→  Space  Page Down', 'next stage'],
  ['←  Page Up', 'previous stage'],
  ['1 … 7', 'go to that stage'],
  ['F', 'full screen on or off'],
  ['B', 'blank the screen (any key brings it back)'],
  ['?', 'show these keys'],
];

export function KeysHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="keys-help" aria-labelledby="keys-title" onClose={onClose}>
      <h2 id="keys-title">Keys for teaching</h2>
      <p>A presenter’s clicker sends Page Up and Page Down, so it steps through the stages too.</p>
      <table>
        <tbody>
          {LECTURE_KEYS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
