/**
 * Puts the theme on <html data-theme>, which styles.css keys its palette on: the chosen one, or
 * for 'auto' the system's light or dark setting, followed as it changes.
 */
import type { Theme } from './state';

let stopFollowing: (() => void) | null = null;

export function applyTheme(theme: Theme): void {
  stopFollowing?.();
  stopFollowing = null;
  const root = document.documentElement;
  if (theme !== 'auto') {
    root.dataset.theme = theme;
    return;
  }
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const follow = () => {
    root.dataset.theme = query?.matches ? 'dark' : 'light';
  };
  follow();
  query?.addEventListener('change', follow);
  stopFollowing = () => query?.removeEventListener('change', follow);
}
