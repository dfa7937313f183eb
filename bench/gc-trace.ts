/**
 * What V8's collector did in a child process started with `--trace-gc-nvp`: one line per
 * collection on its stdout (`… pause=1.2 … gc=s … promoted=12345 …`; `gc=s` a scavenge of the young
 * generation, `gc=mc` a full mark-compact). Used by run.ts (every app) and paired.ts (`PAIRED_GC=1`)
 * to show how much of each request reaches the old generation, which is what makes full collections,
 * and their pauses, come back every few seconds under load (decision 0028, sessions 18 to 20).
 */
import type { Readable } from 'node:stream';
import { percentile } from './stats';

export interface Collection {
  /** When the line was read (ms, Date.now()). */
  at: number;
  kind: 'scavenge' | 'mark-compact' | 'other';
  pauseMs: number;
  /** Bytes moved from the young generation to the old one. */
  promoted: number;
}

export interface GcSummary {
  promotedBytes: number;
  scavenges: number;
  scavengePauseP99Ms: number;
  markCompacts: number;
  markCompactPauseMaxMs: number;
}

/** A load run's collections, with what each of its answers left in the old generation. */
export interface RunGc extends GcSummary {
  promotedKbPerAnswer: number;
}

const field = (line: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];

/** One `--trace-gc-nvp` line, or null when the line is something else. */
export function parseGcLine(line: string, at: number): Collection | null {
  const gc = field(line, 'gc');
  const pause = Number(field(line, 'pause'));
  if (gc === undefined || !Number.isFinite(pause)) return null;
  const kind = gc === 's' ? 'scavenge' : gc === 'mc' ? 'mark-compact' : 'other';
  return { at, kind, pauseMs: pause, promoted: Number(field(line, 'promoted') ?? 0) || 0 };
}

export function summarise(collections: Collection[]): GcSummary {
  const scavenges = collections.filter((c) => c.kind === 'scavenge');
  const markCompacts = collections.filter((c) => c.kind === 'mark-compact');
  const pauses = scavenges.map((c) => c.pauseMs);
  return {
    promotedBytes: collections.reduce((sum, c) => sum + c.promoted, 0),
    scavenges: scavenges.length,
    scavengePauseP99Ms: pauses.length === 0 ? 0 : percentile(pauses, 99),
    markCompacts: markCompacts.length,
    markCompactPauseMaxMs: markCompacts.reduce((max, c) => Math.max(max, c.pauseMs), 0),
  };
}

/** Collects the collections a child reports on `stdout`; `between(from, to)` sums a time window. */
export class GcTrace {
  private readonly collections: Collection[] = [];
  private partial = '';

  constructor(stdout: Readable) {
    stdout.on('data', (chunk: Buffer) => {
      const lines = (this.partial + chunk.toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      const now = Date.now();
      for (const line of lines) {
        const collection = parseGcLine(line, now);
        if (collection) this.collections.push(collection);
      }
    });
  }

  /** The collections reported between two moments (ms, Date.now()). */
  within(from: number, to: number): Collection[] {
    return this.collections.filter((c) => c.at >= from && c.at <= to);
  }

  between(from: number, to: number): GcSummary {
    return summarise(this.within(from, to));
  }

  /** Runs `load` and sets its result's `gc`: what the collector did meanwhile, per answer where it is a rate. */
  async during<T extends { ok: number; gc?: RunGc }>(load: () => Promise<T>): Promise<T> {
    const from = Date.now();
    const result = await load();
    const collected = this.between(from, Date.now());
    result.gc = { ...collected, promotedKbPerAnswer: collected.promotedBytes / 1024 / Math.max(1, result.ok) };
    return result;
  }
}

/** A run's collections in a log line. */
export function gcText(gc: RunGc): string {
  return (
    `to the old generation ${gc.promotedKbPerAnswer.toFixed(2)} KB/answer, ${gc.scavenges} scavenges (pause p99 ${gc.scavengePauseP99Ms.toFixed(1)} ms), ` +
    `${gc.markCompacts} full collections (longest ${gc.markCompactPauseMaxMs.toFixed(1)} ms)`
  );
}
