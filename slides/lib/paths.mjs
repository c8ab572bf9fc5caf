// Where things are: the repository the deck is built from, and where the build writes.
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SLIDES = path.join(ROOT, 'slides');
export const BUILD = path.join(SLIDES, 'build');

/** A path as the repository names it: relative to the root, with forward slashes. */
export function repoPath(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}
