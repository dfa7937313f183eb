/** Plain-text tables for the benchmark's printed report. */

export type Cell = string | number | null | undefined;

export function fmt(value: Cell, digits = 1): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '–';
  if (typeof value === 'string') return value;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const int = (value: number | null | undefined): string => fmt(value, 0);
export const pct = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(0)} %`;

/** Left-aligns the first column, right-aligns the others. */
export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? cell : fmt(cell))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** One line of the goals table (and of `goals[]` in the JSON); `met` null: information, not a goal. */
export interface Goal {
  name: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

/**
 * GET /health/live (b) on the build machine in the full runs the goals were judged on (sessions 15
 * to 21; docs/performance.md): the framework's own ceiling, which moves with the VM's speed.
 */
export const BUILD_MACHINE_CEILING_B = { slowest: 18_000, fastest: 59_000 };

/**
 * How fast this machine was, by the framework's ceiling: an info row, so that a reader of a run on
 * a slower machine sees that the CPU and latency goals measured the machine as much as the code.
 */
export function machineSpeedGoal(ceilingB: number | undefined): Goal | null {
  if (ceilingB === undefined) return null;
  const slower = ceilingB < BUILD_MACHINE_CEILING_B.slowest;
  return {
    name: 'Machine speed: GET /health/live (b), the framework ceiling',
    goal: `(${int(BUILD_MACHINE_CEILING_B.slowest)}–${int(BUILD_MACHINE_CEILING_B.fastest)}/s on the build machine)`,
    measured: `${int(ceilingB)}/s${slower ? ': SLOWER, CPU and latency goals measure this machine (compare builds with paired.js)' : ''}`,
    met: null,
  };
}

/** The paced runs' latency goal: p99 under this many milliseconds. */
export const PACED_P99_GOAL_MS = 25;

/** The requests of a paced run that waited for a connection, every one busy with the app's earlier answers ('' when none did). */
export function queuedText(run: { queued?: { count: number; waitMs: { max: number } } }): string {
  const queued = run.queued;
  if (!queued?.count) return '';
  return `, ${int(queued.count)} waited for a free connection (longest ${fmt(queued.waitMs.max)} ms)`;
}

/**
 * The note of the paced framework row: `GET /health/live`, which does nothing, sent at the paced
 * transitions' rate. Its CPU per answer against the same route's saturated figure (b) is what this
 * machine charges any request that finds the app's thread idle, whatever the request does: waking
 * a thread (on a virtual machine, a halted vCPU) and refilling its caches (decision 0028, session 27).
 */
export function frameworkPacedNote(pacedMs: number, saturatedMs: number | undefined): string {
  const against = saturatedMs && saturatedMs > 0 ? `, ${fmt(pacedMs / saturatedMs)} times the ${fmt(saturatedMs, 3)} ms of (b) saturated` : '';
  return `the framework alone at the paced rate: ${fmt(pacedMs, 3)} ms of CPU per answer${against}; the rest of the paced row's CPU is the transition's`;
}

/**
 * A paced run's p99 as a goal. The load generator shares the machine with the app; when it was
 * itself late by the goal's whole bound (its p99 lateness in taking requests up, counted in every
 * latency too), the machine stalled under both of them, and the run measured the machine: the row
 * says so, and stays unmet. (Session 25's lateness also counted the wait for a free connection,
 * which is the app's; since session 26 that wait is `queued`, and only the client's own delay counts.)
 */
export function pacedGoal(name: string, paced: { p99: number; lateP99?: number }): Goal {
  const stalled = paced.lateP99 !== undefined && paced.lateP99 >= PACED_P99_GOAL_MS;
  return {
    name,
    goal: `< ${PACED_P99_GOAL_MS} ms`,
    measured: `${fmt(paced.p99)} ms${stalled ? `: STALLED, the load generator itself was ${fmt(paced.lateP99)} ms late (p99); run again` : ''}`,
    met: paced.p99 < PACED_P99_GOAL_MS,
  };
}
