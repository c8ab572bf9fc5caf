// Marp CLI turns the expanded deck into the HTML deck a speaker opens and a PDF beside it
// (with the speaker notes as annotations), in the machine's Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LAUNCHER, launcherEnv } from './browser.mjs';

const require = createRequire(import.meta.url);
const MARP = require.resolve('@marp-team/marp-cli/marp-cli.js');
export const MARP_VERSION = require('@marp-team/marp-cli/package.json').version;

/** Runs Marp on `markdown` with the deck's theme, writing `output` (.html or .pdf). */
export function marp(markdown, theme, output) {
  const args = [MARP, '--no-config-file', '--html', '--theme-set', theme, '--allow-local-files',
    '--browser', 'chrome', '--browser-path', LAUNCHER, markdown, '-o', output];
  if (output.endsWith('.pdf')) args.push('--pdf', '--pdf-notes', '--pdf-outlines');
  // Marp keeps its browser profile under TMPDIR: a fresh one each time.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-marp-'));
  try {
    const run = spawnSync(process.execPath, args, { env: { ...launcherEnv(), TMPDIR: tmp }, encoding: 'utf8' });
    if (run.status !== 0 || !fs.existsSync(output)) {
      throw new Error(`marp ${path.basename(output)} failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
