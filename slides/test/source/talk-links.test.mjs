// docs/talk.md's code links point at their regions' current lines, and none gives lines
// without naming its region.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../lib/paths.mjs';
import { findRegions } from '../../lib/regions.mjs';
import { TALK, followRegions } from '../../lib/talk-links.mjs';

const { regions } = findRegions();
const talk = fs.readFileSync(path.join(ROOT, TALK), 'utf8');

test('every code link of docs/talk.md points at its region as the code is now', () => {
  assert.deepEqual(followRegions(talk, regions).problems, []);
  assert.ok((talk.match(/"region: /g) ?? []).length >= 20, 'the talk map links its code by region');
});

test('a link whose region moved, went, or was never named is reported by region', () => {
  const region = regions.values().next().value;
  const file = path.relative(path.join(ROOT, 'docs'), path.join(ROOT, region.file));
  const moved = `[a](${file}#L${region.start + 1}-L${region.end + 1} "region: ${region.name}")`;
  const gone = '[b](../Makefile#L1-L2 "region: no-such-region")';
  const unnamed = '[c](../Makefile#L1-L2)';
  const { text, problems } = followRegions(`${moved}\n${gone}\n${unnamed}\n[d](../Makefile)\n`, regions);
  assert.deepEqual(problems, [
    `${TALK}: region ${region.name} is at ${file}#L${region.start}-L${region.end} now;`
      + ` the link says ${file}#L${region.start + 1}-L${region.end + 1}`,
    `${TALK}: region no-such-region (link "b") is not in the repository`,
    `${TALK}: link ../Makefile#L1-L2 gives lines but names no region ("region: NAME")`,
  ]);
  assert.ok(text.startsWith(`[a](${file}#L${region.start}-L${region.end} "region: ${region.name}")\n`));
});
