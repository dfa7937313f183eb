import {
  createActor,
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type ExecutableActionObject,
} from 'xstate';
import type { PlanContext } from './context';
import { unmetRequirements } from './requirements';
import type { StageTag } from './tags';
import type { EngineEvent, RequirementResult, WorkflowDefinition } from './types';

/** What is persisted of a plan's machine: enough to restore it with the same workflow version. */
export interface StoredSnapshot {
  value: string;
  context: PlanContext;
  status: 'active' | 'done';
}

export interface Evaluation {
  /** The current stage accepts this event at all. */
  accepted: boolean;
  allowed: boolean;
  unmet: RequirementResult[];
}

interface GuardRef {
  type?: string;
  params?: { ids?: readonly string[] };
}

export function stageOf(snapshot: AnyMachineSnapshot): string {
  if (typeof snapshot.value !== 'string') throw new Error('Planning workflows are flat: a stage is a single state');
  return snapshot.value;
}

export function start(def: WorkflowDefinition): AnyMachineSnapshot {
  const [snapshot] = initialTransition(def.machine);
  return snapshot;
}

export function restore(def: WorkflowDefinition, stored: StoredSnapshot): AnyMachineSnapshot {
  return def.machine.resolveState({ value: stored.value, context: stored.context });
}

export function persist(snapshot: AnyMachineSnapshot): StoredSnapshot {
  return {
    value: stageOf(snapshot),
    context: snapshot.context as PlanContext,
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
}

function stateNode(def: WorkflowDefinition, stage: string): AnyStateNode {
  return def.machine.getStateNodeById(`${def.machine.id}.${stage}`);
}

function guardIds(guard: unknown): readonly string[] {
  const ref = guard as GuardRef | undefined;
  if (!ref) return [];
  if (ref.type !== 'requirements') throw new Error(`Unexplainable guard ${String(ref.type)}: use needs(...)`);
  return ref.params?.ids ?? [];
}

/**
 * requirementsFor's answers by definition, stage and event. Definitions are immutable code, and every
 * plan answer asks for each event of its workflow (the list of transitions): computed once, not once
 * per answer (issue 16). Only the definition's own events are kept, so event types sent by clients
 * cannot grow it.
 */
const requirementsByStage = new WeakMap<WorkflowDefinition, Map<string, Map<string, readonly string[] | undefined>>>();

/** Requirement ids guarding `eventType` in `stage`, or undefined if the stage does not take that event. */
export function requirementsFor(def: WorkflowDefinition, stage: string, eventType: string): readonly string[] | undefined {
  const kept = requirementsByStage.get(def)?.get(stage);
  if (kept?.has(eventType)) return kept.get(eventType);
  const candidates = stateNode(def, stage).transitions.get(eventType);
  const ids = !candidates || candidates.length === 0 ? undefined : Object.freeze(candidates.flatMap((t) => guardIds(t.guard)));
  if (Object.hasOwn(def.events, eventType)) {
    let byStage = requirementsByStage.get(def);
    if (!byStage) requirementsByStage.set(def, (byStage = new Map<string, Map<string, readonly string[] | undefined>>()));
    let byEvent = byStage.get(stage);
    if (!byEvent) byStage.set(stage, (byEvent = new Map<string, readonly string[] | undefined>()));
    byEvent.set(eventType, ids);
  }
  return ids;
}

interface StageIndex {
  tags: ReadonlyMap<string, ReadonlySet<string>>;
  requirements: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Read from the machine config once per definition: definitions are immutable code. */
const indexes = new WeakMap<WorkflowDefinition, StageIndex>();

function indexOf(def: WorkflowDefinition): StageIndex {
  let index = indexes.get(def);
  if (!index) {
    const tags = new Map<string, ReadonlySet<string>>();
    const requirements = new Map<string, ReadonlySet<string>>();
    for (const stage of def.stages) {
      tags.set(stage.id, new Set(stateNode(def, stage.id).tags));
      requirements.set(stage.id, new Set(Object.keys(def.events).flatMap((type) => requirementsFor(def, stage.id, type) ?? [])));
    }
    index = { tags, requirements };
    indexes.set(def, index);
  }
  return index;
}

function known<T>(def: WorkflowDefinition, map: ReadonlyMap<string, T>, stage: string): T {
  const found = map.get(stage);
  if (found === undefined) throw new Error(`Workflow ${def.id}@${def.version} has no stage "${stage}"`);
  return found;
}

/** Whether `stage` carries `tag` (see tags.ts); throws on a stage the workflow does not have. */
export function stageHasTag(def: WorkflowDefinition, stage: string, tag: StageTag): boolean {
  return known(def, indexOf(def).tags, stage).has(tag);
}

/** Every tag `stage` carries, sorted (what a client reads instead of comparing stage ids). */
export function stageTags(def: WorkflowDefinition, stage: string): string[] {
  return [...known(def, indexOf(def).tags, stage)].sort();
}

/** The stages of one workflow version that carry `tag`, in the definition's order. */
export function stagesWithTag(def: WorkflowDefinition, tag: StageTag): string[] {
  return def.stages.filter((s) => stageHasTag(def, s.id, tag)).map((s) => s.id);
}

/**
 * Stage ids carrying `tag` in any of `defs`: for rows that keep a stage id without its workflow
 * version (an audit event's to_stage). Plan rows are filtered per version instead (the same id may
 * carry a tag in one workflow and not in another).
 */
export function stageIdsWithTag(defs: readonly WorkflowDefinition[], tag: StageTag): string[] {
  return [...new Set(defs.flatMap((def) => stagesWithTag(def, tag)))].sort();
}

/** Every requirement id some transition out of `stage` is guarded by: the facts the stage needs. */
export function stageRequirements(def: WorkflowDefinition, stage: string): ReadonlySet<string> {
  return known(def, indexOf(def).requirements, stage);
}

/**
 * Decides and explains with the same code: the machine's `can()` says whether the event is taken,
 * and the guard's requirement list, judged on the same facts, says what is missing.
 */
export function evaluate(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, event: EngineEvent): Evaluation {
  const ids = snapshot.status === 'active' ? requirementsFor(def, stageOf(snapshot), event.type) : undefined;
  if (ids === undefined) return { accepted: false, allowed: false, unmet: [] };
  const unmet = unmetRequirements(ids, event.facts);
  const allowed = snapshot.can(event);
  if (allowed !== (unmet.length === 0)) {
    throw new Error(`Workflow ${def.id}@${def.version}: can(${event.type}) disagrees with its requirements`);
  }
  return { accepted: true, allowed, unmet };
}

export function apply(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, event: EngineEvent): AnyMachineSnapshot {
  const [next] = transition(def.machine, snapshot, event);
  return next;
}

/** The actor scope a machine's own transition() takes. */
type MachineScope = Parameters<AnyStateMachine['transition']>[2];

/** One inert actor scope per machine (see `advance`). */
const inertScopes = new WeakMap<AnyStateMachine, MachineScope>();

function inertScope(machine: AnyStateMachine): MachineScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    // What xstate's transition() builds for every call: an actor that is never started, and no-ops.
    const self = createActor(machine);
    scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    };
    inertScopes.set(machine, scope);
  }
  return scope;
}

/**
 * xstate's pure `transition()`, the next snapshot and the actions left to execute, on an inert
 * actor scope built once per machine (issue 16). `transition()` creates an actor on every call,
 * which computes the machine's initial snapshot (a structuredClone of the initial context and the
 * initial stage's entry) only to throw it away: most of a transition's cost. Planning machines
 * spawn and invoke nothing, so nothing registers in the scope's system; the transition is
 * synchronous, so the actions collected are this call's alone.
 */
export function advance(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, event: EngineEvent): [AnyMachineSnapshot, ExecutableActionObject[]] {
  const scope = inertScope(def.machine);
  const actions: ExecutableActionObject[] = [];
  scope.actionExecutor = (action) => {
    actions.push(action);
  };
  try {
    return [def.machine.transition(snapshot, event, scope), actions];
  } finally {
    scope.actionExecutor = () => {};
  }
}

export function finalStages(def: WorkflowDefinition): string[] {
  return def.stages.filter((s) => s.final).map((s) => s.id);
}

/** Mermaid `stateDiagram-v2` text of a workflow, labelled with events and their requirements. */
export function toMermaid(def: WorkflowDefinition): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${def.machine.config.initial as string}`];
  for (const stage of def.stages) {
    const node = stateNode(def, stage.id);
    for (const [eventType, candidates] of node.transitions) {
      for (const t of candidates) {
        const target = t.target?.[0]?.key ?? stage.id;
        if (eventType === 'CANCEL' && target === 'cancelled') continue;
        const ids = guardIds(t.guard);
        const label = ids.length > 0 ? `${eventType} [${ids.join(', ')}]` : eventType;
        lines.push(`  ${stage.id} --> ${target} : ${label}`);
      }
    }
  }
  const cancellable = def.stages.filter((s) => !s.final && stateNode(def, s.id).transitions.has('CANCEL'));
  if (cancellable.length > 0) lines.push(`  note right of cancelled : CANCEL from ${cancellable.map((s) => s.id).join(', ')}`);
  for (const stage of def.stages.filter((s) => s.final)) lines.push(`  ${stage.id} --> [*]`);
  return lines.join('\n');
}
