// Every slide of the HTML deck fits its 1280x720 box in headless Chromium, has speaker notes,
// and is a page of the PDF; the overflow check itself catches a slide that does not fit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as mupdf from 'mupdf';
import { findChromium, launch } from '../../lib/browser.mjs';
import { notesOf, openDeck, overflowOf, showSlide, slideCount } from '../../lib/deck-page.mjs';
import { BUILD } from '../../lib/paths.mjs';
import { PICTURE_KEY } from '../../lib/picture.mjs';
import { sizeOf, textOf } from '../../lib/png-text.mjs';
import { marp } from '../../lib/render.mjs';
import { built, needsChromium } from '../helpers.mjs';

const manifest = built('manifest.json');
let session;
let page;

before(async () => {
  if (!findChromium()) return;
  session = await launch();
  page = await openDeck(session.browser, path.join(BUILD, 'talk.html'));
});
after(() => session?.close());

test('the HTML deck has every slide of the source', async (t) => {
  if (!needsChromium(t)) return;
  assert.equal(await slideCount(page), manifest.slides.length);
});

test('every slide fits 1280x720: nothing reaches outside it or is cut off', async (t) => {
  if (!needsChromium(t)) return;
  const problems = [];
  for (const slide of manifest.slides) {
    await showSlide(page, slide.number);
    for (const problem of await overflowOf(page, slide.number)) {
      problems.push(`slide ${slide.number} ("${slide.title}"): ${problem}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every slide has speaker notes', async (t) => {
  if (!needsChromium(t)) return;
  const notes = await notesOf(page);
  const silent = manifest.slides.filter((slide) => !notes[slide.number]).map((s) => `slide ${s.number} ("${s.title}")`);
  assert.deepEqual(silent, []);
});

test('the PDF has a page per slide', (t) => {
  if (!needsChromium(t)) return;
  const pdf = mupdf.Document.openDocument(fs.readFileSync(path.join(BUILD, 'talk.pdf')), 'application/pdf');
  assert.equal(pdf.countPages(), manifest.slides.length);
});

test('the build drew the architecture slide at 1280x720, with the hash of its sources', (t) => {
  if (!needsChromium(t)) return;
  const png = fs.readFileSync(path.join(BUILD, 'architecture.png'));
  assert.deepEqual(sizeOf(png), { width: 1280, height: 720 });
  assert.match(textOf(png)[PICTURE_KEY] ?? '', /^[0-9a-f]{64}$/);
});

test('the overflow check reports a slide that does not fit', async (t) => {
  if (!needsChromium(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-overflow-'));
  try {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(200)}`);
    fs.writeFileSync(path.join(dir, 'bad.md'),
      `---\nmarp: true\ntheme: o11y-talk\n---\n\n## Fits\n\n---\n\n## Too long\n\n${lines.join('\n\n')}\n`);
    marp(path.join(dir, 'bad.md'), path.join(BUILD, 'theme.css'), path.join(dir, 'bad.html'));
    const bad = await openDeck(session.browser, path.join(dir, 'bad.html'));
    await showSlide(bad, 1);
    assert.deepEqual(await overflowOf(bad, 1), []);
    await showSlide(bad, 2);
    const problems = await overflowOf(bad, 2);
    assert.ok(problems.some((p) => /^content is \d+px tall; the slide has 720px$/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('reaches outside the slide')), problems.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
