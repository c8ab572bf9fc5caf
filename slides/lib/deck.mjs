// The deck's source, slides/deck.md: Marp Markdown, one slide after each `---`, whose include
// comments the build replaces with what the repository and a real run say.
//
//   <!-- code: NAME -->       the lines of region NAME, from whatever file holds it
//   <!-- run: NAME "TEXT" --> the commands of doc region NAME (those containing TEXT), run now
//   <!-- log: MESSAGE -->     the receiver's last log line with msg=MESSAGE before the next run
//   <!-- start -->            how the build started the receiver, and the line it printed
//   <!-- stop -->             what the receiver logged after SIGTERM, at the end of the run
//   <!-- diagram: NAME -->    the Mermaid diagram in doc region NAME, drawn
//   <!-- query: PANEL -->     the queries of the walkthrough dashboard's panel whose title starts PANEL
import fs from 'node:fs';
import path from 'node:path';
import { SLIDES } from './paths.mjs';

export const DECK = path.join(SLIDES, 'deck.md');
const DIRECTIVE = /^\s*<!--\s*(code|run|log|start|stop|diagram|query)\b:?\s*(.*?)\s*-->\s*$/;

/** { frontMatter, slides: [{ number, title, lines, directives: [{ kind, name, filter, line }] }] } */
export function parseDeck(text = fs.readFileSync(DECK, 'utf8')) {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!front) throw new Error('slides/deck.md: no front matter (--- marp: true ---) at the top');
  const slides = [];
  let lines = [];
  let inFence = false;
  const flush = () => slides.push(slide(slides.length + 1, lines));
  for (const line of text.slice(front[0].length).split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (!inFence && line === '---') {
      flush();
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return { frontMatter: front[1], slides };
}

function slide(number, lines) {
  const heading = lines.find((line) => /^#{1,6}\s/.test(line));
  const title = heading ? heading.replace(/^#+\s*/, '').replace(/[*_`]/g, '') : '(untitled)';
  const directives = [];
  lines.forEach((text, index) => {
    const match = DIRECTIVE.exec(text);
    if (!match) return;
    const [, kind, argument] = match;
    const quoted = /^(\S*)\s*"(.*)"$/.exec(argument);
    directives.push({
      kind,
      name: quoted ? quoted[1] : argument,
      filter: quoted ? quoted[2] : null,
      line: index,
    });
  });
  return { number, title, lines, directives };
}

/** How a slide is named in a message: its number and title. */
export function slideName(slide) {
  return `slide ${slide.number} ("${slide.title}")`;
}
