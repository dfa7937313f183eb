import { createHash } from 'node:crypto';
import type { AnyStateNode } from 'xstate';
import { REQUIREMENTS } from './requirements';
import type { RoundTypeSpec } from './round-types';
import type { WorkflowDefinition } from './types';

/**
 * A released workflow version as data: its stages with their tags, every transition with its
 * requirement ids and actions, every event with who sends it and its payload schema, the dialogue
 * round types it offers with what each takes, and a digest of the code behind each action and
 * requirement the version uses. The golden copy of this description
 * is kept beside the machine (`workflows/<id>/v<n>.golden.json`); `released-versions.spec.ts` fails
 * when anything — shared code included — changes what a released version does.
 */
export interface VersionDescription {
  id: string;
  version: number;
  initial: string;
  stages: Array<{ id: string; final: boolean; tags: string[]; entry: string[]; exit: string[] }>;
  transitions: Array<{ from: string; event: string; to: string | null; requirements: string[]; actions: string[] }>;
  events: Record<string, { roles: string[]; internal: boolean; payload: unknown }>;
  roundTypes: Record<string, RoundTypeSpec>;
  /** Digests of the implementations the version calls: actions (delayed events, that is timers, included) and requirement checks. */
  code: { actions: Record<string, string>; requirements: Record<string, { message: string; check: string }> };
}

/**
 * The source of an implementation with its layout removed, digested: the same code gives the same
 * digest. XState's `assign` and `enqueueActions` wrap the code that matters (`assignment`, `collect`),
 * so that is what is read, property by property.
 */
function sourceOf(impl: unknown): string {
  if (impl === null || impl === undefined) return 'null';
  const inner = impl as { assignment?: unknown; collect?: unknown };
  if (inner.assignment !== undefined) return `assign:${sourceOf(inner.assignment)}`;
  if (inner.collect !== undefined) return `enqueueActions:${sourceOf(inner.collect)}`;
  if (typeof impl === 'function') return impl.toString();
  if (typeof impl === 'object')
    return `{${Object.entries(impl as Record<string, unknown>)
      .map(([k, v]) => `${k}:${sourceOf(v)}`)
      .join(',')}}`;
  return JSON.stringify(impl);
}

function digestOf(impl: unknown): string {
  return createHash('sha256').update(sourceOf(impl).replace(/\s+/g, '')).digest('hex').slice(0, 16);
}

const actionName = (action: unknown): string => {
  if (typeof action === 'string') return action;
  const type = (action as { type?: unknown })?.type;
  return typeof type === 'string' ? type : `inline:${digestOf(action)}`;
};

/** The stage a plan starts in; every workflow names it by id. */
function initialStage(def: WorkflowDefinition): string {
  const initial = def.machine.config.initial;
  if (typeof initial !== 'string') throw new Error(`${def.id} v${def.version}: the initial stage must be named by its id`);
  return initial;
}

export function describeVersion(def: WorkflowDefinition): VersionDescription {
  const states = Object.values(def.machine.root.states) as AnyStateNode[];
  const transitions: VersionDescription['transitions'] = [];
  const usedActions = new Set<string>();
  const usedRequirements = new Set<string>();
  const stages = states.map((node) => {
    for (const [event, candidates] of node.transitions) {
      for (const t of candidates) {
        const params = (t.guard as { params?: { ids?: string[] } } | undefined)?.params;
        const requirements = [...(params?.ids ?? [])];
        const actions = (t.actions ?? []).map(actionName);
        requirements.forEach((r) => usedRequirements.add(r));
        actions.forEach((a) => usedActions.add(a));
        transitions.push({ from: node.key, event, to: t.target?.[0]?.key ?? null, requirements, actions });
      }
    }
    const entry = node.entry.map(actionName);
    const exit = node.exit.map(actionName);
    [...entry, ...exit].forEach((a) => usedActions.add(a));
    return { id: node.key, final: node.type === 'final', tags: [...node.tags].sort(), entry, exit };
  });
  const implementations = def.machine.implementations.actions as Record<string, unknown>;
  const actions = Object.fromEntries([...usedActions].sort().map((name) => [name, digestOf(implementations[name] ?? name)]));
  const requirements = Object.fromEntries(
    [...usedRequirements].sort().map((id) => {
      const requirement = REQUIREMENTS.get(id);
      return [id, { message: requirement?.message ?? '(unknown)', check: digestOf(requirement?.check) }];
    }),
  );
  const events = Object.fromEntries(
    Object.entries(def.events)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, spec]) => [type, { roles: [...spec.roles], internal: spec.internal === true, payload: spec.payload }]),
  );
  return {
    id: def.id,
    version: def.version,
    initial: initialStage(def),
    stages,
    transitions: transitions.sort((a, b) => `${a.from}/${a.event}`.localeCompare(`${b.from}/${b.event}`)),
    events,
    roundTypes: Object.fromEntries(
      Object.entries(def.roundTypes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, spec]) => [type, { ...spec }]),
    ),
    code: { actions, requirements },
  };
}
