// The deck as Marp reads it: every include comment of slides/deck.md replaced by the region's
// lines, the commands with their recorded output, a log line, a panel's queries or a diagram.
import { DASHBOARD } from './queries.mjs';
import { excerpt, languageOf } from './regions.mjs';
import { linesBetween, messageOf } from './session.mjs';

/** { markdown, manifest, problems } of the deck, from its includes resolved and its session recorded. */
export function expandDeck({ deck, includes, session, diagrams, commit }) {
  const problems = [];
  const manifest = { session: session.id, slides: [] };
  let runs = 0;
  const bySlide = new Map(deck.slides.map((slide) => [slide, []]));
  for (const include of includes) bySlide.get(include.slide).push(include);

  const texts = deck.slides.map((slide) => {
    const lines = [...slide.lines];
    const shows = [];
    for (const include of bySlide.get(slide)) {
      const { directive, region } = include;
      let block;
      if (directive.kind === 'code') {
        block = code(excerpt(region), languageOf(region.file), `${region.file}, lines ${region.start}–${region.end}`);
        shows.push({ kind: 'code', name: region.name, file: region.file, start: region.start, end: region.end });
      } else if (directive.kind === 'run') {
        const step = session.steps[runs++];
        const transcript = step.commands.map((c) => [prompt(c.shown), c.stdout].filter(Boolean).join('\n'));
        block = code(transcript.join('\n'), 'console', `${region.file}, run by make slides`);
        shows.push({ kind: 'run', name: region.name, file: region.file, step: runs - 1 });
      } else if (directive.kind === 'log') {
        // What the receiver had logged at this point of the talk: up to the next command, or to SIGTERM.
        const until = session.steps[runs]?.logFrom ?? session.receiver.stopFrom;
        const line = linesBetween(session, 0, until).findLast((l) => messageOf(l) === directive.name);
        if (!line) problems.push(`${include.where}: the receiver had logged no msg="${directive.name}" by then`);
        block = code(line ?? '', 'log', "the receiver's log");
        shows.push({ kind: 'log', message: directive.name, line });
      } else if (directive.kind === 'start') {
        block = code(`${prompt(session.receiver.command)}\n${session.receiver.listening}`, 'console',
          'what make run-plain runs, on free ports');
        shows.push({ kind: 'start' });
      } else if (directive.kind === 'stop') {
        const logged = linesBetween(session, session.receiver.stopFrom);
        if (!logged.length) problems.push(`${include.where}: the receiver logged nothing after SIGTERM`);
        block = code(logged.join('\n'), 'log', "the receiver's log after SIGTERM, which ends make slides' run");
        shows.push({ kind: 'stop', lines: logged });
      } else if (directive.kind === 'query') {
        block = code(include.queries.text, 'text', `${DASHBOARD}, panel "${include.queries.title}"`);
        shows.push({ kind: 'query', panel: include.queries.title });
      } else if (directive.kind === 'diagram') {
        const src = diagrams.get(region.name);
        block = src ? `<img class="diagram" alt="${region.name}" src="${src}">`
          : `<p>(the diagram of region ${region.name}: drawn where Chromium is)</p>`;
        shows.push({ kind: 'diagram', name: region.name, file: region.file });
      }
      lines[directive.line] = block;
    }
    manifest.slides.push({ number: slide.number, title: slide.title, shows });
    return lines.join('\n');
  });
  const stamp = `Code of ${commit}; outputs recorded by make slides on ${session.recordedAt.slice(0, 10)}`
    + ` (${session.machine}, ${session.java})`;
  const markdown = `---\n${deck.frontMatter}\n---\n${texts.join('\n---\n')}`.replaceAll('{{recorded}}', stamp);
  return { markdown, manifest, problems };
}

function prompt(command) {
  return `$ ${command}`;
}

/** A fenced block, its fence longer than any backtick run inside, with its source above it. */
function code(text, language, caption) {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `<p class="source">${escapeHtml(caption)}</p>\n\n${fence}${language}\n${text}\n${fence}`;
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
