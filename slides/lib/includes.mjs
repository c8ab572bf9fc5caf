// What each include comment of the deck points at, checked before anything runs: a region that
// exists and is not empty, commands from the docs that a newcomer runs, a diagram to draw.
import { selectCommands } from './commands.mjs';
import { slideName } from './deck.mjs';
import { DASHBOARD, panelQueries } from './queries.mjs';
import { excerpt } from './regions.mjs';

/** A slide's command comes from a doc that runs it: the README, CONTRIBUTING (the native run), the walkthrough or the talk's map. */
export const COMMAND_DOCS = ['README.md', 'CONTRIBUTING.md', 'docs/walkthrough.md', 'docs/talk.md'];

/** { includes: [{ slide, directive, region, commands, source }], problems } in deck order. */
export function resolveIncludes(deck, regions) {
  const includes = [];
  const problems = [];
  for (const slide of deck.slides) {
    for (const directive of slide.directives) {
      const where = slideName(slide);
      const include = { slide, directive, where };
      includes.push(include);
      if (directive.kind === 'query') {
        include.queries = panelQueries(directive.name);
        if (!include.queries) problems.push(`${where}: ${DASHBOARD} has no panel titled "${directive.name}…" with queries`);
      }
      if (!['code', 'run', 'diagram'].includes(directive.kind)) continue;
      const region = regions.get(directive.name);
      if (!region) {
        problems.push(`${where}: region ${directive.name} is not in the repository (its markers moved or went)`);
        continue;
      }
      include.region = region;
      if (directive.kind === 'code' && !excerpt(region).trim()) {
        problems.push(`${where}: region ${directive.name} (${region.file}:${region.start}) is empty`);
      }
      if (directive.kind === 'run') {
        include.commands = selectCommands(region, directive.filter);
        if (!COMMAND_DOCS.includes(region.file)) {
          problems.push(`${where}: region ${directive.name} is in ${region.file}; commands come from ${COMMAND_DOCS.join(', ')}`);
        } else if (include.commands.length === 0) {
          problems.push(`${where}: region ${directive.name} (${region.file}) has no bash command`
            + (directive.filter ? ` containing "${directive.filter}"` : ''));
        }
      }
      if (directive.kind === 'diagram') {
        include.source = mermaidIn(region);
        if (!include.source) {
          problems.push(`${where}: region ${directive.name} (${region.file}) holds no \`\`\`mermaid block`);
        }
      }
    }
  }
  return { includes, problems };
}

/** The text of the first ```mermaid block among a region's lines. */
export function mermaidIn(region) {
  const match = /^\s*```mermaid\s*\n([\s\S]*?)^\s*```\s*$/m.exec(region.lines.join('\n'));
  return match ? match[1] : null;
}
