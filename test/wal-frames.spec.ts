import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UNKNOWN_PAGE, walFrames } from '../bench/wal-frames';

/**
 * bench/wal-frames.ts reads a real SQLite WAL: the transactions below write known tables and
 * indexes, and the tool must find exactly those COMMITs and attribute their pages to them.
 */
describe('bench wal-frames: the pages each COMMIT wrote, by table and index', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'ppe-wal-frames-'));
    file = join(dir, 'w.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Frames stay in the WAL: nothing checkpoints them away while the test reads it.
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`CREATE TABLE log (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE items (id INTEGER PRIMARY KEY, key TEXT NOT NULL, n INTEGER NOT NULL);
      CREATE INDEX ix_items_key ON items (key);
      CREATE TABLE untouched (id INTEGER PRIMARY KEY, note TEXT);`);
    const insert = db.prepare('INSERT INTO items (key, n) VALUES (?, 0)');
    db.transaction(() => {
      for (let i = 0; i < 3_000; i += 1) insert.run(`key-${(i * 7919) % 3_000}`);
      db.prepare("INSERT INTO untouched (note) VALUES ('x')").run();
    })();
    // The set-up leaves the WAL: what is in it afterwards is only what the test's transactions wrote.
    db.pragma('wal_checkpoint(TRUNCATE)');
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts each COMMIT and attributes its pages to the tables and indexes it changed', () => {
    const log = db.prepare('INSERT INTO log (body) VALUES (?)');
    const bump = db.prepare('UPDATE items SET n = n + 1 WHERE id = ?');
    const rekey = db.prepare('UPDATE items SET key = ? WHERE id = ?');
    for (let t = 0; t < 40; t += 1) {
      db.transaction(() => {
        log.run(`entry ${t}`);
        bump.run(1 + ((t * 97) % 3_000));
        // Every other transaction changes an indexed column: only those write the index.
        if (t % 2 === 0) rekey.run(`moved-${t}`, 1 + ((t * 389) % 3_000));
      })();
    }
    // A transaction rolled back writes no commit frame: it is not counted.
    try {
      db.transaction(() => {
        log.run('rolled back');
        throw new Error('roll back');
      })();
    } catch {
      // expected
    }

    const result = walFrames(file);
    expect(result.pageSize).toBe(4096);
    expect(result.commits).toBe(40);
    const names = result.byTree.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['log', 'items', 'ix_items_key']));
    expect(names).not.toContain('untouched');
    const tree = (name: string) => result.byTree.find((t) => t.name === name)!;
    // Each COMMIT wrote the log's last page and the page of the item it bumped.
    expect(tree('log').frames).toBeGreaterThanOrEqual(40);
    expect(tree('items').frames).toBeGreaterThanOrEqual(40);
    // Half the COMMITs moved an index entry, each a delete and an insert; none of them wrote more than two leaves and the pages above.
    expect(tree('ix_items_key').frames).toBeGreaterThanOrEqual(20);
    expect(tree('ix_items_key').frames).toBeLessThan(tree('items').frames + 40);
    expect(result.byTree.reduce((sum, t) => sum + t.frames, 0)).toBe(result.frames);
    expect(result.byTree.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(1, 6);
    expect(tree('log').perCommit).toBeCloseTo(tree('log').frames / 40, 6);
  });

  it('reads a copy of the WAL taken while the database is in use, and counts only whole transactions', () => {
    const log = db.prepare('INSERT INTO log (body) VALUES (?)');
    for (let t = 0; t < 5; t += 1) log.run(`entry ${t}`);
    const copy = join(dir, 'copy.wal');
    copyFileSync(`${file}-wal`, copy);
    // Written after the copy: not in it.
    for (let t = 0; t < 5; t += 1) log.run(`later ${t}`);
    expect(walFrames(file, copy).commits).toBe(5);
    expect(walFrames(file).commits).toBe(10);
  });

  it('names pages the database does not know as new or free, and refuses a file that is not a WAL', () => {
    // A table created and then given pages, all in the WAL: dbstat on the file still knows them (it reads through the WAL).
    db.exec('CREATE TABLE later (id INTEGER PRIMARY KEY, body TEXT)');
    db.prepare('INSERT INTO later (body) VALUES (?)').run('x'.repeat(10_000));
    db.exec('DROP TABLE later');
    const result = walFrames(file);
    // The dropped table's pages went to the freelist: known to no table now.
    expect(result.byTree.map((t) => t.name)).toContain(UNKNOWN_PAGE);
    expect(() => walFrames(file, file)).toThrow('is not a SQLite WAL file');
  });
});
