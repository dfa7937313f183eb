import type { PlanContext } from './context';
import { restore, stageOf, type StoredSnapshot } from './inspect';
import type { WorkflowDefinition } from './types';

/** One operation of an RFC 6902 JSON Patch: how a plan's context changes when it moves. */
export type JsonPatchOperation = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

/** Where a plan in a stage of the old version goes, or why it cannot go (a code of the migration's `reasons`). */
export type StageMapping = { stage: string } | { unmapped: string };

/** Why a plan cannot move: a code of the migration's own `reasons`, or one of MOVE_REFUSALS. */
export interface MoveRefusal {
  code: string;
  params: Record<string, string>;
}

/** Refusals of any migration whose result the target version does not accept (English; the catalogues translate them). */
export const MOVE_REFUSALS = {
  targetUnknownStage: 'Stage {stage} is not a stage of {workflow}.',
  targetFinalMismatch: 'Stage {from} and the target stage {to} differ: one of them ends the plan, the other does not.',
  targetNotRestorable: '{workflow} cannot restore the plan in stage {stage}: {error}',
} as const;

/**
 * Moving running plans from one released version of a workflow to the next (issue 15): code beside
 * the versions (`workflows/<id>/migrations/v<from>-to-v<to>.ts`), pure, judged by tests against
 * every stage of the old version the graph can reach.
 */
export interface WorkflowMigration {
  /** Stable: the audit trail names it and a plan is moved by it once (`WORKFLOW_MIGRATED.migrationId`). */
  id: string;
  workflowId: string;
  from: number;
  to: number;
  /** What changes for a running plan, for the people deciding whether to move it. */
  description: string;
  /** Why `mapStage` leaves a plan where it is, by code (English; the catalogues translate them as `migration.<id>.<code>`). */
  reasons: Record<string, string>;
  /** The target stage of a plan in `stage` with `context` (already upcast), or why it cannot move. */
  mapStage(stage: string, context: PlanContext): StageMapping;
  /** The context as the target version keeps it. Pure: returns a new object, never changes its input. */
  upcast(context: PlanContext): PlanContext;
}

export type MovePlan =
  | { movable: true; fromStage: string; toStage: string; snapshot: StoredSnapshot; contextPatch: JsonPatchOperation[] }
  | { movable: false; fromStage: string; reason: MoveRefusal };

/**
 * What moving one stored snapshot would do: its target stage, its upcast context as a JSON Patch, and
 * the snapshot the target version restores. Refused (not thrown) when the mapping says so or when the
 * target version does not accept the result: an unknown stage, a final stage for a running plan or
 * the reverse, a snapshot its machine cannot restore at that stage.
 */
export function planMove(migration: WorkflowMigration, from: WorkflowDefinition, to: WorkflowDefinition, stored: StoredSnapshot): MovePlan {
  if (from.id !== migration.workflowId || to.id !== migration.workflowId || from.version !== migration.from || to.version !== migration.to) {
    throw new Error(
      `Migration ${migration.id} moves ${migration.workflowId}@${migration.from} to @${migration.to}, not ${from.id}@${from.version} to ${to.id}@${to.version}`,
    );
  }
  const fromStage = stored.value;
  const context = migration.upcast(stored.context);
  const mapping = migration.mapStage(fromStage, context);
  if ('unmapped' in mapping) {
    if (!(mapping.unmapped in migration.reasons)) throw new Error(`Migration ${migration.id} gives an undeclared reason ${mapping.unmapped}`);
    return { movable: false, fromStage, reason: { code: mapping.unmapped, params: { stage: fromStage } } };
  }
  const problem = targetProblem(from, to, fromStage, mapping.stage, context);
  if (problem) return { movable: false, fromStage, reason: problem };
  const snapshot: StoredSnapshot = { value: mapping.stage, context, status: stored.status };
  return { movable: true, fromStage, toStage: mapping.stage, snapshot, contextPatch: jsonPatch(stored.context, context) };
}

function targetProblem(from: WorkflowDefinition, to: WorkflowDefinition, fromStage: string, toStage: string, context: PlanContext): MoveRefusal | null {
  const workflow = `${to.id}@${to.version}`;
  const source = from.stages.find((s) => s.id === fromStage);
  const target = to.stages.find((s) => s.id === toStage);
  if (!source) return { code: 'targetUnknownStage', params: { stage: fromStage, workflow: `${from.id}@${from.version}` } };
  if (!target) return { code: 'targetUnknownStage', params: { stage: toStage, workflow } };
  if (source.final !== target.final) return { code: 'targetFinalMismatch', params: { from: fromStage, to: toStage } };
  try {
    const restored = restore(to, { value: toStage, context, status: target.final ? 'done' : 'active' });
    if (stageOf(restored) !== toStage) return { code: 'targetNotRestorable', params: { workflow, stage: toStage, error: `restored in ${stageOf(restored)}` } };
  } catch (err) {
    return { code: 'targetNotRestorable', params: { workflow, stage: toStage, error: (err as Error).message } };
  }
  return null;
}

const pointer = (path: readonly string[]) => `/${path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The smallest RFC 6902 patch turning `before` into `after` (objects by key, anything else replaced whole). */
export function jsonPatch(before: unknown, after: unknown, path: string[] = []): JsonPatchOperation[] {
  if (isRecord(before) && isRecord(after)) {
    const ops: JsonPatchOperation[] = [];
    for (const key of Object.keys(before)) {
      if (!(key in after)) ops.push({ op: 'remove', path: pointer([...path, key]) });
    }
    for (const [key, value] of Object.entries(after)) {
      if (!(key in before)) ops.push({ op: 'add', path: pointer([...path, key]), value });
      else ops.push(...jsonPatch(before[key], value, [...path, key]));
    }
    return ops;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ op: 'replace', path: pointer(path), value: after }];
}
