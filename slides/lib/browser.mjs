// The machine's own Chromium, never a downloaded one: CHROME_PATH when set, else the first of the
// usual names on PATH. Every launch goes through bin/headless-chromium, the one place for its flags.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { SLIDES } from './paths.mjs';

export const LAUNCHER = path.join(SLIDES, 'bin', 'headless-chromium');
const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The browser's path, or null when the machine has none. */
export function findChromium() {
  if (process.env.CHROME_PATH) {
    return isExecutable(process.env.CHROME_PATH) ? process.env.CHROME_PATH : null;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of NAMES) {
      if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return null;
}

/** Why there is no browser, in the words a skipped test or a failed build gives. */
export const NO_CHROMIUM = 'no Chromium: install it (scripts/install-tools.sh as root installs'
  + " Debian's chromium) or point CHROME_PATH at one";

/** The environment the launcher needs: which browser it runs. */
export function launcherEnv(chromium = findChromium()) {
  return { ...process.env, SLIDES_CHROMIUM: chromium };
}

/** A headless browser with a fresh profile; `close()` also removes the profile. */
export async function launch() {
  const chromium = findChromium();
  if (!chromium) throw new Error(NO_CHROMIUM);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'slides-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: LAUNCHER, env: launcherEnv(chromium), userDataDir: profile, headless: true,
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
