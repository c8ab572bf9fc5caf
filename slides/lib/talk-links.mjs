// docs/talk.md links code by region, `[text](../path#Lstart-Lend "region: NAME")`: each link's
// path and lines follow from the region's current place, so none goes stale.
import path from 'node:path';
import { ROOT } from './paths.mjs';

export const TALK = 'docs/talk.md';
const LINK = /\[([^\]\n]*)\]\(([^)\s]+)(?:[ \t]+"([^"]*)")?\)/g;

/** { text, problems }: the doc with every region link pointing at its region, and what was off. */
export function followRegions(markdown, regions, doc = TALK) {
  const problems = [];
  const text = markdown.replace(LINK, (link, label, target, title) => {
    const name = /^region: ([\w.-]+)$/.exec(title ?? '')?.[1];
    if (!name) {
      if (/#L\d/.test(target)) problems.push(`${doc}: link ${target} gives lines but names no region ("region: NAME")`);
      return link;
    }
    const region = regions.get(name);
    if (!region) {
      problems.push(`${doc}: region ${name} (link "${label}") is not in the repository`);
      return link;
    }
    const relative = path.relative(path.dirname(path.join(ROOT, doc)), path.join(ROOT, region.file)).split(path.sep).join('/');
    const want = `${relative}#L${region.start}-L${region.end}`;
    if (target !== want) problems.push(`${doc}: region ${name} is at ${want} now; the link says ${target}`);
    return `[${label}](${want} "region: ${name}")`;
  });
  return { text, problems };
}
