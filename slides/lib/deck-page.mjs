// The HTML deck as a speaker sees it: one slide at a time, in a 1280x720 window.
import { pathToFileURL } from 'node:url';

export const WIDTH = 1280;
export const HEIGHT = 720;

/** A page showing the deck's first slide. */
export async function openDeck(browser, htmlFile) {
  const page = await browser.newPage();
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.goto(`${pathToFileURL(htmlFile).href}#1`, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

export function slideCount(page) {
  return page.$$eval('svg[data-marpit-svg]', (slides) => slides.length);
}

/** Goes to slide `n` (1-based) and waits until it is the one shown and its images are loaded. */
export async function showSlide(page, n) {
  await page.evaluate((n) => { window.location.hash = `#${n}`; }, n);
  await page.waitForFunction((n) => {
    const section = document.querySelector(`section[id="${n}"]`);
    const svg = section?.closest('svg');
    const box = svg?.getBoundingClientRect();
    return box && box.width > 0 && svg.classList.contains('bespoke-marp-active')
      && [...section.querySelectorAll('img')].every((img) => img.complete);
  }, { timeout: 10_000 }, n);
}

/** What of slide `n` does not fit its 1280x720 box: [] when everything is inside. */
export function overflowOf(page, n) {
  return page.evaluate((n) => {
    const section = document.querySelector(`section[id="${n}"]`);
    const box = section.getBoundingClientRect();
    const scale = box.width / section.offsetWidth;
    const describe = (el) => `<${el.tagName.toLowerCase()}> "${(el.textContent ?? '').trim().slice(0, 50)}"`;
    const problems = [];
    if (section.scrollHeight > section.clientHeight + 1) {
      problems.push(`content is ${section.scrollHeight}px tall; the slide has ${section.clientHeight}px`);
    }
    if (section.scrollWidth > section.clientWidth + 1) {
      problems.push(`content is ${section.scrollWidth}px wide; the slide has ${section.clientWidth}px`);
    }
    const outside = [];
    for (const el of section.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const out = r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1;
      if (out && !outside.some((parent) => parent.contains(el))) {
        outside.push(el);
        problems.push(`${describe(el)} reaches outside the slide`);
      }
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)} is cut off on the right by ${Math.round((el.scrollWidth - el.clientWidth) * scale)}px`);
      }
      if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) {
        problems.push(`${describe(el)} is cut off at the bottom by ${Math.round((el.scrollHeight - el.clientHeight) * scale)}px`);
      }
    }
    return problems;
  }, n);
}

/** A PNG of slide `n` exactly as shown. */
export async function screenshotSlide(page, n) {
  await page.addStyleTag({ content: '.bespoke-marp-osc { display: none !important; }' });
  await showSlide(page, n);
  const svg = await page.$(`svg:has(> foreignObject > section[id="${n}"])`);
  return Buffer.from(await svg.screenshot({ type: 'png' }));
}

/** The speaker notes of every slide, by slide number. */
export function notesOf(page) {
  return page.$$eval('.bespoke-marp-note', (notes) => Object.fromEntries(
    notes.map((note) => [Number(note.dataset.index) + 1, note.textContent.trim()])));
}
