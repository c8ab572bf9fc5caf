// What the tests share: the build's outputs, and the rule for a missing browser.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium, NO_CHROMIUM } from '../lib/browser.mjs';
import { BUILD } from '../lib/paths.mjs';

/**
 * CI=true turns a missing tool into a failure; in any case (TRUE, True), as the Java tests read
 * it ("true".equalsIgnoreCase) and as bin/test.sh does.
 */
export function isCI(env = process.env) {
  return (env.CI ?? '').toLowerCase() === 'true';
}

export const CI = isCI();

/** Skips the test for want of Chromium (fails it with CI=true); true when there is one. */
export function needsChromium(t) {
  if (findChromium()) return true;
  assert.ok(!CI, `${NO_CHROMIUM} (CI=true: a missing tool fails the build)`);
  t.skip(NO_CHROMIUM);
  return false;
}

/** A file of slides/build/, parsed when it is JSON. */
export function built(name) {
  const text = fs.readFileSync(path.join(BUILD, name), 'utf8');
  return name.endsWith('.json') ? JSON.parse(text) : text;
}
