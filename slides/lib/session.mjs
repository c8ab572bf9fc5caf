// A real run for the deck to quote: start the receiver jar as `make run-plain` does (on free
// ports, so a receiver or stack already running is no obstacle), run the docs' commands against
// it in the deck's order, stop it with SIGTERM, and keep every output and its whole log.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.mjs';

export const JAR = 'app/target/receiver.jar';
export const START = ['java', '@app/jvm.args', '-jar', JAR,
  '--listen-address=127.0.0.1:0', '--internal-listen-address=127.0.0.1:0'];
const STARTUP_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Runs `steps` ([{ where, region, commands: [{ text }] }]) against a fresh receiver.
 * Returns { id, recordedAt, machine, java, receiver: { command, listening, ports, stopFrom, exit: { code, signal } },
 * steps: [{ where, region, source, logFrom, commands }], log }; logFrom and stopFrom are byte offsets of the log.
 */
export async function recordSession(steps, logFile) {
  if (!fs.existsSync(path.join(ROOT, JAR))) {
    throw new Error(`${JAR} is missing: make build makes it`);
  }
  const out = fs.openSync(logFile, 'w');
  const receiver = spawn(START[0], START.slice(1), { cwd: ROOT, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise((resolve) => receiver.on('exit', (code, signal) => resolve({ code, signal })));
  const recorded = [];
  let listening;
  let stopFrom;
  try {
    listening = await pollFor(() => logLines(fs.readFileSync(logFile)).find((l) => messageOf(l) === 'receiver listening'),
      exited, STARTUP_TIMEOUT_MS, `the receiver's "receiver listening" line in ${logFile}`);
    const ports = portsOf(listening);
    for (const step of steps) {
      const logFrom = fs.statSync(logFile).size;
      const commands = [];
      for (const command of step.commands) {
        const ran = onPorts(command.text, ports);
        const result = await shell(ran);
        if (result.code !== 0) {
          throw new Error(`${step.where}: \`${command.text}\` exited ${result.code}\n${result.stderr}${result.stdout}`);
        }
        commands.push({ shown: command.text, ran, exitCode: result.code, stdout: tidy(result.stdout) });
      }
      recorded.push({ where: step.where, region: step.region.name, source: step.region.file, logFrom, commands });
    }
  } finally {
    stopFrom = fs.statSync(logFile).size;
    receiver.kill('SIGTERM');
  }
  const exit = await Promise.race([exited, delay(SHUTDOWN_TIMEOUT_MS).then(() => null)]);
  if (!exit) {
    receiver.kill('SIGKILL');
    throw new Error(`the receiver did not stop within ${SHUTDOWN_TIMEOUT_MS / 1000} s of SIGTERM`);
  }
  return {
    id: crypto.randomUUID(),
    recordedAt: new Date().toISOString(),
    machine: `${os.type()} ${os.arch()}, ${os.cpus().length} cores`,
    java: javaVersion(),
    receiver: { command: START.join(' '), listening, ports: portsOf(listening), stopFrom, exit },
    steps: recorded,
    log: fs.readFileSync(logFile, 'utf8'),
  };
}

/** The lines the receiver logged between two byte offsets of its log. */
export function linesBetween(session, from, to) {
  return logLines(Buffer.from(session.log).subarray(from, to));
}

/** The msg field of a logfmt line. */
export function messageOf(line) {
  const match = /(?:^| )msg=(?:"((?:[^"\\]|\\.)*)"|(\S+))/.exec(line);
  return match ? (match[1] ?? match[2]) : null;
}

/** The ports the receiver printed: public=HOST:PORT internal=HOST:PORT. */
export function portsOf(listening) {
  const port = (key) => Number(new RegExp(` ${key}=[^ ]*:(\\d+)`).exec(listening)?.[1]);
  return { public: port('public'), internal: port('internal') };
}

/**
 * A doc's command aimed at this receiver: the native ports (8080, 8081) and the stack's (18080,
 * 18081) become the ones it listens on, and `make` gets them as the variables stack.mk reads.
 */
export function onPorts(command, ports) {
  return command
    .replace(/127\.0\.0\.1:1?8080\b/g, `127.0.0.1:${ports.public}`)
    .replace(/127\.0\.0\.1:1?8081\b/g, `127.0.0.1:${ports.internal}`)
    .replace(/^make /, `make RECEIVER_PORT=${ports.public} RECEIVER_ADMIN_PORT=${ports.internal} `);
}

function logLines(buffer) {
  return buffer.toString('utf8').split('\n').filter(Boolean);
}

function tidy(output) {
  return output.replace(/\r\n/g, '\n').replace(/\n+$/, '');
}

/** The command as a user types it in a shell at the repository root: no make of ours around it. */
function shell(command) {
  const env = { ...process.env };
  for (const key of ['MAKEFLAGS', 'MAKELEVEL', 'MFLAGS', 'MAKEOVERRIDES']) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env, timeout: COMMAND_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function pollFor(find, exited, timeoutMs, what) {
  let gone = null;
  exited.then((exit) => { gone = exit; });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (gone) throw new Error(`the receiver exited (${JSON.stringify(gone)}) before printing ${what}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await delay(100);
  }
}

function delay(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms).unref(); });
}

function javaVersion() {
  const version = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (version.stderr || version.stdout).split('\n')[0].trim();
}
