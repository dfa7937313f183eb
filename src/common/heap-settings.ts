import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings the service runs with, applied by the first import of `main.ts` so that they hold
 * before any of the service's code has run (decision 0028, session 20).
 *
 * `--no-allocation-site-pretenuring`: V8 watches the objects made at each place in the code (an
 * allocation site), and when nearly all of those made between two young-generation collections are
 * still alive at the second, it decides that the site makes long-lived objects and from then on makes
 * them in the old generation directly, for the rest of the process's life. Under load many of a
 * request's objects are alive at a collection (the request is waiting for the database or for its
 * turn), so sites on the request path were decided that way, and every later request's objects from
 * them went to the old generation: with PostgreSQL 3.6 to 8 KB of every transition (0.4 to 0.9 KB
 * without pretenuring, measured side by side), and in about one SQLite process in six 3 to 5 KB.
 * Each few megabytes of it cost a full collection of 10 to 30 ms in the middle of the traffic.
 * Without pretenuring, an object reaches the old generation only by surviving two young-generation
 * collections; the service's long-lived data (catalogues, compiled schemas, workflows) is made once
 * at start, so it pays that copy once.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
