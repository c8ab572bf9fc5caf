// Every region a slide includes exists and is not empty, names are unique, and a slide that
// loses its region is named with it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseDeck } from '../../lib/deck.mjs';
import { COMMAND_DOCS, resolveIncludes } from '../../lib/includes.mjs';
import { ROOT } from '../../lib/paths.mjs';
import { excerpt, findRegions, regionsOf } from '../../lib/regions.mjs';

const deck = parseDeck();
const { regions, problems: regionProblems } = findRegions();
const { includes, problems } = resolveIncludes(deck, regions);

test('every region of the repository is closed and named once', () => {
  assert.deepEqual(regionProblems, []);
});

test('every region, command, diagram and panel a slide includes is there and not empty', () => {
  assert.deepEqual(problems, []);
  const code = includes.filter((i) => i.directive.kind === 'code');
  assert.ok(code.length >= 20, `only ${code.length} code excerpts on the slides`);
  for (const include of code) assert.notEqual(excerpt(include.region).trim(), '', include.where);
});

test('every command on a slide is written, as it is, in the README, CONTRIBUTING, the walkthrough or the talk map', () => {
  const runs = includes.filter((i) => i.directive.kind === 'run');
  assert.ok(runs.length > 0);
  for (const run of runs) {
    assert.ok(COMMAND_DOCS.includes(run.region.file), `${run.where}: ${run.region.file}`);
    const doc = fs.readFileSync(path.join(ROOT, run.region.file), 'utf8');
    for (const command of run.commands) assert.ok(doc.includes(command.text), `${run.where}: ${command.text}`);
  }
});

test('the slides follow the talk: its sections in order, then the live walk, a slide per hop', () => {
  const titles = deck.slides.map((s) => s.title);
  const order = ['Health checks', 'Metrics', 'Build', 'Logs', 'Request IDs', 'Tracing', 'Profiling',
    'Correlation', 'Grafana', 'Remote write 2.0', 'Bounded decode', 'memory budget', 'Graceful shutdown', 'live walk'];
  let at = -1;
  for (const section of order) {
    const found = titles.findIndex((title, i) => i > at && title.includes(section));
    assert.ok(found > at, `no slide titled "${section}…" after slide ${at + 1}`);
    at = found;
  }
  const walkthrough = fs.readFileSync(path.join(ROOT, 'docs/walkthrough.md'), 'utf8');
  const hops = [...walkthrough.matchAll(/^## (\d+)\. (.*)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
  assert.ok(hops.length >= 9, 'the walkthrough has its hops');
  for (const hop of hops) assert.ok(titles.some((t) => t.endsWith(hop.replace(/`/g, ''))), `no slide for hop "${hop}"`);
  assert.ok(titles.some((t) => /who sends what to whom/i.test(t)), 'no architecture slide');
});

test('a slide whose region went is named, with the region', () => {
  const include = includes.find((i) => i.directive.kind === 'code');
  const fewer = new Map(regions);
  fewer.delete(include.directive.name);
  const lost = resolveIncludes(deck, fewer).problems;
  assert.ok(lost.some((p) => p.startsWith(`slide ${include.slide.number} ("${include.slide.title}")`)
    && p.includes(`region ${include.directive.name} `)), lost.join('\n'));
});

test('the region reader finds nested regions and reports broken markers', () => {
  const java = [
    '// endregion',
    'class A {',
    '  // region: outer',
    '  int a;',
    '  // region: inner',
    '  int b;',
    '  // endregion',
    '  // endregion',
    '}',
    '// region:',
    '# region: unclosed',
  ].join('\n');
  const { regions: found, problems: broken } = regionsOf('A.java', java);
  const outer = found.find((r) => r.name === 'outer');
  assert.deepEqual([outer.start, outer.end], [4, 7]);
  assert.equal(excerpt(outer), 'int a;\nint b;');
  assert.equal(excerpt(found.find((r) => r.name === 'inner')), 'int b;');
  assert.deepEqual(broken, [
    'A.java:1: endregion without a region',
    "A.java:10: region without a name (letters, digits, '.', '_', '-')",
    'A.java:11: region unclosed has no endregion',
  ]);
  const yaml = regionsOf('a.yaml', 'a: 1\n# region: b\nb: 2\n# endregion\n').regions;
  assert.deepEqual(yaml.map((r) => [r.name, r.start, r.end]), [['b', 3, 3]]);
  const md = regionsOf('a.md', '<!-- region: c -->\ntext\n<!-- endregion -->\n').regions;
  assert.deepEqual(md.map((r) => [r.name, r.start, r.end]), [['c', 2, 2]]);
});
