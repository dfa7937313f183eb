import { BUILD_MACHINE_CEILING_B, frameworkPacedNote, machineSpeedGoal, pacedGoal, queuedText, table } from '../bench/report';

/** The benchmark's report says when a run's machine was slower than the build machine the goals were judged on. */
describe('bench report: machine speed', () => {
  it('flags a machine slower than the build machine, as information (met: null)', () => {
    const goal = machineSpeedGoal(9_078);
    expect(goal).toEqual({
      name: 'Machine speed: GET /health/live (b), the framework ceiling',
      goal: '(18,000–59,000/s on the build machine)',
      measured: '9,078/s: SLOWER, CPU and latency goals measure this machine (compare builds with paired.js)',
      met: null,
    });
  });

  it('only states the speed of a machine within or above the build machine range', () => {
    expect(machineSpeedGoal(BUILD_MACHINE_CEILING_B.slowest)?.measured).toBe('18,000/s');
    expect(machineSpeedGoal(60_000)?.measured).toBe('60,000/s');
  });

  it('has no row without a measured ceiling (a run that stopped before it)', () => {
    expect(machineSpeedGoal(undefined)).toBeNull();
  });

  it('prints as a row of the goals table', () => {
    const goal = machineSpeedGoal(36_592)!;
    const text = table(['Goal', 'goal', 'measured', 'met'], [[goal.name, goal.goal, goal.measured, '(info)']]);
    expect(text.split('\n')[2]).toMatch(
      /^Machine speed: GET \/health\/live \(b\), the framework ceiling\s+\(18,000–59,000\/s on the build machine\)\s+36,592\/s\s+\(info\)$/,
    );
  });
});

/** A paced run in which the load generator itself stalled by the goal's bound measured the machine: the row says so. */
describe('bench report: paced goal', () => {
  const name = 'PostgreSQL p99 at half the max rate (1,443/s, paced)';

  it('judges the p99 against 25 ms', () => {
    expect(pacedGoal(name, { p99: 20.04, lateP99: 3.53 })).toEqual({ name, goal: '< 25 ms', measured: '20.0 ms', met: true });
    expect(pacedGoal(name, { p99: 27.8, lateP99: 3.53 })).toEqual({ name, goal: '< 25 ms', measured: '27.8 ms', met: false });
    expect(pacedGoal(name, { p99: 25 }).met).toBe(false);
  });

  it('flags a run whose load generator was late by the whole bound, and leaves it unmet', () => {
    expect(pacedGoal(name, { p99: 434.5, lateP99: 399.89 })).toEqual({
      name,
      goal: '< 25 ms',
      measured: '434.5 ms: STALLED, the load generator itself was 399.9 ms late (p99); run again',
      met: false,
    });
    expect(pacedGoal(name, { p99: 40, lateP99: 25 }).measured).toBe('40.0 ms: STALLED, the load generator itself was 25.0 ms late (p99); run again');
    expect(pacedGoal(name, { p99: 30, lateP99: 24.99 }).measured).toBe('30.0 ms');
  });

  it("names the requests that waited for a free connection (the app's queue), and nothing when none did", () => {
    expect(queuedText({ queued: { count: 1358, waitMs: { max: 351.94 } } })).toBe(', 1,358 waited for a free connection (longest 351.9 ms)');
    expect(queuedText({ queued: { count: 0, waitMs: { max: Number.NaN } } })).toBe('');
    expect(queuedText({})).toBe('');
  });

  it("sets the framework route paced at the transitions' rate beside its saturated CPU, and leaves the comparison out without (b)", () => {
    expect(frameworkPacedNote(0.136, 0.034)).toBe(
      "the framework alone at the paced rate: 0.136 ms of CPU per answer, 4.0 times the 0.034 ms of (b) saturated; the rest of the paced row's CPU is the transition's",
    );
    expect(frameworkPacedNote(0.136, undefined)).toBe(
      "the framework alone at the paced rate: 0.136 ms of CPU per answer; the rest of the paced row's CPU is the transition's",
    );
    expect(frameworkPacedNote(0.136, 0)).not.toContain('times');
  });
});
