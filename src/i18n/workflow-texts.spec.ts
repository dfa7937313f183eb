import { REQUIREMENTS } from '../../workflows/common/requirements';
import { WorkflowRegistry } from '../../workflows/registry';
import { CATALOGUES } from './catalogue';
import { LANGUAGES } from './language';
import { eventDescription, localiseUnmet, requirementText, stageDescription, stageTitle, workflowDescription, workflowTitle } from './workflow-texts';

const registry = new WorkflowRegistry();

describe('workflow texts in Finnish, Swedish and English', () => {
  it('has every workflow, stage, event and requirement text in every language, translated', () => {
    const missing: string[] = [];
    for (const def of registry.list()) {
      const texts = (language: (typeof LANGUAGES)[number]) => [
        workflowTitle(def, language),
        workflowDescription(def, language),
        ...def.stages.flatMap((s) => [stageTitle(def, s.id, language), stageDescription(def, s.id, language)]),
        ...Object.keys(def.events).map((type) => eventDescription(def, type, language)),
        ...[...REQUIREMENTS.keys()].map((id) => requirementText(def, { id, message: '' }, language)),
      ];
      const english = texts('en');
      // English is the workflow's own text, word for word.
      expect(english.slice(0, 2)).toEqual([def.title, def.description]);
      expect(english.slice(2, 2 + def.stages.length * 2)).toEqual(def.stages.flatMap((s) => [s.title, s.description]));
      for (const language of ['fi', 'sv'] as const) {
        texts(language).forEach((text, i) => {
          if (text === english[i]) missing.push(`${def.id}@${def.version} ${language}: "${english[i]}" is not translated`);
        });
      }
    }
    expect(missing).toEqual([]);
  });

  it('names the stage by its id and the roles by their names in the reader’s language', () => {
    const def = registry.latest('digigreen-planning')!;
    const refused = {
      id: 'stage.acceptsEvent',
      message: 'The plan is in stage tenderLinked, which does not take CANCEL.',
      params: { stage: 'tenderLinked', event: 'CANCEL' },
    };
    expect(requirementText(def, refused, 'en')).toBe(refused.message);
    expect(requirementText(def, refused, 'fi')).toBe('Suunnitelma on vaiheessa tenderLinked, jossa tapahtumaa CANCEL ei voi tehdä.');
    const role = { id: 'caller.role', message: '', params: { roles: 'officer,manager', event: 'CANCEL', role: 'supplier' } };
    expect(requirementText(def, role, 'sv')).toBe('Händelsen CANCEL kan endast göras av upphandlingsexpert, chef; din roll är leverantör.');
  });

  it('gives a text with parameters again as first written, for those values and that language only (texts are kept once written)', () => {
    const def = registry.latest('digigreen-planning')!;
    const refused = (stage: string, event: string) => ({ id: 'stage.acceptsEvent', message: '', params: { stage, event } });
    const first = requirementText(def, refused('draft', 'APPROVE'), 'fi');
    expect(requirementText(def, refused('draft', 'APPROVE'), 'fi')).toBe(first);
    expect(requirementText(def, refused('draft', 'APPROVE'), 'sv')).toBe('Planen är i skedet draft, där händelsen APPROVE inte kan göras.');
    expect(requirementText(def, refused('draft', 'CANCEL'), 'fi')).toBe('Suunnitelma on vaiheessa draft, jossa tapahtumaa CANCEL ei voi tehdä.');
    expect(requirementText(def, refused('approval', 'APPROVE'), 'fi')).toBe('Suunnitelma on vaiheessa approval, jossa tapahtumaa APPROVE ei voi tehdä.');
    // The same values under other names are another text.
    const role = (roles: string, rolesRole: string) => ({ id: 'caller.role', message: '', params: { roles, event: 'CANCEL', role: rolesRole } });
    expect(requirementText(def, role('officer', 'supplier'), 'en')).not.toBe(requirementText(def, role('supplier', 'officer'), 'en'));
  });

  it('keeps the texts of a frozen result by the object, the same as an equal result that is not frozen gets', () => {
    const def = registry.latest('digigreen-planning')!;
    const other = registry.latest('small-procurement')!;
    const values = {
      id: 'stage.acceptsEvent',
      message: 'The plan is in stage draft, which does not take LINK_TENDER.',
      params: { stage: 'draft', event: 'LINK_TENDER' },
    };
    const frozen = Object.freeze({ ...values, params: Object.freeze({ ...values.params }) });
    for (const language of LANGUAGES) {
      expect(requirementText(def, frozen, language)).toBe(requirementText(def, { ...values, params: { ...values.params } }, language));
      expect(requirementText(def, frozen, language)).toBe(requirementText(def, frozen, language));
    }
    expect(requirementText(def, frozen, 'fi')).not.toBe(requirementText(def, frozen, 'sv'));
    // Kept per workflow as well: another workflow's texts for the same object are its own.
    expect(requirementText(other, frozen, 'en')).toBe(requirementText(other, { ...values }, 'en'));
  });

  it('localises a kept result into one kept object per workflow and language, and an unkept one afresh', () => {
    const def = registry.latest('digigreen-planning')!;
    const kept = Object.freeze({ id: 'plan.title', message: 'The plan has a title.' });
    const fi = localiseUnmet(def, [kept], 'fi')[0];
    expect(localiseUnmet(def, [kept], 'fi')[0]).toBe(fi);
    expect(fi).toEqual({ id: 'plan.title', message: requirementText(def, { id: 'plan.title', message: '' }, 'fi') });
    expect(Object.isFrozen(fi)).toBe(true);
    expect(localiseUnmet(def, [kept], 'sv')[0]).not.toBe(fi);
    const unkept = { id: 'plan.title', message: 'The plan has a title.' };
    expect(localiseUnmet(def, [unkept], 'fi')[0]).toEqual(fi);
    expect(localiseUnmet(def, [unkept], 'fi')[0]).not.toBe(localiseUnmet(def, [unkept], 'fi')[0]);
  });

  it('answers an event description again from what it kept, and keeps nothing for an event without a text', () => {
    const def = registry.latest('digigreen-planning')!;
    for (const language of LANGUAGES) expect(eventDescription(def, 'RECORD_NEEDS', language)).toBe(eventDescription(def, 'RECORD_NEEDS', language));
    expect(eventDescription(def, 'RECORD_NEEDS', 'en')).toBe(def.events.RECORD_NEEDS.description);
    expect(() => eventDescription(def, 'NO_SUCH_EVENT', 'en')).toThrow(/No workflow text/);
    expect(() => eventDescription(def, 'NO_SUCH_EVENT', 'en')).toThrow(/No workflow text/);
  });

  it('has the same keys in every catalogue', () => {
    const keys = (language: (typeof LANGUAGES)[number]) =>
      Object.keys(CATALOGUES[language])
        .filter((k) => /^(workflow|stage|event|requirement|role)\./.test(k))
        .sort();
    expect(keys('fi')).toEqual(keys('en'));
    expect(keys('sv')).toEqual(keys('en'));
  });
});
