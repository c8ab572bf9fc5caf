// The README's picture is the architecture slide as this build drew it, pixel for pixel: the
// hash it carries (test/source/picture.test.mjs) says which sources it was drawn from, only the
// pixels say what it shows. Exact: with Mermaid's seed fixed (lib/diagram.mjs), builds on one
// machine draw byte-identical pictures; a Chromium of another version may draw it apart, and
// then make slides draws it again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { BUILD, repoPath } from '../../lib/paths.mjs';
import { PICTURE } from '../../lib/picture.mjs';
import { needsChromium } from '../helpers.mjs';

const decode = (file) => PNG.sync.read(fs.readFileSync(file));

/** How two decoded pictures differ: pixels that are not the same, the largest channel difference, where. */
function difference(a, b) {
  const found = { pixels: 0, most: 0, left: Infinity, top: Infinity, right: -1, bottom: -1 };
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const at = (y * a.width + x) * 4;
      let most = 0;
      for (let c = 0; c < 4; c++) most = Math.max(most, Math.abs(a.data[at + c] - b.data[at + c]));
      if (most === 0) continue;
      found.pixels += 1;
      found.most = Math.max(found.most, most);
      found.left = Math.min(found.left, x);
      found.top = Math.min(found.top, y);
      found.right = Math.max(found.right, x);
      found.bottom = Math.max(found.bottom, y);
    }
  }
  return found;
}

test('the README\'s picture is the architecture slide as the build draws it, pixel for pixel', (t) => {
  if (!needsChromium(t)) return;
  const committed = decode(PICTURE);
  const drawn = decode(path.join(BUILD, 'architecture.png'));
  assert.deepEqual([committed.width, committed.height], [drawn.width, drawn.height]);
  const d = difference(committed, drawn);
  assert.equal(d.pixels, 0, `${repoPath(PICTURE)} differs from slides/build/architecture.png in ${d.pixels}`
    + ` pixel${d.pixels === 1 ? '' : 's'}, by up to ${d.most} of 255, within x ${d.left}-${d.right}, y ${d.top}-${d.bottom}:`
    + ' make slides draws it again');
});

test('the comparison finds one pixel changed by one', () => {
  const a = new PNG({ width: 3, height: 2 });
  a.data.fill(200);
  const b = PNG.sync.read(PNG.sync.write(a));
  assert.equal(difference(a, b).pixels, 0);
  b.data[(1 * 3 + 2) * 4 + 1] += 1;
  assert.deepEqual(difference(a, b), { pixels: 1, most: 1, left: 2, top: 1, right: 2, bottom: 1 });
});
