/**
 * Child processes of the benchmark (the app under test, the seeder, the ceiling probe): started
 * here, tracked, and always killed — on normal completion, on an error, on SIGINT/SIGTERM, and
 * by the overall watchdog.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort: whatever way this process ends, its children end with it.
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal} received, stopping children...\n`);
      void killAll().finally(() => process.exit(130));
    });
  }
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** The last 64 KiB of stdout and stderr, for error messages. */
  output(): string;
  exited: Promise<number | null>;
}

export function start(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; label: string }): Spawned {
  installHooks();
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Could not start ${options.label}`);
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  return { child, pid: child.pid, output: () => tail, exited };
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stop(spawned: Spawned, graceMs = 10_000): Promise<void> {
  const { child } = spawned;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await spawned.exited;
  clearTimeout(timer);
}

export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }),
  );
}

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
export async function runToCompletion(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; label: string; timeoutMs: number },
): Promise<string> {
  const spawned = start(command, args, options);
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), options.timeoutMs);
  const code = await spawned.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${options.label} failed (exit ${code}):\n${spawned.output()}`);
  return spawned.output();
}

/** A port nobody listens on right now (chosen by the kernel, released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

export interface Memory {
  /** Resident set size now, MiB. */
  rssMiB: number;
  /** Peak resident set size over the process's life (VmHWM), MiB. */
  peakRssMiB: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, all its threads together. */
export function cpuSecondsOf(pid: number): number {
  return cpuSecondsIn(`/proc/${pid}/stat`);
}

/** CPU seconds (user + system) one thread of a process has used so far; a process's main thread has its pid. */
export function threadCpuSecondsOf(pid: number, tid = pid): number {
  return cpuSecondsIn(`/proc/${pid}/task/${tid}/stat`);
}

function cpuSecondsIn(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are space separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((n, v) => n + v, 0);
  return { busy: total - idle, total };
}

/** Dirty and Writeback, KiB, from the text of `/proc/meminfo`. */
export function pageCacheOf(meminfo: string): { dirtyKb: number; writebackKb: number } {
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(meminfo)?.[1] ?? Number.NaN);
  return { dirtyKb: kb('Dirty'), writebackKb: kb('Writeback') };
}

/** The machine's `/proc/meminfo`, as text. */
export const readMeminfo = (): string => readFileSync('/proc/meminfo', 'latin1');

/** The most the machine's page cache held dirty and under writeback while it was watched, MiB. */
export interface PageCachePeak {
  dirtyMiB: number;
  writebackMiB: number;
}

/**
 * Watches the page cache every `everyMs` until stopped. A large writeback is the kernel flushing
 * what processes wrote without syncing (PostgreSQL's evicted buffers), which a COMMIT's flush on the
 * same disk then waits behind (decision 0028, session 26). `read` gives the text of `/proc/meminfo`.
 */
export function watchPageCache(everyMs = 100, read: () => string = readMeminfo): { stop: () => PageCachePeak } {
  const peak: PageCachePeak = { dirtyMiB: 0, writebackMiB: 0 };
  const sample = () => {
    const { dirtyKb, writebackKb } = pageCacheOf(read());
    if (dirtyKb / 1024 > peak.dirtyMiB) peak.dirtyMiB = dirtyKb / 1024;
    if (writebackKb / 1024 > peak.writebackMiB) peak.writebackMiB = writebackKb / 1024;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
