// make slides: slides/deck.md with every include filled from the repository and from a real run
// of the receiver, rendered by Marp into slides/build/talk.html and talk.pdf, and the picture of
// the architecture slide (slides/build/architecture.png) that make slides copies into docs/img.
//
// --html-only-without-chromium: on a machine without Chromium, build the HTML deck and say so
// (the tests' local run); by default a missing Chromium fails the build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium, launch, NO_CHROMIUM } from '../lib/browser.mjs';
import { parseDeck } from '../lib/deck.mjs';
import { openDeck, screenshotSlide } from '../lib/deck-page.mjs';
import { drawMermaid } from '../lib/diagram.mjs';
import { expandDeck } from '../lib/expand.mjs';
import { fontFaces } from '../lib/fonts.mjs';
import { resolveIncludes } from '../lib/includes.mjs';
import { ROOT, SLIDES, BUILD } from '../lib/paths.mjs';
import { PICTURE_KEY, pictureSourceHash, picturedSlide } from '../lib/picture.mjs';
import { withText } from '../lib/png-text.mjs';
import { findRegions } from '../lib/regions.mjs';
import { marp } from '../lib/render.mjs';
import { recordSession } from '../lib/session.mjs';

const started = Date.now();
const htmlOnlyWithoutChromium = process.argv.includes('--html-only-without-chromium');
const out = (name) => path.join(BUILD, name);
const say = (message) => console.log(`slides: ${message}`);

fs.rmSync(BUILD, { recursive: true, force: true });
fs.mkdirSync(BUILD, { recursive: true });

const chromium = findChromium();
if (!chromium && !htmlOnlyWithoutChromium) fail([NO_CHROMIUM]);

const deck = parseDeck();
const { regions, problems: regionProblems } = findRegions();
const { includes, problems } = resolveIncludes(deck, regions);
if (regionProblems.length || problems.length) fail([...regionProblems, ...problems]);

say('running the receiver and the docs\' commands');
const steps = includes.filter((i) => i.directive.kind === 'run')
  .map((i) => ({ where: i.where, region: i.region, commands: i.commands }));
const session = await recordSession(steps, out('receiver.log')).catch((e) => fail([e.message]));
fs.writeFileSync(out('session.json'), `${JSON.stringify(session, null, 2)}\n`);

// Diagrams go into the deck as data, so that talk.html is one file a speaker can copy anywhere.
const diagrams = new Map();
for (const include of chromium ? includes.filter((i) => i.directive.kind === 'diagram') : []) {
  const svg = await drawMermaid(include.region.name, include.source);
  diagrams.set(include.region.name, `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
}

const theme = fs.readFileSync(path.join(SLIDES, 'theme.css'), 'utf8')
  .replace(/^(@import [^\n]*\n)/m, `$1${fontFaces()}\n`);
fs.writeFileSync(out('theme.css'), theme);
const expanded = expandDeck({ deck, includes, session, diagrams, commit: commit() });
if (expanded.problems.length) fail(expanded.problems);
fs.writeFileSync(out('talk.md'), expanded.markdown);
fs.writeFileSync(out('manifest.json'), `${JSON.stringify(expanded.manifest, null, 2)}\n`);

say('rendering slides/build/talk.html');
marp(out('talk.md'), out('theme.css'), out('talk.html'));
if (chromium) {
  say('rendering slides/build/talk.pdf');
  marp(out('talk.md'), out('theme.css'), out('talk.pdf'));
  const pictured = picturedSlide(includes);
  const browser = await launch();
  try {
    const page = await openDeck(browser.browser, out('talk.html'));
    const png = await screenshotSlide(page, pictured.slide.number);
    fs.writeFileSync(out('architecture.png'), withText(png, PICTURE_KEY, pictureSourceHash(pictured)));
  } finally {
    await browser.close();
  }
} else {
  say(`HTML only, no PDF and no pictures: ${NO_CHROMIUM}`);
}
say(`${deck.slides.length} slides in ${((Date.now() - started) / 1000).toFixed(1)} s: open slides/build/talk.html`);

function commit() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return 'a tree outside git';
  }
}

function fail(messages) {
  console.error(messages.map((m) => `slides: ${m}`).join('\n'));
  process.exit(1);
}
