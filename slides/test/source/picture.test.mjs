// The README shows the architecture slide, and its picture says it was drawn from that slide's
// sources as they are now (make slides remakes it): a check that needs no build. That the
// pixels are the slide's is checked after the build (test/build/picture.test.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseDeck } from '../../lib/deck.mjs';
import { resolveIncludes } from '../../lib/includes.mjs';
import { ROOT, repoPath } from '../../lib/paths.mjs';
import { PICTURE, PICTURE_KEY, pictureSourceHash, picturedSlide } from '../../lib/picture.mjs';
import { sizeOf, textOf } from '../../lib/png-text.mjs';
import { findRegions } from '../../lib/regions.mjs';

test('the README shows the picture of the architecture slide', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, new RegExp(`!\\[[^\\]]+\\]\\(${repoPath(PICTURE).replace(/\./g, '\\.')}\\)`));
});

test('the picture carries the hash of the architecture slide\'s sources as they are now, at 1280x720', () => {
  const { includes } = resolveIncludes(parseDeck(), findRegions().regions);
  const png = fs.readFileSync(PICTURE);
  assert.deepEqual(sizeOf(png), { width: 1280, height: 720 });
  assert.equal(textOf(png)[PICTURE_KEY], pictureSourceHash(picturedSlide(includes)),
    `${repoPath(PICTURE)} shows an older architecture slide: make slides draws it again`);
});
