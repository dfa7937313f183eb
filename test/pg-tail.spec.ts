import type { Collection } from '../bench/gc-trace';
import { analyse, sampleOf, type ActivityRow, type Sample } from '../bench/pg-tail';

/**
 * bench/pg-tail.ts sets a paced run's answers beside what PostgreSQL and the app's collector did
 * meanwhile. Its reading of `pg_stat_activity` and its cutting of a run into windows are checked
 * here on rows and timelines whose answer is known.
 */
describe('bench pg-tail: slow answers beside what the server and the collector did', () => {
  const row = (over: Partial<ActivityRow>): ActivityRow => ({
    backend_type: 'client backend',
    state: 'active',
    wait_event_type: null,
    wait_event: null,
    query: 'SELECT 1',
    here: true,
    ...over,
  });

  it("reads autovacuum workers, the checkpointer and what the app's connections wait for from pg_stat_activity", () => {
    const sample = sampleOf(125, [
      row({ backend_type: 'autovacuum worker', query: 'autovacuum: VACUUM public.procurement_plans', here: false }),
      row({ backend_type: 'checkpointer', state: null, wait_event_type: 'Timeout', wait_event: 'CheckpointWriteDelay', here: false }),
      row({ wait_event_type: 'Client', wait_event: 'ClientRead' }),
      row({ wait_event_type: 'Client', wait_event: 'ClientRead' }),
      row({ wait_event_type: 'IO', wait_event: 'WALSync' }),
      row({}),
      // Idle connections, and other databases' connections, are not the app's work.
      row({ state: 'idle', wait_event_type: 'Client', wait_event: 'ClientRead' }),
      row({ here: false, wait_event_type: 'Lock', wait_event: 'transactionid' }),
    ]);
    expect(sample).toEqual({
      at: 125,
      autovacuum: ['VACUUM procurement_plans'],
      checkpoint: true,
      waits: { 'Client:ClientRead': 2, 'IO:WALSync': 1, CPU: 1 },
    });
    // A checkpointer waiting for its next request is not writing.
    expect(
      sampleOf(0, [row({ backend_type: 'checkpointer', state: null, wait_event_type: 'Activity', wait_event: 'CheckpointerMain', here: false })]).checkpoint,
    ).toBe(false);
  });

  it('finds the windows whose p99 is over 25 ms and sets each slow answer beside a pause, the writeback, autovacuum, or neither', () => {
    // 5 windows of 100 ms, 100 answers each: the second with 10 slow answers, the fourth with 5, the fifth with 7, the others fast.
    const timeline: Array<[number, number]> = [];
    for (let i = 0; i < 500; i++) {
      const window = Math.floor(i / 100);
      const slow = (window === 1 && i % 100 < 10) || (window === 3 && i % 100 < 5) || (window === 4 && i % 100 < 7);
      timeline.push([i, slow ? 40 + (i % 100) : 5]);
    }
    const quiet = (at: number): Sample => ({ at, autovacuum: [], checkpoint: false, waits: { 'Client:ClientRead': 1 } });
    const samples: Sample[] = [
      quiet(50),
      { at: 150, autovacuum: ['VACUUM procurement_plans'], checkpoint: false, waits: { 'IO:WALSync': 3 } },
      quiet(250),
      quiet(350),
      // The kernel writing 40 MiB back in the fifth window (8 MiB in the first is under the mark).
      { ...quiet(450), writebackKb: 40 * 1024, dirtyKb: 90_000 },
      { ...quiet(60), writebackKb: 8 * 1024 },
    ];
    // A 6 ms scavenge reported in the fourth window (it may have held back answers of the third, which were fast);
    // a 1 ms one in the first is too short to count.
    const collections: Collection[] = [
      { at: 20, kind: 'scavenge', pauseMs: 1, promoted: 0 },
      { at: 350, kind: 'scavenge', pauseMs: 6, promoted: 0 },
    ];
    const a = analyse(timeline, samples, collections, 100);
    expect(a.answers).toBe(500);
    expect(a.slow).toEqual({ total: 22, withPause: 5, withWriteback: 7, withAutovacuum: 10, neither: 0 });
    // The pause counts for the fourth window and the third (fast), the autovacuum for the second, the writeback for the fifth.
    expect(a.windows).toEqual({ total: 5, withPause: 2, withWriteback: 1, withAutovacuum: 1, neither: 1 });
    expect(a.slowWindows.map((w) => [w.from, w.slow, w.max, w.autovacuum, w.pauses.map((c) => c.pauseMs), w.writebackKb])).toEqual([
      [100, 10, 49, ['VACUUM procurement_plans'], [], 0],
      [300, 5, 44, [], [6], 0],
      [400, 7, 46, [], [], 40 * 1024],
    ]);
    expect(a.slowWindows[0].waits).toEqual({ 'IO:WALSync': 3 });
    expect(a.waits).toEqual({ 'Client:ClientRead': 5 / 6, 'IO:WALSync': 3 / 6 });
    expect(a.scavenges).toBe(2);
    expect(a.scavengePauseP99Ms).toBe(6);
    expect(a.markCompactPausesMs).toEqual([]);
  });
});
