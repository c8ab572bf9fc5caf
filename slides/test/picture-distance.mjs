// How far apart two pictures of a slide are in what they show, as opposed to how a renderer drew
// it. Another Chromium, FreeType or rasteriser anti-aliases text and curves a little apart and may
// place a glyph a fraction of a pixel away; a changed label, a box more or less, a moved edge
// change the ink itself. So each picture is softened a little (a Gaussian of SIGMA px), and every
// TILE x TILE square of the first (overlapping by half) is compared with the second moved by up to
// SHIFT px either way in steps of STEP (bilinear), keeping the move that fits best. What is left
// of that square's difference is weighed against the contrast the two squares have:
//
//   squared difference / (squared deviation from the square's mean, in both + n * 3 * FLOOR^2)
//
// summed over red, green and blue; FLOOR keeps a faint square from counting a faint difference as
// large. The distance is that share for the square where it is largest: 0 for the same picture;
// for the architecture slide, at most 0.055 when another renderer drew it and 0.268 or more when
// a word of a label changed (test/build/picture.test.mjs has the measurements and the limit).
// The measure and its parameters are the ones that measurement set apart best. Alpha is not read.
export const SIGMA = 0.75;
export const TILE = 8;
export const SHIFT = 1;
export const STEP = 0.5;
export const FLOOR = 64;

/**
 * { distance, x, y }: the distance of picture `b` from picture `a` ({ width, height, data } as
 * pngjs decodes them, the same size) and the top-left corner of the square where it is largest.
 */
export function pictureDistance(a, b) {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`pictures of ${a.width}x${a.height} and ${b.width}x${b.height} px cannot be compared`);
  }
  const { width: w, height: h } = a;
  const ca = channels(a).map((c) => blur(c, w, h));
  const cb = channels(b).map((c) => blur(c, w, h));
  const half = TILE / 2;
  const cols = Math.ceil(w / half);
  const rows = Math.ceil(h / half);
  const sumA = ca.map((c) => integral(w, h, (i) => c[i]));
  const sumA2 = ca.map((c) => integral(w, h, (i) => c[i] * c[i]));
  const best = new Float64Array(cols * rows).fill(Infinity);
  for (let dy = -SHIFT; dy <= SHIFT; dy += STEP) {
    for (let dx = -SHIFT; dx <= SHIFT; dx += STEP) {
      const moved = cb.map((c) => shift(c, w, h, dx, dy));
      const sumB = moved.map((c) => integral(w, h, (i) => c[i]));
      const sumB2 = moved.map((c) => integral(w, h, (i) => c[i] * c[i]));
      const sumD2 = integral(w, h, (i) => {
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (ca[k][i] - moved[k][i]) ** 2;
        return d2;
      });
      for (let ty = 0; ty < rows; ty++) {
        for (let tx = 0; tx < cols; tx++) {
          const x0 = tx * half;
          const y0 = ty * half;
          const x1 = Math.min(w, x0 + TILE);
          const y1 = Math.min(h, y0 + TILE);
          const n = (x1 - x0) * (y1 - y0);
          let contrast = 3 * n * FLOOR * FLOOR;
          for (let k = 0; k < 3; k++) {
            const sa = sumA[k](x0, y0, x1, y1);
            const sb = sumB[k](x0, y0, x1, y1);
            contrast += sumA2[k](x0, y0, x1, y1) - (sa * sa) / n + sumB2[k](x0, y0, x1, y1) - (sb * sb) / n;
          }
          const share = sumD2(x0, y0, x1, y1) / contrast;
          if (share < best[ty * cols + tx]) best[ty * cols + tx] = share;
        }
      }
    }
  }
  let at = 0;
  for (let i = 1; i < best.length; i++) if (best[i] > best[at]) at = i;
  return { distance: best[at], x: (at % cols) * half, y: Math.floor(at / cols) * half };
}

function channels({ width, height, data }) {
  const out = [0, 1, 2].map(() => new Float64Array(width * height));
  for (let i = 0; i < width * height; i++) for (let k = 0; k < 3; k++) out[k][i] = data[i * 4 + k];
  return out;
}

/** A Gaussian blur of SIGMA px, in two passes; the edge pixels are repeated outwards. */
function blur(src, w, h) {
  const r = Math.ceil(3 * SIGMA);
  const weights = [];
  for (let i = -r; i <= r; i++) weights.push(Math.exp(-(i * i) / (2 * SIGMA * SIGMA)));
  const total = weights.reduce((s, v) => s + v, 0);
  const kernel = weights.map((v) => v / total);
  const across = new Float64Array(w * h);
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) v += kernel[i + r] * src[y * w + clamp(x + i, w)];
      across[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) v += kernel[i + r] * across[clamp(y + i, h) * w + x];
      out[y * w + x] = v;
    }
  }
  return out;
}

/** The channel read (dx, dy) px away, between pixels by bilinear interpolation; edges repeated. */
function shift(src, w, h, dx, dy) {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(h - 1, Math.max(0, y + dy));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x + dx));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      out[y * w + x] = (1 - fy) * ((1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1])
        + fy * ((1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1]);
    }
  }
  return out;
}

/** Sums of value(i) over any rectangle [x0, x1) x [y0, y1), from a summed-area table. */
function integral(w, h, value) {
  const table = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += value(y * w + x);
      table[(y + 1) * (w + 1) + x + 1] = table[y * (w + 1) + x + 1] + row;
    }
  }
  return (x0, y0, x1, y1) => table[y1 * (w + 1) + x1] - table[y0 * (w + 1) + x1]
    - table[y1 * (w + 1) + x0] + table[y0 * (w + 1) + x0];
}

function clamp(i, n) {
  return Math.min(n - 1, Math.max(0, i));
}
