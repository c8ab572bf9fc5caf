// A Mermaid diagram drawn to SVG by Mermaid itself in Chromium, in the deck's font, with that
// font inside the SVG: an SVG shown as an image sees no font of the page around it.
import { createRequire } from 'node:module';
import { launch } from './browser.mjs';
import { fontFaces } from './fonts.mjs';

const require = createRequire(import.meta.url);
const MERMAID = require.resolve('mermaid/dist/mermaid.min.js');
const CONFIG = {
  startOnLoad: false,
  theme: 'neutral',
  fontFamily: 'Inter',
  // Some shapes (the stadium of "you, in a browser") are drawn by rough.js even in the classic
  // look, with a random seed unless one is given: then every build draws them a little apart,
  // and two builds of the same sources would not draw the same picture.
  handDrawnSeed: 1,
  flowchart: { htmlLabels: false, curve: 'basis', nodeSpacing: 24, rankSpacing: 36 },
};

/** The SVG text of a Mermaid source. */
export async function drawMermaid(id, source) {
  const faces = fontFaces();
  const session = await launch();
  try {
    const page = await session.browser.newPage();
    await page.setContent(`<!doctype html><html><head><style>${faces}</style></head><body>
      <span style="font-family: Inter">Inter</span></body></html>`);
    await page.evaluate(() => document.fonts.ready);
    await page.addScriptTag({ path: MERMAID });
    const svg = await page.evaluate(async (id, source, config) => {
      window.mermaid.initialize(config);
      return (await window.mermaid.render(id, source)).svg;
    }, id, source, CONFIG);
    return svg.replace(/<style>/, `<style>${faces}\n`);
  } finally {
    await session.close();
  }
}
