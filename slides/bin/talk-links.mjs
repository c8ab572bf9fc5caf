// make talk-links: docs/talk.md's code links pointed at their regions' current lines.
// --check (in make test): change nothing, fail naming every link that is off.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths.mjs';
import { findRegions } from '../lib/regions.mjs';
import { TALK, followRegions } from '../lib/talk-links.mjs';

const file = path.join(ROOT, TALK);
const { regions, problems: regionProblems } = findRegions();
const { text, problems } = followRegions(fs.readFileSync(file, 'utf8'), regions);
const moved = problems.filter((p) => p.includes(' is at '));
const broken = [...regionProblems, ...problems.filter((p) => !moved.includes(p))];
if (process.argv.includes('--check')) {
  if (moved.length || broken.length) {
    console.error([...broken, ...moved, 'make talk-links points the links at their regions'].join('\n'));
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, text);
  console.log(`talk-links: ${TALK}: ${moved.length} link(s) moved to their region's lines`);
  if (broken.length) {
    console.error(broken.join('\n'));
    process.exit(1);
  }
}
