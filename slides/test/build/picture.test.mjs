// The README's picture is the architecture slide as this build draws it: the hash it carries
// (test/source/picture.test.mjs) says which sources it was drawn from, only the pixels say what
// it shows. Not pixel for pixel: another Chromium or FreeType, or another rasteriser, draws the
// same slide a little apart, and make test must not fail for that on anyone's machine. So the
// two pictures are compared by their distance (test/picture-distance.mjs), which forgives
// anti-aliasing and moves of up to a pixel, and must stay within LIMIT.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { BUILD, repoPath, SLIDES } from '../../lib/paths.mjs';
import { PICTURE } from '../../lib/picture.mjs';
import { needsChromium } from '../helpers.mjs';
import { pictureDistance, TILE } from '../picture-distance.mjs';

// LIMIT is set from measurement (2026-12-07, Debian 12, Chromium 156.0.8078.129, FreeType 2.12.1):
// the architecture slide drawn by the build's own steps, its distance from the committed picture,
// and in brackets how many of its pixels differ.
//
//   The same slide, drawn differently: the largest is 0.055.
//     Chromium 150.0.7871.100 (Debian's previous one): 0 (0 px: byte for byte the same)
//     --font-render-hinting=none, medium or full, --disable-lcd-text, --force-color-profile=srgb:
//       0 (0 px: here Chromium takes hinting from fontconfig)
//     --disable-font-subpixel-positioning: 0 (12930 px: glyphs moved by whole pixels)
//     fontconfig hintstyle none: 0.043 (17354 px); with --disable-font-subpixel-positioning: 0.048 (18596 px)
//     fontconfig hintstyle full with --disable-font-subpixel-positioning: 0.048 (18598 px)
//     fontconfig LCD anti-aliasing (rgba rgb): 0.036 (29390 px)
//     GPU rasterisation (SwiftShader): 0.051 (20647 px); the same with hintstyle none, or with
//       --disable-font-subpixel-positioning: 0.051 (31315 px, 27429 px)
//     drawn at 2 and 3 device pixels per pixel, averaged down to 1280x720: 0.055, 0.044 (34229 px, 35863 px)
//   Not the slide the sources say: the smallest is 0.268.
//     a word of a node's label, "you, in a browser" to "you, in a terminal": 0.268 (17266 px)
//     a word of an edge's label, "OTLP traces" to "OTLP spans": 0.343 (597 px)
//     a digit of a label, ":9090" to ":9091", ":3100" to ":3101": 0.323 (38481 px), 0.336 (492 px)
//     a node renamed, "loadgen" to "sender": 0.314 (1045 px); a word of the slide's text: 2.065 (1166 px)
//     an edge moved to another node, an edge removed, a line moved to the end: 2.223 each
//     an edge added, a node with its edge added, a node removed: 2.376, 2.383, 2.398; another slide: 5.207
//     10 red pixels on white, in a row: 0.279, in a 5x2 block: 0.433
//   LIMIT 0.15 is 2.7 times the largest of the first and 1.8 times below the smallest of the
//   second. Below it, as below what renderers differ by: 10 red pixels scattered (0.016 on white,
//   0.020 on text) or in a row across a label's dark text (0.075); one pixel.
//   fontconfig's hintstyle full or medium, or its autohinter, change the width of text and so move
//   every box (1.143, 1.136, 2.031): bin/fonts.conf pins how text is drawn, and a user's fontconfig
//   does not reach the deck. Not measured: Chrome on macOS or Windows, which draw text by other
//   means; if one of them fails this test, make slides there draws the picture again.
// The measure was chosen on the same pictures, by the smallest word or digit changed over the
// largest renderer's difference: 4.9 for this distance; 0.013 for the count of pixels that
// differ, 0.36-0.38 for the means of 8, 16 or 32 px squares, 0.51-0.61 for the largest
// difference after a Gaussian blur of 2-4 px, none for SSIM over 8 px windows, about 0.5 for
// pixels with no like pixel (within 96 of 255) at most 1 px away, 1.5 for what is left after
// the best move of each square without weighing it by the square's contrast.
const LIMIT = 0.15;

const decode = (file) => PNG.sync.read(fs.readFileSync(file));
const fixture = (name) => decode(path.join(SLIDES, 'test', 'fixtures', `${name}.png`));
const rounded = ({ distance }) => Math.round(distance * 1000) / 1000;

/** How many pixels differ at all, for the message. */
function differingPixels(a, b) {
  let pixels = 0;
  for (let at = 0; at < a.data.length; at += 4) {
    if (a.data[at] !== b.data[at] || a.data[at + 1] !== b.data[at + 1] || a.data[at + 2] !== b.data[at + 2]) pixels += 1;
  }
  return pixels;
}

test('the README\'s picture shows the architecture slide as the build draws it', (t) => {
  if (!needsChromium(t)) return;
  const committed = decode(PICTURE);
  const drawn = decode(path.join(BUILD, 'architecture.png'));
  assert.deepEqual([committed.width, committed.height], [drawn.width, drawn.height]);
  const d = pictureDistance(committed, drawn);
  assert.ok(d.distance <= LIMIT, `${repoPath(PICTURE)} is ${d.distance.toFixed(3)} from slides/build/architecture.png`
    + ` (limit ${LIMIT}), most around x ${d.x}-${d.x + TILE - 1}, y ${d.y}-${d.y + TILE - 1};`
    + ` ${differingPixels(committed, drawn)} pixels differ: it shows another slide than the sources say,`
    + ' and make slides draws it again');
});

// A label of the diagram, "OTLP traces :4318", as the build drew it (test/fixtures/label.png: 136x30
// px at x 960, y 264 of the slide, from the measurement above), drawn with hintstyle none, drawn
// by the GPU rasteriser (SwiftShader), and drawn from a source that says "OTLP spans".
test('the distance forgives another rasteriser and a move of a pixel, not a changed word or a move of three', () => {
  const label = fixture('label');
  const cases = [
    ['the same label', label, 0, true],
    ['hinting off', fixture('label-unhinted'), 0.013, true],
    ['the GPU rasteriser', fixture('label-gpu'), 0.004, true],
    ['moved 1 px to the right', movedRight(label, 1), 0, true],
    ['"spans" for "traces"', fixture('label-word'), 0.343, false],
    ['moved 3 px to the right', movedRight(label, 3), 0.544, false],
  ];
  for (const [what, picture, distance, within] of cases) {
    const d = rounded(pictureDistance(label, picture));
    assert.equal(d, distance, what);
    assert.equal(d <= LIMIT, within, what);
  }
});

test('the distance finds 10 red pixels in a row on white, and says where', () => {
  const label = fixture('label');
  const red = PNG.sync.read(PNG.sync.write(label));
  for (let x = 10; x < 20; x++) red.data.set([255, 0, 0], (26 * red.width + x) * 4);
  const d = pictureDistance(label, red);
  assert.deepEqual({ ...d, distance: rounded(d) }, { distance: 0.366, x: 12, y: 24 });
  assert.ok(d.distance > LIMIT);
});

test('pictures of different sizes are not compared', () => {
  assert.throws(() => pictureDistance(new PNG({ width: 2, height: 2 }), new PNG({ width: 2, height: 3 })),
    /pictures of 2x2 and 2x3 px cannot be compared/);
});

/** The picture moved `n` px to the right, its left column repeated. */
function movedRight(picture, n) {
  const moved = new PNG({ width: picture.width, height: picture.height });
  for (let y = 0; y < picture.height; y++) {
    for (let x = 0; x < picture.width; x++) {
      const from = (y * picture.width + Math.max(0, x - n)) * 4;
      moved.data.set(picture.data.subarray(from, from + 4), (y * picture.width + x) * 4);
    }
  }
  return moved;
}
