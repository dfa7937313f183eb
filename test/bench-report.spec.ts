import { BUILD_MACHINE_CEILING_B, machineSpeedGoal, table } from '../bench/report';

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
