/**
 * Which pretrained model to load, from what a person typed or a link carried: a hub id
 * ("openai-community/gpt2"), the https URL of a folder in the hub's layout, a same-origin path
 * ("/models/tiny-gpt2/") or, on the command line only, a local folder. Strict on purpose: a link
 * can carry any text, and only these forms may ever become a request.
 *
 * A hub id's files live at `{base}/{id}/resolve/main/{file}`, as on the Hugging Face hub; the base
 * is a setting, so a course can point it at its own mirror.
 */
import { XentInputError } from '../errors';

export const DEFAULT_HUB_BASE = 'https://huggingface.co';

export type ModelRef =
  | { kind: 'hub'; id: string }
  | { kind: 'url'; url: string }
  | { kind: 'path'; path: string }
  | { kind: 'folder'; folder: string };

/** "owner/name": letters, digits, '-', '_', '.', no leading '.' or '-', at most 96 characters each. */
const PART = '[A-Za-z0-9][A-Za-z0-9._-]{0,95}';
const HUB_ID = new RegExp(`^${PART}/${PART}$`);

/** Whether `s` reads as a hub id rather than a file path ("a/b" could be either on the CLI). */
export function isHubId(s: string): boolean {
  return HUB_ID.test(s) && !s.includes('..');
}

/**
 * Reads a model reference typed in the page or carried by a link. Accepts a hub id, an https
 * URL, or a same-origin path beginning with '/'. Throws one sentence otherwise.
 */
export function parseModelRef(input: string): ModelRef {
  const s = input.trim();
  if (s === '')
    throw new XentInputError(
      'Give a model: a hub id such as openai-community/gpt2, or the URL of its folder.',
    );
  if (s.length > 2048)
    throw new XentInputError(
      'That model reference is longer than 2,048 characters; give a hub id or a folder URL.',
    );
  if (isHubId(s)) return { kind: 'hub', id: s };
  if (s.startsWith('/') && !s.startsWith('//')) {
    if (/[\s\\]/.test(s) || s.split('/').includes('..')) {
      throw new XentInputError(
        `'${s}' is not a usable path; give a path on this site such as /models/gpt2/.`,
      );
    }
    return { kind: 'path', path: s.endsWith('/') ? s : `${s}/` };
  }
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new XentInputError(
      `'${s}' is neither a hub id (owner/name) nor a URL; give one such as openai-community/gpt2 or https://example.org/models/gpt2/.`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new XentInputError(
      `Only https: model URLs are accepted, not ${url.protocol}; serve the model over https.`,
    );
  }
  if (url.username || url.password) {
    throw new XentInputError('A model URL may not carry a user name or password.');
  }
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { kind: 'url', url: url.href };
}

/** The hub base setting: an https URL (or, for tests and mirrors on this machine, http on loopback). */
export function parseHubBase(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new XentInputError(`The hub base '${input}' is not a URL; give one such as ${DEFAULT_HUB_BASE}.`);
  }
  const loopback = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    throw new XentInputError(`The hub base must be an https URL, not ${url.protocol}.`);
  }
  return url.href.replace(/\/+$/, '');
}

/** The URL of one file of a model (a same-origin path is resolved against `origin`). */
export function fileUrl(ref: ModelRef, file: string, hubBase = DEFAULT_HUB_BASE, origin?: string): string {
  switch (ref.kind) {
    case 'hub':
      return `${hubBase}/${ref.id}/resolve/main/${file}`;
    case 'url':
      return new URL(file, ref.url).href;
    case 'path':
      return origin ? new URL(ref.path + file, origin).href : ref.path + file;
    case 'folder':
      return `${ref.folder.replace(/\/+$/, '')}/${file}`;
  }
}

/** The model's name for people: the hub id, or the folder's last part. */
export function modelName(ref: ModelRef): string {
  if (ref.kind === 'hub') return ref.id;
  const where = ref.kind === 'url' ? new URL(ref.url).pathname : ref.kind === 'path' ? ref.path : ref.folder;
  const parts = where.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? where;
}

/** The text a link carries for a model: the id, the URL or the path as given. */
export function modelRefText(ref: ModelRef): string {
  return ref.kind === 'hub'
    ? ref.id
    : ref.kind === 'url'
      ? ref.url
      : ref.kind === 'path'
        ? ref.path
        : ref.folder;
}
