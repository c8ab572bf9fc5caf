// The outputs on the slides come from the run of the receiver that the build itself made: the
// ports it printed, the request IDs it logged, the samples the fixture carries.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import protobuf from 'protobufjs';
import snappy from 'snappyjs';
import { ROOT } from '../../lib/paths.mjs';
import { linesBetween, messageOf } from '../../lib/session.mjs';
import { built } from '../helpers.mjs';

const session = built('session.json');
const manifest = built('manifest.json');
const deck = built('talk.md');
const commands = session.steps.flatMap((step, index) => step.commands.map((c, position) => ({ ...c, step, index, position })));
/** The log lines of a command's step: from its start to the next step's, or to SIGTERM. */
const loggedBy = (command) => linesBetween(session, command.step.logFrom,
  session.steps[command.index + 1]?.logFrom ?? session.receiver.stopFrom);

// The fields of remote write 1.0's WriteRequest a sample count needs (prometheus/prompb/remote.proto).
const WRITE_REQUEST = protobuf.parse(`syntax = "proto3";
  message WriteRequest { repeated TimeSeries timeseries = 1; }
  message TimeSeries { repeated Sample samples = 2; }
  message Sample { double value = 1; int64 timestamp = 2; }`).root.lookupType('WriteRequest');

test('the deck shows each recorded output, and the build ran each command the deck shows', () => {
  const runs = manifest.slides.flatMap((s) => s.shows.filter((show) => show.kind === 'run'));
  assert.equal(runs.length, session.steps.length);
  for (const command of commands) {
    assert.ok(deck.includes(`$ ${command.shown}\n${command.stdout}`), `not on a slide: ${command.shown}`);
    assert.equal(command.exitCode, 0, command.shown);
  }
  const consoleBlocks = [...deck.matchAll(/^```console\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const recorded = [`$ ${session.receiver.command}\n${session.receiver.listening}\n`,
    ...session.steps.map((s) => `${s.commands.map((c) => [`$ ${c.shown}`, c.stdout].filter(Boolean).join('\n')).join('\n')}\n`)];
  for (const block of consoleBlocks) assert.ok(recorded.includes(block), `a console block no run made:\n${block}`);
});

test('the commands ran against the receiver the build started, on the ports it printed', () => {
  const { ports, listening } = session.receiver;
  assert.equal(session.log.split('\n').find((line) => messageOf(line) === 'receiver listening'), listening);
  assert.ok(ports.public > 0 && ports.internal > 0, listening);
  for (const command of commands) {
    if (/127\.0\.0\.1:1?8080\b/.test(command.shown)) assert.ok(command.ran.includes(`127.0.0.1:${ports.public}`), command.ran);
    if (/127\.0\.0\.1:1?8081\b/.test(command.shown)) assert.ok(command.ran.includes(`127.0.0.1:${ports.internal}`), command.ran);
    if (/^make /.test(command.shown)) assert.ok(command.ran.includes(`RECEIVER_ADMIN_PORT=${ports.internal}`), command.ran);
  }
});

test('the receiver stopped cleanly on SIGTERM: its shutdown hook ran to the end, exit 143', () => {
  // The JVM ends on SIGTERM, once its shutdown hooks ran, with 143 (128 + 15); an error exit
  // has another code (Main exits 1 when it cannot start), a process killed has a signal.
  assert.deepEqual(session.receiver.exit, { code: 143, signal: null },
    'the receiver exited as the JVM does after SIGTERM, hooks done');
  // Its shutdown hook logs "shutting down" first and "exiting" last.
  const stopped = linesBetween(session, session.receiver.stopFrom).map(messageOf);
  assert.deepEqual([stopped[0], stopped.at(-1)], ['shutting down', 'exiting'], stopped.join('\n'));
});

test('each request ID sent is in the response and in the line the receiver logged for it', () => {
  const sent = commands.filter((c) => /X-Request-ID: [\w.:-]+/.test(c.shown));
  assert.ok(sent.length > 0);
  for (const command of sent) {
    const id = /X-Request-ID: ([\w.:-]+)/.exec(command.shown)[1];
    assert.match(command.stdout, new RegExp(`^X-Request-ID: ${id}$`, 'mi'), command.shown);
    assert.ok(loggedBy(command).some((line) => line.includes(` request_id=${id} `)), `no log line with request_id=${id}`);
  }
});

test('the samples the receiver counted are the ones the fixture carries', () => {
  const fixture = /@(\S+\.bin)/;
  const posts = commands.filter((c) => fixture.test(c.shown) && /^HTTP\/1\.1 204/.test(c.stdout));
  assert.ok(posts.length > 0, 'the deck writes a fixture');
  const file = path.join(ROOT, fixture.exec(posts[0].shown)[1]);
  const request = WRITE_REQUEST.decode(snappy.uncompress(fs.readFileSync(file)));
  const samples = request.timeseries.reduce((sum, series) => sum + series.samples.length, 0);
  assert.ok(samples > 0, `${file} carries samples`);

  const scrape = commands.find((c) => c.shown.includes('/metrics') && c.stdout.includes('receiver_samples_received_total'));
  assert.ok(scrape, 'the deck shows receiver_samples_received_total');
  const counted = [...scrape.stdout.matchAll(/^receiver_samples_received_total(?:\{[^}]*\})? (\S+)$/gm)]
    .reduce((sum, m) => sum + Number(m[1]), 0);
  const before = posts.filter((post) => post.index < scrape.index
    || (post.index === scrape.index && post.position < scrape.position));
  assert.equal(counted, samples * before.length);
  for (const post of posts) {
    const line = loggedBy(post).find((l) => messageOf(l) === 'remote write request received');
    assert.ok(line?.includes(` samples=${samples} `), `${post.shown}\nlogged: ${line}`);
  }
});
