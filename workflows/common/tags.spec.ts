import { jest } from '@jest/globals';
import { WorkflowRegistry } from '../registry';
import { stageHasTag, stageIdsWithTag, stageRequirements, stagesWithTag } from './inspect';
import { STAGE_TAGS, type StageTag } from './tags';
import type { WorkflowDefinition } from './types';

const registry = new WorkflowRegistry();
const definitions = registry.list();
const KNOWN = Object.keys(STAGE_TAGS) as StageTag[];
const ENDINGS: StageTag[] = ['plan.tenderLinked', 'plan.unsuccessful', 'plan.cancelled'];

const tagsOf = (def: WorkflowDefinition, stage: string) => KNOWN.filter((tag) => stageHasTag(def, stage, tag));

describe('stage tags', () => {
  it('are, stage by stage, what the modules rely on', () => {
    const table = (def: WorkflowDefinition) => Object.fromEntries(def.stages.map((s) => [s.id, tagsOf(def, s.id)]).filter(([, tags]) => tags.length > 0));
    const closing = {
      criteriaAndStrategy: ['criteria.editable', 'lcc.editable'],
      approval: ['approval.waiting'],
      tenderLinked: ['plan.closed', 'plan.tenderLinked'],
      cancelled: ['plan.closed', 'plan.cancelled'],
      unsuccessful: ['plan.closed', 'plan.unsuccessful'],
    };
    expect(table(registry.get('digigreen-planning', 1)!)).toEqual({
      marketAnalysis: ['dialogue.registrationOpen'],
      marketDialogue: ['dialogue.registrationOpen', 'dialogue.running'],
      ...closing,
    });
    expect(table(registry.get('small-procurement', 1)!)).toEqual(closing);
  });

  describe.each(definitions.map((def) => [`${def.id}@${def.version}`, def] as const))('%s', (_, def) => {
    it('uses only the tags documented in tags.ts', () => {
      for (const stage of def.stages) {
        const node = def.machine.getStateNodeById(`${def.id}.${stage.id}`);
        expect(node.tags.filter((tag) => !KNOWN.includes(tag as StageTag))).toEqual([]);
      }
    });

    it('tags exactly its final stages plan.closed, each with one kind of ending', () => {
      expect(stagesWithTag(def, 'plan.closed')).toEqual(def.stages.filter((s) => s.final).map((s) => s.id));
      for (const stage of stagesWithTag(def, 'plan.closed')) expect(ENDINGS.filter((tag) => stageHasTag(def, stage, tag))).toHaveLength(1);
      for (const tag of ENDINGS) for (const stage of stagesWithTag(def, tag)) expect(stageHasTag(def, stage, 'plan.closed')).toBe(true);
    });

    it('reads tags from the machine config once, never restoring a snapshot', () => {
      stageHasTag(def, 'draft', 'plan.closed');
      const lookups = jest.spyOn(def.machine, 'getStateNodeById');
      const restores = jest.spyOn(def.machine, 'resolveState');
      for (const stage of def.stages) for (const tag of KNOWN) stageHasTag(def, stage.id, tag);
      expect(lookups).not.toHaveBeenCalled();
      expect(restores).not.toHaveBeenCalled();
      lookups.mockRestore();
      restores.mockRestore();
    });

    it('refuses a stage the workflow does not have', () => {
      expect(() => stageHasTag(def, 'nowhere', 'plan.closed')).toThrow(`Workflow ${def.id}@${def.version} has no stage "nowhere"`);
    });
  });

  // Plan rows are filtered per workflow version (src/engine/stage-tagged.ts): the same stage id may
  // carry a tag in one workflow and not in another. Only rows without a version (an audit event's
  // to_stage) are matched by stage id across versions.
  it('may tag a stage id in one workflow and not in another: marketAnalysis takes registrations in digigreen-planning only', () => {
    expect(stageIdsWithTag(definitions, 'dialogue.registrationOpen')).toEqual(['marketAnalysis', 'marketDialogue']);
    expect(stagesWithTag(registry.get('small-procurement', 1)!, 'dialogue.registrationOpen')).toEqual([]);
  });

  it('lists the requirements a stage needs, for the facts contributors', () => {
    const digigreen = registry.get('digigreen-planning', 1)!;
    expect([...stageRequirements(digigreen, 'marketDialogue')]).toEqual(
      expect.arrayContaining(['dialogue.questionsAnswered', 'dialogue.meetingsOfferedToAll', 'dialogue.heldWithSuppliers']),
    );
    expect([...stageRequirements(digigreen, 'criteriaAndStrategy')]).toEqual(expect.arrayContaining(['criteria.awardDefined', 'lcc.methodAndDataStated']));
    expect([...stageRequirements(digigreen, 'criteriaAndStrategy')].filter((id) => id.startsWith('dialogue.'))).toEqual([]);
    expect(stageRequirements(digigreen, 'tenderLinked').size).toBe(0);
  });
});
