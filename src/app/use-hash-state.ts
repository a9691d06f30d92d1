/**
 * The page's link: the state the address opened it on, and the view's state written back to the
 * hash as it changes, so a copied link reopens the same view (deep-link.ts is the hash's schema).
 * Also the theme on <html>, which the hash records with the rest.
 */
import { useEffect, useRef, type Dispatch } from 'react';
import { hashFor, parseHash, type Hideable, type LinkState } from './deep-link';
import { appReducer, initialState, type AppAction, type AppState } from './state';
import type { Locale } from './i18n/locales';
import { TEXTS } from './i18n/texts';
import { applyTheme } from './theme';

/** How long the p and temperature sliders must rest before the hash records them, in ms. */
const HASH_SLIDER_REST_MS = 400;

/** The fields of the view's state that a link records. */
type LinkedView = Pick<
  AppState,
  | 'stage'
  | 'want'
  | 'texts'
  | 'focus'
  | 'units'
  | 'theme'
  | 'p'
  | 'model'
  | 'dtype'
  | 'temperature'
  | 'lang'
  | 'game'
>;

/**
 * What the link fixed for the page's life: `embed` and `hide`, how a host page framed it, and
 * `data`, the URL of a linked file (#data=), or null.
 */
export interface PageFrame {
  embed: boolean;
  hide: readonly Hideable[];
  data: string | null;
}

/**
 * The view's state as a link records it, for the page's own hash and the share dialog: a loaded
 * file and the trained source cannot travel in a link, so their links name no source.
 */
export function viewLink(v: LinkedView): LinkState {
  return {
    stage: v.stage,
    source: v.want === 'file' || v.want === 'trained' ? undefined : v.want,
    texts: v.texts,
    focus: v.focus,
    units: v.units,
    theme: v.theme,
    p: v.p,
    model: v.model ?? undefined,
    dtype: v.dtype ?? undefined,
    temperature: v.temperature,
    lang: v.lang ?? undefined,
    game: v.game ?? undefined,
  };
}

/**
 * The page as the link opened it: the view's state, and whether it is embedded. `locale`: the
 * language the page opens in, whose own two texts are the default (i18n/texts.ts).
 */
export function fromLink(locale: Locale = 'en'): AppState {
  const { hash, search } = window.location;
  const state = appReducer(
    { ...initialState, texts: TEXTS[locale] },
    { type: 'link', link: parseHash(hash) },
  );
  // A linked file (#data= or ?data=) is what the page opens on, from the first render, so the
  // hash kept in the address never loses it while the file downloads.
  const linked =
    new URLSearchParams(hash.replace(/^#/, '')).has('data') || new URLSearchParams(search).has('data');
  return linked ? { ...state, want: 'file' } : state;
}

/** The page's frame as the link opened it (read once, for useState). */
export function frameFromLink(): PageFrame {
  const link = parseHash(window.location.hash);
  const data = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('data');
  return { embed: link.embed ?? false, hide: link.hide ?? [], data };
}

/**
 * Keeps the theme on <html> and the view's state in the hash, and applies a hash edited by hand.
 * `state` is the reducer's; `frame` is what the link fixed, written back with the rest.
 */
export function useHashState(state: AppState, dispatch: Dispatch<AppAction>, frame: PageFrame): void {
  // The theme on <html>, and the view's state in the hash so a copied link reopens it.
  const { stage, want, texts, focus, units, theme, p, model, dtype, temperature, lang, game } = state;
  const { embed, hide, data } = frame;
  useEffect(() => applyTheme(theme), [theme]);
  // history.replaceState is synchronous and costs milliseconds (3–15 ms measured in headless
  // Chromium on a busy 2-core machine), more than a slider's frame can spare: while only p or the
  // temperature move, the hash is written once they have rested for HASH_SLIDER_REST_MS; any
  // other change writes it at once.
  const hashTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hashOthers = useRef<string | null>(null);
  const hashSliders = useRef<string | null>(null);
  useEffect(() => {
    let hash = hashFor({
      ...viewLink({ stage, want, texts, focus, units, theme, p, model, dtype, temperature, lang, game }),
      embed,
      hide,
    });
    if (data && want === 'file') hash += `${hash ? '&' : '#'}data=${encodeURIComponent(data)}`;
    const write = () => {
      const { pathname, search } = window.location;
      if (hash !== window.location.hash) window.history.replaceState(null, '', `${pathname}${search}${hash}`);
    };
    const others = JSON.stringify([
      stage,
      want,
      texts,
      focus,
      units,
      theme,
      model,
      dtype,
      lang,
      game,
      embed,
      hide,
      data,
    ]);
    const sliders = JSON.stringify([p, temperature]);
    const onlySliders = hashOthers.current === others;
    // A re-run with equal values (new arrays, same contents) has nothing to record.
    if (onlySliders && hashSliders.current === sliders) return;
    hashOthers.current = others;
    hashSliders.current = sliders;
    clearTimeout(hashTimer.current);
    if (onlySliders) hashTimer.current = setTimeout(write, HASH_SLIDER_REST_MS);
    else write();
  }, [stage, want, texts, focus, units, theme, p, model, dtype, temperature, lang, game, embed, hide, data]);
  useEffect(() => () => clearTimeout(hashTimer.current), []);

  // A hash edited by hand (or a link followed within the page) applies like a fresh link.
  useEffect(() => {
    const onHash = () => {
      // The new hash wins over a slider's write still waiting to happen.
      clearTimeout(hashTimer.current);
      dispatch({ type: 'link', link: parseHash(window.location.hash) });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [dispatch]);
}
