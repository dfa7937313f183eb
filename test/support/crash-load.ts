import { DIGIGREEN_WALK, newPlan, type WalkStep } from './factories';

/**
 * Load for the crash-safety suite: lanes of plans walked through digigreen-planning over real HTTP,
 * each answer that came back 2xx written down in a ledger, so that after a crash every
 * acknowledged request can be looked for in the database.
 */

export type AckKind = 'create' | 'event' | 'prepare';

/** One request that got a 2xx: the service promised it is stored. */
export interface Ack {
  kind: AckKind;
  planId: string;
  /** The event type sent, PLAN_CREATED for a create, the audit type (CRITERIA_REPLACED) for a prepare call. */
  type: string;
  /** The plan version the answer reported (create and event); prepare answers carry none. */
  version?: number;
  /** The stage the answer reported. */
  stage?: string;
  /** Which kill point's load it belongs to. */
  cycle: number;
}

/** A request that got no answer: it may or may not have been stored. */
export interface Unanswered {
  /** Null for a create: its plan id was never learnt. */
  planId: string | null;
  /** The audit event type it would have recorded. */
  type: string;
  cycle: number;
}

/** Where one lane is: its plan and the index of the next walk step to send. */
export interface LaneState {
  planId: string | null;
  next: number;
  finishedPlans: number;
}

export interface LoadStats {
  sent: number;
  acked: number;
  /** Requests that got no complete HTTP answer (cut off by the kill, or refused while the service was down). */
  unanswered: number;
  /** 409 answers to the deliberate duplicate copies of a step. */
  duplicateConflicts: number;
}

export type Token = (role: WalkStep['by']) => string;

/** The audit event type a walk step's preparation call records (PUT /criteria). */
export const PREPARE_AUDIT_TYPE: Record<string, string> = { '/criteria': 'CRITERIA_REPLACED' };

export const WALK = DIGIGREEN_WALK;
export const FINAL_STAGE = WALK[WALK.length - 1].stage;

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** A deterministic pseudo-random source (mulberry32), so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LoadOptions {
  baseUrl: string;
  token: Token;
  lanes: LaneState[];
  ledger: Ack[];
  /** Requests that got no complete answer, for telling a stored-but-unanswered event from one nobody asked for. */
  unanswered: Unanswered[];
  stats: LoadStats;
  cycle: number;
  random: () => number;
  /** Share of steps sent as two concurrent copies (one wins, the other usually gets 409). */
  duplicateShare?: number;
  /** When false a lane stops after its current plan instead of starting a new one. */
  createPlans?: boolean;
}

/**
 * Runs every lane until stop() is called (or, with createPlans false, until each lane's plan is
 * done). A request that gets no answer ends its lane quietly — the service is gone; any other
 * surprise (a 5xx, a refused single request) is collected in `unexpected`.
 */
export class Load {
  private stopped = false;
  private inFlightCount = 0;
  readonly unexpected: string[] = [];
  private readonly done: Promise<void>;
  private ackWaiters: Array<{ atLeast: number; resolve: () => void }> = [];
  private ackedThisRun = 0;

  constructor(private readonly o: LoadOptions) {
    this.done = Promise.all(o.lanes.map((lane, i) => this.runLane(lane, i))).then(() => undefined);
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  get acked(): number {
    return this.ackedThisRun;
  }

  /** Resolves once this run has collected `count` acknowledgements (or its lanes have all ended). */
  acksReached(count: number): Promise<void> {
    if (this.ackedThisRun >= count) return Promise.resolve();
    return new Promise((resolve) => {
      this.ackWaiters.push({ atLeast: count, resolve });
      void this.done.then(resolve);
    });
  }

  /** No new requests from now on; those already sent run to their end. */
  stop(): void {
    this.stopped = true;
  }

  /** Every lane has ended. */
  finished(): Promise<void> {
    return this.done;
  }

  private ack(entry: Omit<Ack, 'cycle'>): void {
    this.o.ledger.push({ ...entry, cycle: this.o.cycle });
    this.o.stats.acked += 1;
    this.ackedThisRun += 1;
    this.ackWaiters = this.ackWaiters.filter((w) => {
      if (this.ackedThisRun < w.atLeast) return true;
      w.resolve();
      return false;
    });
  }

  private async call(method: string, path: string, role: WalkStep['by'], body: unknown, what: Omit<Unanswered, 'cycle'>): Promise<Answer | null> {
    this.o.stats.sent += 1;
    this.inFlightCount += 1;
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.o.token(role)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      // Reading the whole body is part of the answer: a response cut off mid-body is no acknowledgement.
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    } catch {
      this.o.stats.unanswered += 1;
      this.o.unanswered.push({ ...what, cycle: this.o.cycle });
      return null;
    } finally {
      this.inFlightCount -= 1;
    }
  }

  private surprise(lane: number, what: string, answer: Answer): void {
    this.unexpected.push(`cycle ${this.o.cycle}, lane ${lane}: ${what} got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }

  private async runLane(lane: LaneState, index: number): Promise<void> {
    while (!this.stopped) {
      if (lane.planId === null || lane.next >= WALK.length) {
        if (lane.planId !== null) {
          lane.finishedPlans += 1;
          lane.planId = null;
        }
        if (this.o.createPlans === false) return;
        const answer = await this.call('POST', '/procurements', 'officer', newPlan({ title: `Crash lane ${index} plan ${lane.finishedPlans + 1}` }), {
          planId: null,
          type: 'PLAN_CREATED',
        });
        if (!answer) return;
        if (answer.status !== 201 || typeof answer.body?.id !== 'string') return this.surprise(index, 'POST /procurements', answer);
        const body = answer.body as { id: string; version: number; stage: string };
        this.ack({ kind: 'create', planId: body.id, type: 'PLAN_CREATED', version: body.version, stage: body.stage });
        lane.planId = body.id;
        lane.next = 0;
        continue;
      }
      const planId = lane.planId;
      const step = WALK[lane.next];
      for (const p of step.prepare ?? []) {
        if (this.stopped) return;
        const type = PREPARE_AUDIT_TYPE[p.path] ?? p.path;
        const answer = await this.call(p.method.toUpperCase(), `/procurements/${planId}${p.path}`, step.by, p.body, { planId, type });
        if (!answer) return;
        if (answer.status !== 200) return this.surprise(index, `${p.method.toUpperCase()} ${p.path}`, answer);
        this.ack({ kind: 'prepare', planId, type });
      }
      if (this.stopped) return;
      const copies = this.o.random() < (this.o.duplicateShare ?? 0.2) ? 2 : 1;
      const answers = await Promise.all(
        Array.from({ length: copies }, () =>
          this.call('POST', `/procurements/${planId}/events`, step.by, step.event, { planId, type: String(step.event.type) }),
        ),
      );
      let won = false;
      let cutOff = false;
      for (const answer of answers) {
        if (!answer) {
          cutOff = true;
        } else if (answer.status === 200) {
          const body = answer.body as { version: number; stage: string };
          this.ack({ kind: 'event', planId, type: String(step.event.type), version: body.version, stage: body.stage });
          won = true;
        } else if (answer.status === 409 && copies > 1) {
          this.o.stats.duplicateConflicts += 1;
        } else {
          this.surprise(index, `${String(step.event.type)} (${copies} ${copies > 1 ? 'copies' : 'copy'})`, answer);
        }
      }
      if (cutOff && !won) return;
      if (!won) return this.surprise(index, `${String(step.event.type)}: no copy won`, answers.find((a) => a) as Answer);
      lane.next += 1;
    }
  }
}

/** Where a plan stands in the walk, from the event types of its audit trail: the step after the last one recorded. */
export function nextStepFrom(auditTypes: string[]): number {
  const recorded = new Set(auditTypes);
  let next = 0;
  WALK.forEach((step, i) => {
    if (recorded.has(String(step.event.type))) next = i + 1;
  });
  return next;
}
