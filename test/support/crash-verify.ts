import Database from 'better-sqlite3';
import { Client } from 'pg';
import { PREPARE_AUDIT_TYPE, type Ack, type Unanswered } from './crash-load';
import { AWARD_CRITERIA } from './factories';
import type { TestDatabase } from './test-database';

/**
 * Reads what a crashed-and-restarted service left in its database, with the test's own connection
 * (better-sqlite3 or pg, not the app's code), and lists every way it disagrees with what the
 * service acknowledged or with itself.
 */

export interface PlanRow {
  id: string;
  stage: string;
  snapshot: string;
  version: number;
  /** The chain's length: workflow events move `version` too, records for the trail only do not. */
  auditSeq: number;
  auditHeadHash: string;
}

export interface AuditRow {
  planId: string;
  seq: number;
  type: string;
  fromStage: string | null;
  toStage: string;
  planVersion: number;
  prevHash: string;
  hash: string;
}

export interface StoredState {
  plans: PlanRow[];
  /** Each plan's audit events in seq order. */
  events: Map<string, AuditRow[]>;
  /** Criteria rows per plan. */
  criteria: Map<string, number>;
  timers: number;
}

/** The prev_hash of a plan's first audit event (GENESIS_HASH in src/engine/audit-log.service.ts). */
const GENESIS_HASH = '0'.repeat(64);

const PLANS_SQL = 'SELECT id, stage, snapshot, version, audit_seq AS "auditSeq", audit_head_hash AS "auditHeadHash" FROM procurement_plans';
const EVENTS_SQL = `SELECT plan_id AS "planId", seq, type, from_stage AS "fromStage", to_stage AS "toStage",
  plan_version AS "planVersion", prev_hash AS "prevHash", hash FROM audit_events ORDER BY plan_id, seq, id`;
const CRITERIA_SQL = 'SELECT plan_id AS "planId", COUNT(*) AS n FROM criteria GROUP BY plan_id';
const TIMERS_SQL = 'SELECT COUNT(*) AS n FROM timers';

async function query(
  database: TestDatabase,
): Promise<{ plans: PlanRow[]; events: AuditRow[]; criteria: Array<{ planId: string; n: number | string }>; timers: number | string }> {
  if (database.driver === 'sqlite') {
    // A connection of our own, opened after the restart and closed before the load goes on.
    const db = new Database(database.env.SQLITE_PATH, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      // One read transaction: a consistent picture even if something wrote meanwhile.
      return db.transaction(() => ({
        plans: db.prepare(PLANS_SQL).all() as PlanRow[],
        events: db.prepare(EVENTS_SQL).all() as AuditRow[],
        criteria: db.prepare(CRITERIA_SQL).all() as Array<{ planId: string; n: number }>,
        timers: (db.prepare(TIMERS_SQL).get() as { n: number }).n,
      }))();
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: database.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const plans = (await client.query<PlanRow>(PLANS_SQL)).rows;
    const events = (await client.query<AuditRow>(EVENTS_SQL)).rows;
    const criteria = (await client.query<{ planId: string; n: string }>(CRITERIA_SQL)).rows;
    const timers = (await client.query<{ n: string }>(TIMERS_SQL)).rows[0].n;
    await client.query('COMMIT');
    return { plans, events, criteria, timers };
  } finally {
    await client.end();
  }
}

export async function readStoredState(database: TestDatabase): Promise<StoredState> {
  const raw = await query(database);
  const events = new Map<string, AuditRow[]>();
  for (const e of raw.events) {
    const row = { ...e, seq: Number(e.seq), planVersion: Number(e.planVersion) };
    const list = events.get(row.planId) ?? [];
    list.push(row);
    events.set(row.planId, list);
  }
  return {
    plans: raw.plans.map((p) => ({ ...p, version: Number(p.version), auditSeq: Number(p.auditSeq) })),
    events,
    criteria: new Map(raw.criteria.map((c) => [c.planId, Number(c.n)])),
    timers: Number(raw.timers),
  };
}

/** (1) Every acknowledged request is stored: its plan, its version and its audit event with the type sent. */
export function missingAcknowledged(state: StoredState, ledger: Ack[]): string[] {
  const problems: string[] = [];
  const plans = new Map(state.plans.map((p) => [p.id, p]));
  const claimed = new Map<string, Ack>();
  const preparesAcked = new Map<string, number>();
  for (const ack of ledger) {
    const where = `cycle ${ack.cycle} ${ack.kind} ${ack.type} on ${ack.planId}${ack.version === undefined ? '' : ` v${ack.version}`}`;
    const plan = plans.get(ack.planId);
    if (!plan) {
      problems.push(`${where}: acknowledged, but the plan is not stored`);
      continue;
    }
    const trail = state.events.get(ack.planId) ?? [];
    if (ack.kind === 'prepare') {
      const key = `${ack.planId}/${ack.type}`;
      preparesAcked.set(key, (preparesAcked.get(key) ?? 0) + 1);
      continue;
    }
    const version = ack.version ?? NaN;
    if (!(plan.version >= version)) problems.push(`${where}: the plan is stored at version ${plan.version}, below the acknowledged ${version}`);
    if (plan.version === version && ack.stage !== undefined && plan.stage !== ack.stage) {
      problems.push(`${where}: the plan is still at the acknowledged version but in stage ${plan.stage}, the answer said ${ack.stage}`);
    }
    // The event that moved the plan to this version: the first one recorded at it.
    const event = trail.find((e) => e.planVersion === version);
    if (!event) {
      problems.push(`${where}: acknowledged, but audit event ${version} is missing`);
    } else {
      if (event.type !== ack.type) problems.push(`${where}: audit event ${version} is ${event.type}, not the acknowledged ${ack.type}`);
      if (ack.stage !== undefined && event.toStage !== ack.stage) {
        problems.push(`${where}: audit event ${version} leads to ${event.toStage}, the answer said ${ack.stage}`);
      }
    }
    // Two acknowledgements of one version would mean one of them was overwritten.
    const key = `${ack.planId}@${version}`;
    const earlier = claimed.get(key);
    if (earlier) problems.push(`${where}: version ${version} was already acknowledged to ${earlier.type} in cycle ${earlier.cycle}`);
    claimed.set(key, ack);
  }
  for (const [key, count] of preparesAcked) {
    const [planId, type] = key.split('/');
    const stored = (state.events.get(planId) ?? []).filter((e) => e.type === type).length;
    if (stored < count) problems.push(`${planId}: ${count} ${type} calls were acknowledged, the trail has ${stored}`);
  }
  return problems;
}

/**
 * (1b) Nothing stored that was refused or never sent: every audit event is either one an answer
 * acknowledged (by plan and version, or a prepare call by type) or one a request that never got
 * its answer would have written — so a 409 or a 4xx left nothing behind.
 */
export function unexplainedEvents(state: StoredState, ledger: Ack[], unanswered: Unanswered[]): string[] {
  const problems: string[] = [];
  const claimed = new Set<string>();
  const budget = new Map<string, number>();
  const spend = (key: string) => {
    const left = budget.get(key) ?? 0;
    if (left > 0) budget.set(key, left - 1);
    return left > 0;
  };
  for (const ack of ledger) {
    if (ack.kind === 'prepare') budget.set(`${ack.planId}/${ack.type}`, (budget.get(`${ack.planId}/${ack.type}`) ?? 0) + 1);
    else claimed.add(`${ack.planId}@${ack.version}`);
  }
  for (const u of unanswered) {
    const key = `${u.planId ?? '*'}/${u.type}`;
    budget.set(key, (budget.get(key) ?? 0) + 1);
  }
  for (const plan of state.plans) {
    let version = 0;
    for (const e of state.events.get(plan.id) ?? []) {
      const movedVersion = e.planVersion !== version;
      version = e.planVersion;
      if (movedVersion && claimed.has(`${plan.id}@${e.planVersion}`)) continue;
      const key = e.seq === 1 ? `*/${e.type}` : `${plan.id}/${e.type}`;
      if (!spend(key)) problems.push(`plan ${plan.id}: audit event ${e.seq} (${e.type}) answers no acknowledged or unanswered request`);
    }
  }
  return problems;
}

/** (2) Nothing half-written: for every plan, the stage column, the snapshot, the version and the audit trail agree. */
export function inconsistencies(state: StoredState): string[] {
  const problems: string[] = [];
  const planIds = new Set(state.plans.map((p) => p.id));
  const criteriaPerSet = AWARD_CRITERIA.criteria.length;
  for (const plan of state.plans) {
    const at = `plan ${plan.id} (stage ${plan.stage}, version ${plan.version})`;
    let snapshot: { value?: unknown; status?: unknown; context?: unknown };
    try {
      snapshot = JSON.parse(plan.snapshot) as typeof snapshot;
    } catch {
      problems.push(`${at}: the snapshot is not JSON: ${plan.snapshot.slice(0, 80)}`);
      continue;
    }
    if (snapshot.value !== plan.stage) problems.push(`${at}: the snapshot is in ${String(snapshot.value)}`);
    if (snapshot.status !== 'active' && snapshot.status !== 'done') problems.push(`${at}: the snapshot status is ${String(snapshot.status)}`);
    if (typeof snapshot.context !== 'object' || snapshot.context === null) problems.push(`${at}: the snapshot has no context`);

    const trail = state.events.get(plan.id) ?? [];
    if (trail.length !== plan.auditSeq) problems.push(`${at}: ${trail.length} audit events, the plan counts ${plan.auditSeq}`);
    const maxSeq = trail.reduce((m, e) => Math.max(m, e.seq), 0);
    if (maxSeq !== plan.auditSeq) problems.push(`${at}: the highest audit seq is ${maxSeq}`);
    const lastVersion = trail.at(-1)?.planVersion;
    if (lastVersion !== undefined && lastVersion !== plan.version) problems.push(`${at}: the last audit event is at plan version ${lastVersion}`);
    let prevHash = GENESIS_HASH;
    let prevStage: string | null = null;
    let prevVersion = 0;
    trail.forEach((e, i) => {
      const line = `${at}, audit event #${i + 1} (seq ${e.seq}, ${e.type})`;
      if (e.seq !== i + 1) problems.push(`${line}: expected seq ${i + 1}`);
      // A workflow event moves the version by one; a record for the trail only leaves it.
      if (e.planVersion !== prevVersion && e.planVersion !== prevVersion + 1) problems.push(`${line}: plan_version ${e.planVersion} after ${prevVersion}`);
      prevVersion = e.planVersion;
      if (e.prevHash !== prevHash) problems.push(`${line}: prev_hash does not point at the event before`);
      if (e.fromStage !== prevStage) problems.push(`${line}: from_stage ${String(e.fromStage)} but the event before ends in ${String(prevStage)}`);
      if (i === 0 && e.type !== 'PLAN_CREATED') problems.push(`${line}: the first event is not PLAN_CREATED`);
      prevHash = e.hash;
      prevStage = e.toStage;
    });
    const last = trail[trail.length - 1];
    if (last && last.toStage !== plan.stage) problems.push(`${at}: the last audit event leads to ${last.toStage}`);
    if (last && plan.auditHeadHash !== last.hash) problems.push(`${at}: audit_head_hash is not the last event's hash`);

    // A criteria replacement writes its rows and its audit event in one transaction: both or neither.
    const replaced = trail.some((e) => e.type === PREPARE_AUDIT_TYPE['/criteria']);
    const rows = state.criteria.get(plan.id) ?? 0;
    if (rows !== (replaced ? criteriaPerSet : 0)) {
      problems.push(`${at}: ${rows} criteria rows, with${replaced ? '' : 'out'} a CRITERIA_REPLACED audit event`);
    }
  }
  for (const planId of state.events.keys()) {
    if (!planIds.has(planId)) problems.push(`audit events for plan ${planId}, which is not stored`);
  }
  for (const planId of state.criteria.keys()) {
    if (!planIds.has(planId)) problems.push(`criteria rows for plan ${planId}, which is not stored`);
  }
  return problems;
}

/** (3) GET /procurements/:id/history/verify for every stored plan, a few at a time. */
export async function brokenChains(baseUrl: string, token: string, state: StoredState, parallel = 6): Promise<string[]> {
  const problems: string[] = [];
  const queue = [...state.plans];
  const worker = async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      const res = await fetch(`${baseUrl}/procurements/${plan.id}/history/verify`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json()) as { intact?: boolean; events?: number; headHash?: string; brokenAt?: unknown };
      if (res.status !== 200 || body.intact !== true || body.events !== plan.auditSeq || body.headHash !== plan.auditHeadHash) {
        problems.push(`plan ${plan.id} (version ${plan.version}): verify answered ${res.status} ${JSON.stringify(body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return problems;
}

export function totalEvents(state: StoredState): number {
  let n = 0;
  for (const trail of state.events.values()) n += trail.length;
  return n;
}
