import { spawn } from 'node:child_process';
import { GcTrace, parseGcLine } from '../bench/gc-trace';

/** Runs `script` in a node started with --trace-gc-nvp and sums what its collector reported. */
async function traced(script: string) {
  const child = spawn(process.execPath, ['--trace-gc-nvp', '--max-semi-space-size=1', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const trace = new GcTrace(child.stdout);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return trace.between(0, Number.MAX_SAFE_INTEGER);
}

/**
 * The paired benchmark's reading of V8's `--trace-gc-nvp` (bench/gc-trace.ts), against a real
 * node: a script that keeps what it allocates promotes it to the old generation, one that drops it
 * at once does not.
 */
describe('bench: reading --trace-gc-nvp', () => {
  const allocate = (keep: boolean) => `
    const kept = [];
    for (let i = 0; i < 1000000; i++) {
      const o = { i, text: 'x'.repeat(20) + i };
      ${keep ? 'kept.push(o);' : ''}
    }
    if (kept.length > 1e9) console.log(kept.length);`;

  it('counts scavenges and the bytes they promote', async () => {
    const keeping = await traced(allocate(true));
    const dropping = await traced(allocate(false));
    expect(keeping.scavenges).toBeGreaterThan(5);
    expect(dropping.scavenges).toBeGreaterThan(5);
    // A million kept objects with their strings are over 100 MB; of dropped ones, V8 promotes a few
    // that a scavenge happened to find alive (about a tenth as much here).
    expect(keeping.promotedBytes).toBeGreaterThan(100_000_000);
    expect(dropping.promotedBytes).toBeLessThan(keeping.promotedBytes / 4);
    expect(keeping.scavengePauseP99Ms).toBeGreaterThan(0);
  });

  it('reads the kind, pause and promoted bytes of a line, and nothing from other output', () => {
    const line = '[123:0x55d0]   4127 ms: pause=1.8 mutator=12.4 gc=s reduce_memory=0 promoted=41216 semi_space_copied=1024';
    expect(parseGcLine(line, 7)).toEqual({ at: 7, kind: 'scavenge', pauseMs: 1.8, promoted: 41216 });
    expect(parseGcLine('[1:0x1] 90 ms: pause=6.5 mutator=3.0 gc=mc reduce_memory=0 promoted=0', 8)?.kind).toBe('mark-compact');
    expect(parseGcLine('{"level":30,"msg":"listening"}', 9)).toBeNull();
  });
});
