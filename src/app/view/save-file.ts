/**
 * Saves a blob as a file: a temporary object URL clicked as a download link. The URL is revoked
 * only after 10 s, not at once: the browser resolves it when it starts the download, which on a
 * busy machine (or a cross-origin isolated page, whose downloads take another path) can come after
 * the click's own task has ended; revoked too early, the download silently never starts.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
