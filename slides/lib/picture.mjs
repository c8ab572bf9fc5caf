// The README's picture of the architecture slide (docs/img/architecture.png, made by make slides)
// carries a hash of every source it is drawn from, so a test can tell a stale picture without
// drawing it again: the slide's own lines, the diagram in the README, the theme, the tools.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, SLIDES } from './paths.mjs';

export const PICTURE = path.join(ROOT, 'docs', 'img', 'architecture.png');
export const PICTURE_KEY = 'slide-source-sha256';
/** The slide the README shows: the one that draws this diagram. */
export const PICTURED_DIAGRAM = 'architecture';

/** The architecture slide's source: { slide, include } from the resolved includes. */
export function picturedSlide(includes) {
  const include = includes.find((i) => i.directive.kind === 'diagram' && i.directive.name === PICTURED_DIAGRAM);
  if (!include) throw new Error(`slides/deck.md has no slide with <!-- diagram: ${PICTURED_DIAGRAM} -->`);
  return include;
}

/** The hash the picture of that slide must carry. */
export function pictureSourceHash(include) {
  const lock = JSON.parse(fs.readFileSync(path.join(SLIDES, 'package-lock.json'), 'utf8')).packages;
  const hash = crypto.createHash('sha256');
  for (const part of [
    include.slide.lines.join('\n'),
    include.source,
    fs.readFileSync(path.join(SLIDES, 'theme.css'), 'utf8'),
    lock['node_modules/@marp-team/marp-cli'].version,
    lock['node_modules/mermaid'].version,
  ]) {
    hash.update(part).update('\0');
  }
  return hash.digest('hex');
}
