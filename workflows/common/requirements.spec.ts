import { WorkflowRegistry } from '../registry';
import { BROKEN_REQUIREMENT_IDS, allFacts, breaking, declaredTransitions, noFacts } from './fixtures';
import { REQUIREMENTS, requirement, unmetRequirements } from './requirements';

const ids = [...REQUIREMENTS.keys()];

/** Requirement ids named by the guards of every registered workflow. */
function referencedIds(): Set<string> {
  return new Set(
    new WorkflowRegistry()
      .list()
      .flatMap((def) => declaredTransitions(def))
      .flatMap((t) => t.requirements),
  );
}

/** `id` and every requirement guarding some transition of a registered workflow together with it. */
function guardedWith(id: string): string[] {
  const together = new WorkflowRegistry()
    .list()
    .flatMap((def) => declaredTransitions(def))
    .filter((t) => t.requirements.includes(id))
    .flatMap((t) => t.requirements);
  return [...new Set([id, ...together])];
}

describe('requirements', () => {
  it('keeps the ids clients depend on', () => {
    // Ids are part of the API contract: renaming one breaks clients that match on it.
    expect(ids).toEqual([
      'plan.title',
      'plan.description',
      'plan.cpvCode',
      'plan.budget',
      'needs.described',
      'needs.usersConsulted',
      'needs.strategicGoals',
      'needs.rationale',
      'market.analysisRecorded',
      'notice.publishedOrWaived',
      'notice.e1OrWaivedBelowEu',
      'notice.waiverBelowEu',
      'dialogue.summaryPublished',
      'dialogue.questionsAnswered',
      'dialogue.roundsClosed',
      'dialogue.heldWithSuppliers',
      'dialogue.meetingsOfferedToAll',
      'coDevelopment.activityRecorded',
      'strategy.sustainability',
      'criteria.awardDefined',
      'criteria.awardWeightsSum100',
      'criteria.awardLinkedToSubject',
      'lcc.methodAndDataStated',
      'procedure.selected',
      'procedure.innovationPartnershipJustified',
      'procedure.allowedByThresholds',
      'approval.fourEyes',
    ]);
  });

  it.each(ids)('%s is stored under its own id, in area.name form', (id) => {
    expect(REQUIREMENTS.get(id)?.id).toBe(id);
    expect(id).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z0-9]*$/);
  });

  it('has unique ids and unique messages', () => {
    const values = [...REQUIREMENTS.values()];
    expect(new Set(values.map((r) => r.id)).size).toBe(values.length);
    expect(new Set(values.map((r) => r.message)).size).toBe(values.length);
  });

  it.each(ids)('%s has a message that is a sentence', (id) => {
    expect(requirement(id).message).toMatch(/^[A-Z].*\.$/);
  });

  it('are all referenced by some workflow guard', () => {
    const referenced = referencedIds();
    expect(ids.filter((id) => !referenced.has(id))).toEqual([]);
  });

  it('are the only ids workflow guards name', () => {
    expect([...referencedIds()].filter((id) => !REQUIREMENTS.has(id))).toEqual([]);
  });

  describe(requirement.name, () => {
    it('throws for an unknown id', () => {
      expect(() => requirement('plan.colour')).toThrow('Unknown requirement "plan.colour"');
    });
  });

  describe(unmetRequirements.name, () => {
    it('finds nothing unmet in satisfied facts', () => {
      expect(unmetRequirements(ids, allFacts())).toEqual([]);
    });

    it('reports unmet requirements with their messages, in the order asked', () => {
      const asked = ['plan.budget', 'plan.title', 'needs.described'];
      expect(unmetRequirements(asked, noFacts())).toEqual(asked.map((id) => ({ id, message: requirement(id).message })));
    });

    it('gives each unmet requirement as the same frozen object every time, so its localised texts can be kept by it', () => {
      const first = unmetRequirements(['plan.title', 'plan.budget'], noFacts());
      const again = unmetRequirements(['plan.budget', 'plan.title'], noFacts());
      expect(again[0]).toBe(first[1]);
      expect(again[1]).toBe(first[0]);
      expect(first.every((r) => Object.isFrozen(r))).toBe(true);
    });

    it('only judges the requirements asked for', () => {
      expect(unmetRequirements(['plan.title'], allFacts({ plan: { hasBudget: false } }))).toEqual([]);
    });

    it('throws for an unknown id rather than treating it as met', () => {
      expect(() => unmetRequirements(['plan.title', 'plan.colour'], allFacts())).toThrow('Unknown requirement');
    });
  });

  describe('fixtures the workflow specs rely on', () => {
    it('can break every requirement', () => {
      expect([...BROKEN_REQUIREMENT_IDS].sort()).toEqual([...ids].sort());
    });

    // Requirements of different versions may judge the same facts (a waived notice: v1 accepts it,
    // v2 only below the EU threshold); what matters is that a guard names exactly what is missing.
    it.each(ids)('breaking %s breaks that requirement and no other guarding a transition with it', (id) => {
      const together = guardedWith(id);
      expect(unmetRequirements(together, breaking(id)).map((r) => r.id)).toEqual([id]);
    });

    it('meets no requirement in noFacts but the one that only judges a selected procedure', () => {
      expect(ids.filter((id) => requirement(id).check(noFacts()))).toEqual(['procedure.innovationPartnershipJustified']);
    });
  });

  describe('rules', () => {
    const met = (id: string, facts: ReturnType<typeof allFacts>) => requirement(id).check(facts);

    it('accept a waived notice instead of a published one', () => {
      expect(met('notice.publishedOrWaived', allFacts({ notice: { published: false, waived: true } }))).toBe(true);
    });

    it('accept a justification instead of a goal with a strategy', () => {
      expect(met('strategy.sustainability', allFacts({ strategy: { goalsWithStrategy: 0, justificationGiven: true } }))).toBe(true);
    });

    it.each([
      ['dialogue.questionsAnswered', 'unansweredQuestions'],
      ['dialogue.roundsClosed', 'openRounds'],
      ['dialogue.meetingsOfferedToAll', 'suppliersWithoutMeetingOffer'],
    ] as const)('judge %s by %s being zero', (id, count) => {
      for (const [value, expected] of [
        [0, true],
        [1, false],
        [7, false],
      ] as const) {
        expect(met(id, allFacts({ dialogue: { [count]: value } }))).toBe(expected);
      }
    });

    it('want the award weights to sum to exactly 100', () => {
      for (const [total, expected] of [
        [100, true],
        [99, false],
        [101, false],
        [0, false],
      ] as const) {
        expect(met('criteria.awardWeightsSum100', allFacts({ criteria: { awardWeightTotal: total } }))).toBe(expected);
      }
    });

    it('want every award criterion linked to the subject-matter', () => {
      expect(met('criteria.awardLinkedToSubject', allFacts({ criteria: { awardWithoutSubjectLink: 0 } }))).toBe(true);
      expect(met('criteria.awardLinkedToSubject', allFacts({ criteria: { awardWithoutSubjectLink: 2 } }))).toBe(false);
    });

    it('want a life-cycle cost method and data only when life-cycle costing is used', () => {
      const lcc = (lifeCycleCostUsed: boolean, lifeCycleCostMethodStated: boolean) =>
        met('lcc.methodAndDataStated', allFacts({ criteria: { lifeCycleCostUsed, lifeCycleCostMethodStated } }));
      expect(lcc(false, false)).toBe(true);
      expect(lcc(true, false)).toBe(false);
      expect(lcc(true, true)).toBe(true);
    });

    it('want a rationale with the selected procedure', () => {
      expect(met('procedure.selected', allFacts({ procedure: { rationaleGiven: false } }))).toBe(false);
    });

    it('accept innovation partnership only when no solution is on the market', () => {
      const partnership = (noSolutionOnMarket: boolean) => allFacts({ procedure: { selected: 'innovationPartnership' }, market: { noSolutionOnMarket } });
      expect(met('procedure.innovationPartnershipJustified', partnership(false))).toBe(false);
      expect(met('procedure.innovationPartnershipJustified', partnership(true))).toBe(true);
      expect(met('procedure.innovationPartnershipJustified', allFacts({ procedure: { selected: 'open' } }))).toBe(true);
    });

    it('refuse four-eyes approval when nobody requested approval', () => {
      expect(met('approval.fourEyes', allFacts({ approval: { requestedBy: null } }))).toBe(false);
    });

    it('refuse four-eyes approval by the requester, whatever their role', () => {
      const facts = allFacts({ approval: { requestedBy: 'pat' }, caller: { id: 'pat', role: 'manager' } });
      expect(met('approval.fourEyes', facts)).toBe(false);
    });
  });
});
