import { pageCacheOf, watchPageCache } from '../bench/processes';

/**
 * The benchmark watches the machine's page cache during paced runs (bench/processes.ts): how much
 * was dirty and how much the kernel was writing back, whose flush a COMMIT's sync waits behind.
 */
describe('bench: the page cache watch', () => {
  const meminfo = (dirtyKb: number, writebackKb: number) =>
    `MemTotal:       24576000 kB\nDirty:          ${dirtyKb} kB\nWriteback:      ${writebackKb} kB\nWritebackTmp:          0 kB\n`;

  it("reads the page cache's dirty and written-back KiB from /proc/meminfo's text", () => {
    expect(pageCacheOf(meminfo(81234, 20480))).toEqual({ dirtyKb: 81234, writebackKb: 20480 });
    // WritebackTmp is another line, not Writeback.
    expect(pageCacheOf('Dirty: 1 kB\nWritebackTmp: 5 kB\n')).toEqual({ dirtyKb: 1, writebackKb: Number.NaN });
  });

  it('keeps the most dirty and under writeback seen while it watched, in MiB', async () => {
    const texts = [meminfo(1024, 0), meminfo(800 * 1024, 0), meminfo(300 * 1024, 260 * 1024), meminfo(2048, 1024)];
    let i = 0;
    const watch = watchPageCache(5, () => texts[Math.min(i++, texts.length - 1)]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(watch.stop()).toEqual({ dirtyMiB: 800, writebackMiB: 260 });
    // Stopped: no more reads.
    const reads = i;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(i).toBe(reads);
  });

  it("reads this machine's /proc/meminfo", () => {
    const peak = watchPageCache(1000).stop();
    expect(Number.isFinite(peak.dirtyMiB)).toBe(true);
    expect(Number.isFinite(peak.writebackMiB)).toBe(true);
  });
});
