// CI=true makes a missing tool fail the deck's checks instead of skipping them, in any case
// (TRUE, True), as the Java tests read it: in the tests (helpers.mjs) and in bin/test.sh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SLIDES } from '../../lib/paths.mjs';
import { isCI } from '../helpers.mjs';

const TRUE = ['true', 'TRUE', 'True'];
const NOT_TRUE = [undefined, '', 'false', 'FALSE', '1', 'yes', ' true'];

test('the tests read CI=true, TRUE and True as CI, and nothing else', () => {
  for (const value of TRUE) assert.equal(isCI({ CI: value }), true, `CI=${value}`);
  for (const value of NOT_TRUE) assert.equal(isCI({ CI: value }), false, `CI=${value}`);
});

test('bin/test.sh without Node fails with CI=true, TRUE or True, and skips otherwise', () => {
  // A PATH with only what test.sh needs before it looks for Node: bash and dirname.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-ci-'));
  try {
    for (const tool of ['bash', 'dirname']) fs.symlinkSync(onPath(tool), path.join(bin, tool));
    const run = (ci) => spawnSync(path.join(bin, 'bash'), [path.join(SLIDES, 'bin', 'test.sh')], {
      env: { PATH: bin, ...(ci === undefined ? {} : { CI: ci }) }, encoding: 'utf8',
    });
    for (const value of TRUE) {
      const { status, stderr } = run(value);
      assert.equal(status, 1, `CI=${value}: ${stderr}`);
      assert.match(stderr, /no Node\.js and npm on PATH.*a missing tool fails the build/, `CI=${value}`);
    }
    for (const value of NOT_TRUE) {
      const { status, stderr } = run(value);
      assert.equal(status, 0, `CI=${value}: ${stderr}`);
      assert.match(stderr, /^slides-test: skipped: no Node\.js and npm on PATH/, `CI=${value}`);
    }
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
});

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  throw new Error(`no ${name} on PATH`);
}
