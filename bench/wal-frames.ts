/**
 * Which tables and indexes a workload's SQLite transactions write, read from the WAL itself: every
 * frame of the write-ahead log is one page a COMMIT wrote (and, with `synchronous=FULL`, made durable
 * before the COMMIT returned), and its header names the page. The page's owner (a table or an index)
 * comes from SQLite's `dbstat` table of the database file. Diagnostic, not part of `npm run bench`:
 *
 *   node dist/bench/wal-frames.js <database file> [<copy of its -wal file>]
 *
 * Take the WAL of an app under load (its checkpointer copies frames into the database but leaves
 * them in the WAL until the WAL starts over, so a copy taken mid-run holds thousands of them):
 *
 *   cp /data/plans.sqlite-wal /tmp/plans.wal && node dist/bench/wal-frames.js /data/plans.sqlite /tmp/plans.wal
 *
 * Prints the COMMITs found, frames (pages) per COMMIT, and per table or index the frames per
 * COMMIT and their share. A COMMIT's cost on the event loop grows with its frames (two `pwrite`s and
 * a checksum each, then the fsync of all of them); session 22 found with it that under load one
 * index, the audit trail's UNIQUE (plan_id, seq), wrote two frames in five (decision 0028).
 *
 * Frames after a WAL's last commit frame belong to a transaction still being written (or one
 * rolled back) and are left out. Frames left from before the WAL last started over carry another
 * salt and still count, but for the first transaction among them, which the new cycle partly
 * overwrote.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { table } from './report';

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
/** The WAL's magic number, with its last bit telling the byte order of its checksums. */
const WAL_MAGIC = [0x377f0682, 0x377f0683];
/** Pages the database file does not (yet) hold, or holds on its freelist. */
export const UNKNOWN_PAGE = '(new or free page)';

export interface WalFrames {
  pageSize: number;
  /** Frames of committed transactions. */
  frames: number;
  commits: number;
  /** Per table or index, most frames first. */
  byTree: Array<{ name: string; frames: number; perCommit: number; share: number }>;
}

/** Reads `walFile` (by default the database's own `-wal`) and attributes its committed frames. */
export function walFrames(databaseFile: string, walFile = `${databaseFile}-wal`): WalFrames {
  const wal = readFileSync(walFile);
  if (wal.length < WAL_HEADER_BYTES || !WAL_MAGIC.includes(wal.readUInt32BE(0))) throw new Error(`${walFile} is not a SQLite WAL file`);
  const pageSize = wal.readUInt32BE(8);
  const counts = new Map<number, number>();
  let commits = 0;
  let frames = 0;
  // Frames since the last commit frame, by page: they count once their transaction's commit frame comes.
  let pending: number[] = [];
  let salt = wal.readUInt32BE(16);
  // Frames left from an earlier cycle of the WAL start where the last cycle's writing stopped, maybe
  // inside a transaction whose first frames it overwrote: that one is skipped up to its commit frame.
  let partial = false;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    const page = wal.readUInt32BE(at);
    const frameSalt = wal.readUInt32BE(at + 8);
    if (page === 0) break;
    if (frameSalt !== salt) {
      pending = [];
      salt = frameSalt;
      partial = true;
    }
    pending.push(page);
    if (wal.readUInt32BE(at + 4) !== 0) {
      if (!partial) {
        commits += 1;
        frames += pending.length;
        for (const p of pending) counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      pending = [];
      partial = false;
    }
  }
  const owners = pageOwners(databaseFile);
  const byName = new Map<string, number>();
  for (const [page, count] of counts) {
    const name = owners.get(page) ?? UNKNOWN_PAGE;
    byName.set(name, (byName.get(name) ?? 0) + count);
  }
  const byTree = [...byName]
    .map(([name, count]) => ({ name, frames: count, perCommit: commits === 0 ? 0 : count / commits, share: frames === 0 ? 0 : count / frames }))
    .sort((a, b) => b.frames - a.frames || a.name.localeCompare(b.name));
  return { pageSize, frames, commits, byTree };
}

/** Page number → the table or index that owns it, from the database as it stands (its WAL included). */
function pageOwners(databaseFile: string): Map<number, string> {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const owners = new Map<number, string>();
    for (const row of db.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>) owners.set(row.pageno, row.name);
    return owners;
  } finally {
    db.close();
  }
}

function main(): void {
  const [databaseFile, walFile] = process.argv.slice(2);
  if (!databaseFile || databaseFile === '--help') {
    process.stdout.write('usage: node dist/bench/wal-frames.js <database file> [<copy of its -wal file>]\n');
    process.exitCode = databaseFile ? 0 : 1;
    return;
  }
  const result = walFrames(databaseFile, walFile);
  const perCommit = result.commits === 0 ? 0 : result.frames / result.commits;
  process.stdout.write(
    `${result.commits} COMMITs, ${result.frames} frames of ${result.pageSize} bytes: ${perCommit.toFixed(1)} frames (${((perCommit * result.pageSize) / 1024).toFixed(0)} KiB) per COMMIT\n\n`,
  );
  process.stdout.write(
    `${table(
      ['table or index', 'frames per COMMIT', 'share'],
      result.byTree.map((t) => [t.name, t.perCommit.toFixed(1), `${(t.share * 100).toFixed(1)} %`]),
    )}\n`,
  );
}

// Run as a program (the build is CommonJS); imported by a test (jest runs ES modules), it only exports.
if (typeof require !== 'undefined' && require.main === module) main();
