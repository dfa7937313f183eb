/**
 * Preloaded into the app (`node --require dist/bench/profile-preload.js`) when BENCH_PROFILE is set:
 * CPU-profiles the whole process and writes `<BENCH_PROFILE_DIR>/app-<pid>.cpuprofile` when it is
 * told to stop (SIGTERM), before NestJS's own shutdown hook re-raises the signal — so `--cpu-prof`
 * (written only on a normal exit) is not needed. Open the file in Chrome DevTools or speedscope.
 *
 * With BENCH_PROFILE_ON_SIGNAL=1 it profiles only between two SIGWINCHs (the first starts, the second
 * writes the file; NestJS's shutdown hooks take SIGUSR2), so a diagnostic can profile one phase of a run (pg-tail.js: the paced runs).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
const onSignal = process.env.BENCH_PROFILE_ON_SIGNAL === '1';
let started = !onSignal;
if (started) session.post('Profiler.start');

let written = false;
const write = () => {
  if (written) return;
  written = true;
  // The inspector answers a same-thread session synchronously, so the profile is on disk before Nest re-raises the signal.
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
};
if (onSignal) {
  process.on('SIGWINCH', () => {
    if (!started) {
      started = true;
      session.post('Profiler.start');
    } else write();
  });
}
process.prependListener('SIGTERM', () => started && write());
process.prependListener('SIGINT', () => started && write());
