import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CompactSign, compactVerify } from 'jose';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { UnprocessableError } from '../common/errors';
import { sql } from '../common/sql';
import { AuditKeys } from '../engine/audit-keys';
import { ProcurementPlanEntity } from '../engine/procurement-plan.entity';

/** `[plan id, chain length, head hash]` of one plan at the checkpoint. */
type Head = [string, number, string];

interface CheckpointPayload {
  iss: string;
  iat: number;
  time: string;
  plans: number;
  root: string;
  heads: Head[];
}

export const CHECKPOINT_TYPE = 'audit-checkpoint+jws';
const ISSUER = 'procurement-planning-engine';
/** Rows compared per query when verifying (two parameters each). */
const BATCH = 400;

/** SHA-256 over every head, one line each, in plan id order: what the signature vouches for. */
function rootOf(heads: readonly Head[]): string {
  const hash = createHash('sha256');
  for (const [id, seq, head] of heads) hash.update(`${id} ${seq} ${head}\n`);
  return hash.digest('hex');
}

function isHead(value: unknown): value is Head {
  return Array.isArray(value) && value.length === 3 && typeof value[0] === 'string' && Number.isInteger(value[1]) && typeof value[2] === 'string';
}

/**
 * Signed checkpoints of every plan's trail. An operator keeps them outside the database; verifying an
 * earlier one later names every plan whose history no longer extends it, which catches what a chain
 * alone cannot: a trail cut back together with its plan row to an earlier, self-consistent state.
 */
@Injectable()
export class AuditCheckpointService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: AuditKeys,
    private readonly clock: Clock,
  ) {}

  async create() {
    const rows = await this.dataSource
      .getRepository(ProcurementPlanEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.auditSeq', 'p.auditHeadHash'])
      .orderBy('p.id', 'ASC')
      .getMany();
    const heads: Head[] = rows.map((p) => [p.id, p.auditSeq, p.auditHeadHash]);
    const now = this.clock.now();
    const payload: CheckpointPayload = {
      iss: ISSUER,
      iat: Math.floor(now.getTime() / 1000),
      time: now.toISOString(),
      plans: heads.length,
      root: rootOf(heads),
      heads,
    };
    const checkpoint = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', typ: CHECKPOINT_TYPE })
      .sign(this.keys.signingKey);
    return { time: payload.time, plans: payload.plans, root: payload.root, checkpoint };
  }

  async verify(checkpoint: string) {
    const payload = await this.open(checkpoint);
    const changed: Array<{ planId: string; reason: string }> = [];
    for (let i = 0; i < payload.heads.length; i += BATCH) {
      changed.push(...(await this.compare(payload.heads.slice(i, i + BATCH))));
    }
    return { time: payload.time, plans: payload.plans, root: payload.root, intact: changed.length === 0, changed };
  }

  /** The checkpoint's content, once its signature and root hold; a forged or altered one is refused. */
  private async open(checkpoint: string): Promise<CheckpointPayload> {
    let bytes: Uint8Array;
    try {
      const verified = await compactVerify(checkpoint, this.keys.verifyingKey, { algorithms: ['EdDSA'] });
      if (verified.protectedHeader.typ !== CHECKPOINT_TYPE) throw new Error('not a checkpoint');
      bytes = verified.payload;
    } catch {
      throw new UnprocessableError('checkpoint.signatureInvalid');
    }
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as CheckpointPayload;
    if (payload.iss !== ISSUER || !Array.isArray(payload.heads) || !payload.heads.every(isHead) || rootOf(payload.heads) !== payload.root) {
      throw new UnprocessableError('checkpoint.rootMismatch');
    }
    return payload;
  }

  /** Each plan must still exist, be at least as long, and hold at the checkpoint's length the event it named. */
  private async compare(heads: readonly Head[]): Promise<Array<{ planId: string; reason: string }>> {
    const manager = this.dataSource.manager;
    const ids = heads.map(([id]) => id);
    const plans = await manager.find(ProcurementPlanEntity, { where: { id: In(ids) }, select: { id: true, auditSeq: true } });
    const lengths = new Map(plans.map((p) => [p.id, p.auditSeq]));
    const pairs = heads.map(() => '(plan_id = ? AND seq = ?)').join(' OR ');
    const events: Array<{ plan_id: string; seq: number; hash: string }> = await manager.query(
      sql(manager, `SELECT plan_id, seq, hash FROM audit_events WHERE ${pairs}`),
      heads.flatMap(([id, seq]) => [id, seq]),
    );
    const hashes = new Map(events.map((e) => [`${e.plan_id}/${Number(e.seq)}`, e.hash]));
    const changed: Array<{ planId: string; reason: string }> = [];
    for (const [planId, seq, head] of heads) {
      const length = lengths.get(planId);
      if (length === undefined) changed.push({ planId, reason: 'The plan has been deleted since the checkpoint.' });
      else if (length < seq) changed.push({ planId, reason: `The plan's trail has ${length} events; at the checkpoint it had ${seq}: it was cut back.` });
      else if (hashes.get(`${planId}/${seq}`) !== head)
        changed.push({ planId, reason: `Event ${seq} is no longer the one the checkpoint recorded: the history was rewritten.` });
    }
    return changed;
  }
}
