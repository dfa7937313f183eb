import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Actor } from '../../workflows/common/types';
import { RowInsert } from '../database/bulk-insert';
import { inferContractType } from '../thresholds/thresholds';
import { ProcurementPlanEntity } from './procurement-plan.entity';
import { AuditEventEntity } from './audit-event.entity';
import { AuditKeys, canonicalJson } from './audit-keys';

export const GENESIS_HASH = '0'.repeat(64);

/** A stored record an event wrote, with the keyed digest of its row as committed; null when the event deleted it. */
export interface RecordDigest {
  kind: string;
  id: string;
  digest: string | null;
}

export interface AuditEntry {
  planId: string;
  seq: number;
  type: string;
  actor: Actor;
  fromStage: string | null;
  toStage: string;
  planVersion: number;
  payload: unknown;
  occurredAt: Date;
  prevHash: string;
  records?: RecordDigest[];
  /** `AuditLogService.stateDigest()` of the plan after this event. */
  stateDigest: string;
}

export interface ChainProblem {
  seq: number;
  reason: string;
}

export interface ChainVerification {
  intact: boolean;
  events: number;
  headHash: string;
  /** The first problem found (the earliest event it concerns). */
  brokenAt?: ChainProblem;
  /** Every problem found, earliest first. */
  problems?: ChainProblem[];
}

/**
 * A table whose rows the trail vouches for: every row is written by an event that carries its
 * digest, so verification reports a row edited, deleted or added behind the service's back.
 */
export interface AuditedKind<T extends ObjectLiteral = ObjectLiteral> {
  kind: string;
  /** What a person calls one row, for the verification report ("supplier response"). */
  label: string;
  entity: EntityTarget<T>;
  /** The column that names the chain a row belongs to. */
  chain: 'plan' | 'organisation';
  idOf: (row: T) => string;
}

/** The plan's own fields that the trail vouches for; the rest of its row is derived (projections, timers). */
function planState(plan: ProcurementPlanEntity): Record<string, unknown> {
  return {
    id: plan.id,
    ocid: plan.ocid,
    title: plan.title,
    description: plan.description,
    cpvCode: plan.cpvCode,
    budgetAmount: Math.round(Number(plan.budgetAmount) * 100) / 100,
    budgetCurrency: plan.budgetCurrency,
    rationale: plan.rationale,
    organisationId: plan.organisationId,
    ownerId: plan.ownerId,
    ownerName: plan.ownerName,
    workflowId: plan.workflowId,
    workflowVersion: plan.workflowVersion,
    stage: plan.stage,
    // As the column stores it (JSON text, read back and written again unchanged): no key sorting needed.
    snapshot: JSON.stringify(plan.snapshot),
    version: plan.version,
    // Added after plans existed (issue 13): vouched for when they differ from what the migration gave
    // every earlier plan, so the chains written before still verify.
    ...(plan.contractType !== inferContractType(plan.cpvCode) ? { contractType: plan.contractType } : {}),
    ...(plan.teamMembers.length > 0 ? { teamMembers: plan.teamMembers } : {}),
  };
}

/** A chain's events, each carrying its records; shared by plans' and organisations' trails. */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
  records: string;
}

/**
 * The append-only, hash-chained history of each plan. Every hash is an HMAC under AUDIT_KEY, which
 * lives outside the database: whoever can write the tables cannot recompute a chain that verifies.
 */
@Injectable()
export class AuditLogService {
  private readonly kinds = new Map<string, AuditedKind>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: AuditKeys,
  ) {}

  /** Feature modules name the tables whose rows the trail vouches for (at module init). */
  register<T extends ObjectLiteral>(kind: AuditedKind<T>): void {
    this.kinds.set(kind.kind, kind as unknown as AuditedKind);
  }

  /** Every stored field takes part in the hash, so changing any of them breaks the chain. */
  hashOf(e: Omit<AuditEventEntity, 'id' | 'hash'>): string {
    return this.keys.mac(
      canonicalJson([
        e.planId,
        e.seq,
        e.type,
        e.actorId,
        e.actorName,
        e.actorRole,
        e.fromStage,
        e.toStage,
        e.planVersion,
        e.payload,
        e.records,
        e.stateDigest,
        e.occurredAt.toISOString(),
        e.prevHash,
      ]),
    );
  }

  /** The keyed digest of a plan's own state, which its last event must carry. */
  stateDigest(plan: ProcurementPlanEntity): string {
    return this.keys.digest(planState(plan));
  }

  /** The next line of the chain, hashed; `insert` stores it in the caller's transaction. */
  build(entry: AuditEntry): AuditEventEntity {
    const row = Object.assign(new AuditEventEntity(), {
      planId: entry.planId,
      seq: entry.seq,
      type: entry.type,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      actorRole: entry.actor.role,
      fromStage: entry.fromStage,
      toStage: entry.toStage,
      planVersion: entry.planVersion,
      payload: JSON.stringify(entry.payload ?? {}),
      records: JSON.stringify(entry.records ?? []),
      stateDigest: entry.stateDigest,
      occurredAt: entry.occurredAt,
      prevHash: entry.prevHash,
    });
    row.hash = this.hashOf(row);
    return row;
  }

  private rowInsert?: RowInsert<AuditEventEntity>;

  /** Stores a built line as plain SQL written once (issue 16); the row's generated id is not read back. */
  async insert(manager: EntityManager, row: AuditEventEntity): Promise<void> {
    await (this.rowInsert ??= new RowInsert(manager.connection, AuditEventEntity)).insert(manager, row);
  }

  /**
   * Digests of rows as the database now holds them (read back inside the caller's transaction, so
   * the digest is of exactly what verification will read later, after every column conversion).
   */
  async digestsOf<T extends ObjectLiteral>(manager: EntityManager, kind: string, rows: readonly T[]): Promise<RecordDigest[]> {
    if (rows.length === 0) return [];
    const audited = this.audited(kind);
    const metadata = manager.connection.getMetadata(audited.entity);
    // One read for all rows (meeting offers come by the dozen); a where-list is an OR of their keys.
    const stored = new Map(
      (await manager.find(audited.entity, { where: rows.map((row) => metadata.getEntityIdMap(row)!) })).map((row) => [audited.idOf(row), row]),
    );
    return rows.map((row) => {
      const found = stored.get(audited.idOf(row));
      if (!found) throw new Error(`${audited.label} ${audited.idOf(row)} was not stored`);
      return { kind, id: audited.idOf(found), digest: this.rowDigest(manager, audited, found) };
    });
  }

  /**
   * Digests of rows built in memory and not yet written (the seeder inserts in bulk): only for rows
   * whose values are exactly what the database will return (whole numbers, millisecond times).
   */
  digestsOfUnsaved<T extends ObjectLiteral>(kind: string, rows: readonly T[]): RecordDigest[] {
    const audited = this.audited(kind);
    return rows.map((row) => ({ kind, id: audited.idOf(row), digest: this.rowDigest(this.dataSource.manager, audited, row) }));
  }

  /** Records of rows an event deleted. */
  deleted<T extends ObjectLiteral>(kind: string, rows: readonly T[]): RecordDigest[] {
    const audited = this.audited(kind);
    return rows.map((row) => ({ kind, id: audited.idOf(row), digest: null }));
  }

  page(planId: string, afterSeq: number, limit: number): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({
      where: { planId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: limit,
    });
  }

  /**
   * Recomputes the plan's chain from its first event, compares its end with the plan row (count,
   * head, stage and the state digest of the last event), and checks every row the trail vouches for.
   */
  async verify(plan: ProcurementPlanEntity): Promise<ChainVerification> {
    const manager = this.dataSource.manager;
    const events = await manager.find(AuditEventEntity, { where: { planId: plan.id }, order: { seq: 'ASC' } });
    const walked = walkChain(events, (e) => this.hashOf(e));
    const problems = [...walked.problems];
    if (walked.problems.length === 0) {
      const last = events.at(-1);
      if (events.length !== plan.auditSeq || walked.head !== plan.auditHeadHash) {
        problems.push({
          seq: events.length + 1,
          reason: `The plan records ${plan.auditSeq} events ending in ${plan.auditHeadHash}, but the trail has ${events.length} ending in ${walked.head}: events were removed or added.`,
        });
      } else if (last && last.toStage !== plan.stage) {
        problems.push({
          seq: last.seq,
          reason: `The plan is in stage ${plan.stage}, but its last event left it in ${last.toStage}: the stage was changed outside the workflow.`,
        });
      } else if (last && (last.planVersion !== plan.version || last.stateDigest !== this.stateDigest(plan))) {
        problems.push({ seq: last.seq, reason: 'The plan (its details, stage, machine state or version) was changed after its last event recorded it.' });
      }
    }
    problems.push(...(await this.checkRecords(manager, 'plan', plan.id, events)));
    return report(events.length, walked.head, problems);
  }

  /** Each row the trail vouches for must be what the latest event that wrote it recorded, and nothing more. */
  async checkRecords(manager: EntityManager, chain: AuditedKind['chain'], chainId: string, events: readonly ChainLink[]): Promise<ChainProblem[]> {
    const latest = new Map<string, { digest: string | null; seq: number }>();
    for (const event of events) {
      for (const record of parseRecords(event.records)) latest.set(`${record.kind}/${record.id}`, { digest: record.digest, seq: event.seq });
    }
    const problems: ChainProblem[] = [];
    const seen = new Set<string>();
    const after = events.length;
    for (const audited of [...this.kinds.values()].filter((k) => k.chain === chain)) {
      const column = chain === 'plan' ? 'planId' : 'organisationId';
      const rows = await manager.find(audited.entity, { where: { [column]: chainId } });
      for (const row of rows) {
        const key = `${audited.kind}/${audited.idOf(row)}`;
        seen.add(key);
        const recorded = latest.get(key);
        if (!recorded || recorded.digest === null) {
          problems.push({
            seq: recorded?.seq ?? after,
            reason: `The ${audited.label} ${audited.idOf(row)} is stored, but no event of the trail wrote it: it was added outside the service.`,
          });
        } else if (this.rowDigest(manager, audited, row) !== recorded.digest) {
          problems.push({ seq: recorded.seq, reason: `The ${audited.label} ${audited.idOf(row)} was changed after event ${recorded.seq} recorded it.` });
        }
      }
    }
    for (const [key, recorded] of latest) {
      if (recorded.digest !== null && !seen.has(key) && this.kinds.get(key.split('/')[0])?.chain === chain) {
        const [kind, id] = key.split('/');
        problems.push({ seq: recorded.seq, reason: `The ${this.kinds.get(kind)!.label} ${id} that event ${recorded.seq} recorded has been deleted.` });
      }
    }
    return problems;
  }

  private rowDigest(manager: EntityManager, audited: AuditedKind, row: ObjectLiteral): string {
    const metadata = manager.connection.getMetadata(audited.entity);
    return this.keys.digest(Object.fromEntries(metadata.columns.map((c) => [c.databaseName, c.getEntityValue(row) as unknown])));
  }

  private audited(kind: string): AuditedKind {
    const audited = this.kinds.get(kind);
    if (!audited) throw new Error(`No audited record kind "${kind}" is registered`);
    return audited;
  }
}

function parseRecords(text: string): RecordDigest[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as RecordDigest[]) : [];
  } catch {
    return [];
  }
}

/** Checks sequence, links and hashes from the first event; names every link that does not hold (first one first). */
export function walkChain<E extends ChainLink>(events: readonly E[], hashOf: (e: E) => string): { head: string; problems: ChainProblem[] } {
  let prev = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expectedSeq = index + 1;
    if (event.seq !== expectedSeq)
      return { head: prev, problems: [{ seq: event.seq, reason: `Event ${expectedSeq} is missing: the sequence jumps to ${event.seq}.` }] };
    if (event.prevHash !== prev) return { head: prev, problems: [{ seq: event.seq, reason: 'The event does not point to the hash of the event before it.' }] };
    if (hashOf(event) !== event.hash) {
      return { head: prev, problems: [{ seq: event.seq, reason: 'The event was changed after it was recorded: its hash does not match its content.' }] };
    }
    prev = event.hash;
  }
  return { head: prev, problems: [] };
}

export function report(events: number, headHash: string, problems: ChainProblem[]): ChainVerification {
  if (problems.length === 0) return { intact: true, events, headHash };
  const sorted = [...problems].sort((a, b) => a.seq - b.seq);
  return { intact: false, events, headHash, brokenAt: sorted[0], problems: sorted };
}
