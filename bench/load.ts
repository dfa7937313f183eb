/**
 * Load generation: closed-loop runs with autocannon (N connections, each sending its next request
 * when the previous answer arrives), and an open-loop paced run at a fixed arrival rate.
 * Latencies are recorded per response (not from autocannon's histogram) so percentiles such as
 * p95 are exact; only 2xx answers count as done work.
 */
import { connect, type Socket } from 'node:net';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import type { RunGc } from './gc-trace';
import { cpuSecondsOf, machineTicks, type PageCachePeak } from './processes';
import { summarise, type LatencySummary } from './stats';

export interface CpuUse {
  /** CPU of the app process(es) during the run, in cores (1.0 = one core busy all the time). */
  appCores: number;
  /** CPU of the benchmark process itself (the load generator), in cores. */
  loadgenCores: number;
  /** The whole machine's busy share, 0..1 over all cores. */
  machineBusy: number;
  /** Everything else, in cores: the database server, and anything else running on the machine. */
  restCores: number;
}

/** The WAL a PostgreSQL server wrote during a run, per answer. */
export interface WalPerAnswer {
  /** Bytes of WAL inserted (the difference of `pg_current_wal_lsn()`), in KB. */
  kb: number;
  /** Full-page images (`pg_stat_wal.wal_fpi`): pages written whole because a checkpoint began since their last change. */
  fullPages: number;
}

export interface LoadResult {
  title: string;
  connections: number;
  seconds: number;
  /** Answers received (any status). */
  responses: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** 2xx answers per second. */
  rate: number;
  latencyMs: LatencySummary;
  cpu: CpuUse;
  /** The requested arrival rate of an open-loop run. */
  targetRate?: number;
  /** Busy share of the machine just before the run, with the app idle: other work skewing the figures. */
  background?: number;
  /**
   * Paced runs: how late the load generator took up each request after its due time, whether or not
   * a connection was free: its own stalls (timers, its event loop, the machine), counted in the
   * latencies too.
   */
  clientLagMs?: LatencySummary;
  /**
   * Paced runs: the requests that found every connection busy with earlier answers and waited for
   * one (the app or its database held them: not the load generator's lateness), with how long they
   * waited from their due time.
   */
  queued?: { count: number; waitMs: LatencySummary };
  /** Paced runs: what the app's garbage collector did meanwhile (from its `--trace-gc-nvp` lines). */
  gc?: RunGc;
  /** Paced runs of the benchmark: the most the machine's page cache held dirty and under writeback meanwhile (`watchPageCache`). */
  pageCache?: PageCachePeak;
  /** Paced runs on PostgreSQL: the WAL the server wrote meanwhile, per answer (see `walDuring` in postgres.ts). */
  wal?: WalPerAnswer;
}

class CpuMeter {
  private readonly appStart: number;
  private readonly selfStart = process.cpuUsage();
  private readonly machineStart = machineTicks();
  private readonly started = process.hrtime.bigint();

  constructor(private readonly appPids: number[]) {
    this.appStart = appPids.reduce((n, pid) => n + cpuSecondsOf(pid), 0);
  }

  read(): CpuUse {
    const wall = Number(process.hrtime.bigint() - this.started) / 1e9;
    const app = this.appPids.reduce((n, pid) => n + cpuSecondsOf(pid), 0) - this.appStart;
    const self = process.cpuUsage(this.selfStart);
    const machine = machineTicks();
    const total = machine.total - this.machineStart.total;
    const machineBusy = total > 0 ? (machine.busy - this.machineStart.busy) / total : Number.NaN;
    const appCores = app / wall;
    const loadgenCores = (self.user + self.system) / 1e6 / wall;
    return { appCores, loadgenCores, machineBusy, restCores: Math.max(0, machineBusy * cpus().length - appCores - loadgenCores) };
  }
}

export interface ClosedLoopSpec {
  title: string;
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  duration?: number;
  amount?: number;
  requests: autocannon.Request[];
  /** Processes whose CPU use is reported. */
  appPids: number[];
  /** autocannon's own rate limit (per-connection buckets refilled once a second). */
  overallRate?: number;
}

/** One closed-loop run; `into` (when given) receives the raw 2xx latencies, for merging runs. */
export function closedLoop(spec: ClosedLoopSpec, into: number[] = []): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies = into;
    const meter = new CpuMeter(spec.appPids);
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
        ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
        requests: spec.requests,
        timeout: 60,
      },
      (err: unknown, result) => {
        if (err) return reject(err instanceof Error ? err : new Error('autocannon failed', { cause: err }));
        const cpu = meter.read();
        const seconds = result.duration;
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
        const ok = result['2xx'];
        resolve({
          title: spec.title,
          connections: spec.connections,
          seconds,
          responses: Object.values(statusCodes).reduce((n, c) => n + c, 0),
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          rate: ok / seconds,
          latencyMs: summarise(latencies),
          cpu,
          ...(spec.overallRate ? { targetRate: spec.overallRate } : {}),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/** Several closed-loop runs at once (e.g. one per app instance); the combined figures sum rates and merge latencies. */
export async function closedLoops(title: string, specs: ClosedLoopSpec[], appPids: number[]): Promise<{ combined: LoadResult; parts: LoadResult[] }> {
  const latencies = specs.map(() => [] as number[]);
  const meter = new CpuMeter(appPids);
  const parts = await Promise.all(specs.map((spec, i) => closedLoop(spec, latencies[i])));
  const cpu = meter.read();
  const statusCodes: Record<string, number> = {};
  for (const part of parts) for (const [code, n] of Object.entries(part.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sum = (f: (r: LoadResult) => number) => parts.reduce((n, r) => n + f(r), 0);
  return {
    parts,
    combined: {
      title,
      connections: sum((r) => r.connections),
      seconds: Math.max(...parts.map((r) => r.seconds)),
      responses: sum((r) => r.responses),
      ok: sum((r) => r.ok),
      non2xx: sum((r) => r.non2xx),
      errors: sum((r) => r.errors),
      timeouts: sum((r) => r.timeouts),
      statusCodes,
      rate: sum((r) => r.rate),
      latencyMs: summarise(latencies.flat()),
      cpu,
    },
  };
}

export interface PacedSpec {
  title: string;
  url: string;
  /** Arrivals per second, evenly spaced. */
  rate: number;
  seconds: number;
  /** At most this many requests in flight (keep-alive connections); more wait for a connection. */
  connections: number;
  /** The i-th request to send. */
  next: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string };
  appPids: number[];
  /** When given, each 2xx answer adds [when it was due, ms after the run's start; its latency, ms]. */
  timeline?: Array<[number, number]>;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/**
 * One keep-alive connection of the paced client, one request at a time. The request is written as
 * text and the answer read by its `Content-Length` (the service always sends one; an answer without
 * it, or with more bytes than it says, is counted as an error and the connection is dropped).
 * Node's `http.request` cost the load generator about 0.23 ms of CPU a request (session 18), a third
 * of what the app spent on it, on the same two cores; this costs a fraction of that.
 */
class PacedConnection {
  private head: Buffer | null = null;
  /** Body bytes still to come; -1 while the head is being read. */
  private remaining = -1;
  private status = 0;
  /** When the request on its way was due; null while the connection is free. */
  private current: bigint | null = null;
  readonly socket: Socket;

  constructor(
    host: string,
    port: number,
    /** A request's answer (its status), or null when it got none. */
    private readonly onAnswer: (dueAt: bigint, status: number | null) => void,
    onFree: (connection: PacedConnection) => void,
    onGone: (connection: PacedConnection) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      if (!this.read(chunk)) this.socket.destroy();
      else if (this.current === null) onFree(this);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.finish(null);
      onGone(this);
    });
  }

  send(dueAt: bigint, text: string): void {
    this.current = dueAt;
    this.head = null;
    this.remaining = -1;
    this.socket.write(text);
  }

  /** Takes a chunk of the answer; false when the bytes are not an answer this client can read. */
  private read(chunk: Buffer): boolean {
    if (this.current === null) return false;
    if (this.remaining < 0) {
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      const end = this.head.indexOf(HEADER_END);
      if (end < 0) return true;
      const head = this.head.toString('latin1', 0, end);
      const length = CONTENT_LENGTH.exec(head);
      if (!length || !head.startsWith('HTTP/1.1 ')) return false;
      this.status = Number(head.slice(9, 12));
      this.remaining = Number(length[1]) - (this.head.length - end - HEADER_END.length);
      this.head = null;
    } else this.remaining -= chunk.length;
    if (this.remaining < 0) return false;
    if (this.remaining === 0) this.finish(this.status);
    return true;
  }

  private finish(status: number | null): void {
    const dueAt = this.current;
    this.current = null;
    if (dueAt !== null) this.onAnswer(dueAt, status);
  }
}

/**
 * Open loop: request i is due at start + i / rate whatever happened to earlier ones, and its latency
 * runs from when it was due (so a stall shows up in the percentiles instead of silently lowering the
 * rate — no coordinated omission). The client's own lateness (how long after its due time it took a
 * request up, a stall of the load generator rather than of the app) is reported as `clientLagMs`;
 * requests that then waited for a connection, all of them busy with the app's earlier answers, as
 * `queued` (session 25 counted that wait as the client's lateness, and so blamed the load generator
 * for stalls of the app or its database).
 */
export function paced(spec: PacedSpec): Promise<LoadResult> {
  return new Promise((resolve) => {
    const target = new URL(spec.url);
    const host = target.hostname;
    const port = Number(target.port);
    const hostHeader = `host: ${target.host}\r\n`;
    const latencies: number[] = [];
    const lags: number[] = [];
    const queueWaits: number[] = [];
    const statusCodes: Record<string, number> = {};
    const free: PacedConnection[] = [];
    const all = new Set<PacedConnection>();
    const waiting: Array<{ i: number; dueAt: bigint }> = [];
    let errors = 0;
    let sent = 0;
    let finished = 0;
    const total = Math.max(1, Math.round(spec.rate * spec.seconds));
    const meter = new CpuMeter(spec.appPids);
    const started = process.hrtime.bigint();

    const done = () => {
      const cpu = meter.read();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const connection of all) connection.socket.destroy();
      const ok = latencies.length;
      resolve({
        title: spec.title,
        connections: spec.connections,
        seconds,
        responses: Object.values(statusCodes).reduce((n, c) => n + c, 0),
        ok,
        non2xx: Object.entries(statusCodes)
          .filter(([c]) => !c.startsWith('2'))
          .reduce((n, [, c]) => n + c, 0),
        errors,
        timeouts: 0,
        statusCodes,
        rate: ok / seconds,
        latencyMs: summarise(latencies),
        clientLagMs: summarise(lags),
        queued: { count: queueWaits.length, waitMs: summarise(queueWaits) },
        cpu,
        targetRate: spec.rate,
      });
    };

    const settle = (dueAt: bigint, status: number | null) => {
      if (status === null) errors++;
      else {
        const code = String(status);
        statusCodes[code] = (statusCodes[code] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          const latency = Number(process.hrtime.bigint() - dueAt) / 1e6;
          latencies.push(latency);
          spec.timeline?.push([Number(dueAt - started) / 1e6, latency]);
        }
      }
      if (++finished === total) done();
    };

    const write = (connection: PacedConnection, i: number, dueAt: bigint) => {
      const r = spec.next(i);
      let text = `${r.method} ${r.path} HTTP/1.1\r\n${hostHeader}`;
      for (const [name, value] of Object.entries(r.headers)) text += `${name}: ${value}\r\n`;
      text += r.body === undefined ? '\r\n' : `content-length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`;
      connection.send(dueAt, text);
    };

    // A freed connection takes the oldest waiting request; otherwise it waits, last freed first used (as Node's Agent).
    const dequeue = () => {
      const queued = waiting.shift();
      if (queued) queueWaits.push(Number(process.hrtime.bigint() - queued.dueAt) / 1e6);
      return queued;
    };
    const onFree = (connection: PacedConnection) => {
      const queued = dequeue();
      if (queued) write(connection, queued.i, queued.dueAt);
      else free.push(connection);
    };
    const opened = () => {
      const connection = new PacedConnection(host, port, settle, onFree, onGone);
      all.add(connection);
      return connection;
    };
    // A connection that closed (the server dropped it, or an answer could not be read) makes room for a new one.
    const onGone = (connection: PacedConnection) => {
      all.delete(connection);
      const at = free.indexOf(connection);
      if (at >= 0) free.splice(at, 1);
      const queued = finished < total ? dequeue() : undefined;
      if (queued) write(opened(), queued.i, queued.dueAt);
    };

    const fire = (i: number, dueAt: bigint) => {
      lags.push(Number(process.hrtime.bigint() - dueAt) / 1e6);
      const connection = free.pop() ?? (all.size < spec.connections ? opened() : undefined);
      if (connection) write(connection, i, dueAt);
      else waiting.push({ i, dueAt });
    };

    const intervalNs = 1e9 / spec.rate;
    const tick = () => {
      const elapsed = Number(process.hrtime.bigint() - started);
      const due = Math.min(total, Math.floor(elapsed / intervalNs) + 1);
      while (sent < due) {
        fire(sent, started + BigInt(Math.round(sent * intervalNs)));
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}
