/**
 * Lecture keys, as in presentation software (view/KeysHelp.tsx lists them): Page Up/Down, the
 * arrows and Space step through the stages, 1–9 jump to one, B blanks the screen, F toggles full
 * screen and ? opens the list. An embedded page hands the keys past either end to its host.
 */
import { useEffect, type Dispatch } from 'react';
import { send } from './embed';
import { STAGES } from './stages';
import type { AppAction } from './state';

/** Keys on these elements are theirs (typing, sliders, radio groups), not the stage rail's. */
function ownsArrowKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.matches('input, textarea, select, [role="slider"], [role="radio"], [role="tab"]');
}

/** Fields where letters, digits and Space are typing, not lecture keys. */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !['range', 'radio', 'checkbox', 'button'].includes(target.type)
  );
}

/** Space activates these; it is not "next" there. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches('button, a[href], input, select, summary');
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/**
 * Listens for the lecture keys on the document while the page is mounted. `stage`: the stage on
 * screen (0-based); `blank`: the screen is blanked, so any key brings it back; `embed`: the page is
 * framed by a host page, which gets the steps past either end.
 */
/** Whether the page reads right to left (<html dir>, set with its language). */
const rtl = () => document.documentElement.dir === 'rtl';

export function useLectureKeys(
  stage: number,
  blank: boolean,
  embed: boolean,
  dispatch: Dispatch<AppAction>,
): void {
  // A clicker's Page Up/Down always steps, even from a slider; the other keys leave fields that
  // use them alone.
  useEffect(() => {
    const step = (to: number) => {
      if (to < 0 || to >= STAGES.length) {
        // Past either end: an embedded page hands the keys back to the host's slides.
        if (embed) send({ type: 'navigate', direction: to < 0 ? 'previous' : 'next' });
        return;
      }
      dispatch({ type: 'stage', stage: to });
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || document.querySelector('dialog[open]')) return;
      if (blank) {
        dispatch({ type: 'blank', blank: false });
        event.preventDefault();
        return;
      }
      const key = event.key;
      if (key === 'PageDown' || key === 'PageUp') {
        step(stage + (key === 'PageDown' ? 1 : -1));
        event.preventDefault();
        return;
      }
      if (typesText(event.target)) return;
      if (key === '?') dispatch({ type: 'keys-help', open: true });
      else if (key === 'b' || key === 'B') dispatch({ type: 'blank', blank: true });
      else if (key === 'f' || key === 'F') toggleFullscreen();
      else if (/^[1-9]$/.test(key) && Number(key) <= STAGES.length)
        dispatch({ type: 'stage', stage: Number(key) - 1 });
      else if (ownsArrowKeys(event.target) || (key === ' ' && isControl(event.target))) return;
      // The arrows follow reading direction: in a right-to-left page (Arabic) ← is the next stage.
      // Space and a clicker's Page Down / Page Up (handled above) stay next and previous.
      else if (key === ' ' || key === (rtl() ? 'ArrowLeft' : 'ArrowRight')) step(stage + 1);
      else if (key === (rtl() ? 'ArrowRight' : 'ArrowLeft')) step(stage - 1);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [stage, blank, embed, dispatch]);
}
