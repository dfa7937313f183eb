import type { MoveRefusal, WorkflowMigration } from '../../workflows/common/migration';
import type { RequirementResult, WorkflowDefinition } from '../../workflows/common/types';
import { CATALOGUES, translate } from './catalogue';
import type { MessageParams } from './format';
import type { Language } from './language';
import { extended } from '../common/extended';

type Workflow = Pick<WorkflowDefinition, 'id' | 'version'>;

/** Keys found, per workflow version and path: the catalogues are fixed for the life of the process. */
const KEYS = new Map<string, string | null>();
/** Texts without parameters, per key and language. */
const TEXTS = new Map<string, string>();
/**
 * Texts with parameters, per key, language and values: every plan answer lists the engine's reasons
 * for each event the plan cannot take, and they repeat (this stage does not take that event). Values
 * may come from people, so the map is emptied when it reaches FILLED_MAX.
 */
const FILLED = new Map<string, string>();
const FILLED_MAX = 10_000;
/** Event descriptions by workflow, event type and language. */
const EVENT_DESCRIPTIONS = new WeakMap<Workflow, Map<string, Partial<Record<Language, string>>>>();

/** The most specific key that exists: this version's, this workflow's, then the shared one. */
function keyFor(def: Workflow, path: string): string | undefined {
  const cacheKey = `${def.id}\u0000${def.version}\u0000${path}`;
  let key = KEYS.get(cacheKey);
  if (key === undefined) {
    const keys = [`workflow.${def.id}.v${def.version}.${path}`, `workflow.${def.id}.${path}`, path];
    key = keys.find((k) => CATALOGUES.en[k] !== undefined) ?? null;
    KEYS.set(cacheKey, key);
  }
  return key ?? undefined;
}

function lookup(def: Workflow, path: string, language: Language): string {
  const key = keyFor(def, path);
  if (key === undefined) throw new Error(`No workflow text ${path} for ${def.id}@${def.version}`);
  const textKey = `${key}\u0000${language}`;
  let text = TEXTS.get(textKey);
  if (text === undefined) {
    text = translate(key, {}, language);
    TEXTS.set(textKey, text);
  }
  return text;
}

export const workflowTitle = (def: Workflow, language: Language) => lookup(def, 'title', language);
export const workflowDescription = (def: Workflow, language: Language) => lookup(def, 'description', language);
export const stageTitle = (def: Workflow, stage: string, language: Language) => lookup(def, `stage.${stage}.title`, language);
export const stageDescription = (def: Workflow, stage: string, language: Language) => lookup(def, `stage.${stage}.description`, language);
export function eventDescription(def: Workflow, type: string, language: Language): string {
  let byType = EVENT_DESCRIPTIONS.get(def);
  if (!byType) EVENT_DESCRIPTIONS.set(def, (byType = new Map<string, Partial<Record<Language, string>>>()));
  const kept = byType.get(type)?.[language];
  if (kept !== undefined) return kept;
  // Looked up first: a type the workflow has no text for throws, and is not kept.
  const text = lookup(def, `event.${type}`, language);
  byType.set(type, extended(byType.get(type) ?? {}, { [language]: text }));
  return text;
}
export const roleName = (role: string, language: Language) => (CATALOGUES.en[`role.${role}`] ? translate(`role.${role}`, {}, language) : role);

/**
 * An unmet requirement in the reader's language. The workflow's own requirements have fixed texts;
 * the engine's reasons carry params: stage ids stay ids (as the API names stages everywhere, and as
 * a refusal's error body names them), roles are named in the reader's language. Ids without a text
 * of their own keep the message they came with.
 */
export function requirementText(def: Workflow, unmet: RequirementResult, language: Language): string {
  return Object.isFrozen(unmet) ? localisedKept(def, unmet, language).message : textOf(def, unmet, language);
}

function textOf(def: Workflow, unmet: RequirementResult, language: Language): string {
  const key = keyFor(def, `requirement.${unmet.id}`);
  if (key === undefined) return unmet.message;
  if (unmet.params === undefined) return lookup(def, `requirement.${unmet.id}`, language);
  const filledKey = `${key}\u0000${language}\u0000${JSON.stringify(unmet.params)}`;
  let text = FILLED.get(filledKey);
  if (text === undefined) {
    text = fill(key, unmet.params, language);
    if (FILLED.size >= FILLED_MAX) FILLED.clear();
    FILLED.set(filledKey, text);
  }
  return text;
}

function fill(key: string, given: MessageParams, language: Language): string {
  const params: MessageParams = { ...given };
  if (typeof params.role === 'string') params.role = roleName(params.role, language);
  if (typeof params.roles === 'string')
    params.roles = params.roles
      .split(',')
      .map((r) => roleName(r.trim(), language))
      .join(', ');
  return translate(key, params, language);
}

/** What a migration changes for a running plan, in the reader's language. */
export const migrationDescription = (migration: Pick<WorkflowMigration, 'id'>, language: Language): string =>
  translate(`migration.${migration.id}.description`, {}, language);

/** Why a migration leaves a plan where it is: the migration's own reason, or a refusal of any migration. */
export function migrationReason(migration: Pick<WorkflowMigration, 'id'>, reason: MoveRefusal, language: Language): string {
  const own = `migration.${migration.id}.${reason.code}`;
  return translate(CATALOGUES.en[own] !== undefined ? own : `migration.refusal.${reason.code}`, reason.params, language);
}

export function localiseUnmet(def: Workflow, unmet: readonly RequirementResult[], language: Language): RequirementResult[] {
  return unmet.map((u) => (Object.isFrozen(u) ? localisedKept(def, u, language) : { id: u.id, message: textOf(def, u, language) }));
}

/**
 * A result that is the same frozen object at every answer (the engine's refusals and the workflows'
 * requirements, issue 16) in the reader's language: itself kept, frozen, by the result, workflow and
 * language, so an answer listing dozens builds no key and no object. A frozen result's id and params
 * cannot change under its text.
 */
const LOCALISED = new WeakMap<RequirementResult, WeakMap<Workflow, Partial<Record<Language, Readonly<RequirementResult>>>>>();

function localisedKept(def: Workflow, unmet: RequirementResult, language: Language): Readonly<RequirementResult> {
  let byWorkflow = LOCALISED.get(unmet);
  if (!byWorkflow) LOCALISED.set(unmet, (byWorkflow = new WeakMap<Workflow, Partial<Record<Language, Readonly<RequirementResult>>>>()));
  let localised = byWorkflow.get(def);
  if (!localised) byWorkflow.set(def, (localised = {}));
  return (localised[language] ??= Object.freeze({ id: unmet.id, message: textOf(def, unmet, language) }));
}

type JsonSchema = Record<string, unknown>;

/**
 * An event's payload schema as a form can show it in the reader's language: every property gets the
 * `title` of `field.<property>` and every enum its option labels as `x-enumTitles` (in the enum's
 * order; a value without a text keeps the value). Validation keywords are untouched; the catalogue
 * test makes sure every property of every event has its label.
 */
export function localisePayload(schema: JsonSchema, language: Language): JsonSchema {
  const walk = (node: JsonSchema, name: string | null): JsonSchema => {
    const out: JsonSchema = { ...node };
    if (name !== null && CATALOGUES.en[`field.${name}`] !== undefined) out.title = translate(`field.${name}`, {}, language);
    if (Array.isArray(node.enum) && name !== null) {
      out['x-enumTitles'] = node.enum.map((value) =>
        CATALOGUES.en[`option.${name}.${String(value)}`] !== undefined ? translate(`option.${name}.${String(value)}`, {}, language) : String(value),
      );
    }
    if (node.properties && typeof node.properties === 'object') {
      out.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([key, child]) => [key, walk(child, key)]));
    }
    // An array's items carry the array's name: a list of goals holds goals.
    if (node.items && typeof node.items === 'object') out.items = walk(node.items as JsonSchema, null);
    return out;
  };
  return walk(schema, null);
}
