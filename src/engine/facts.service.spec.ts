import type { EntityManager } from 'typeorm';
import { allFacts, MANAGER } from '../../workflows/common/fixtures';
import { evaluate, requirementsFor, restore, start } from '../../workflows/common/inspect';
import type { PlanFacts, WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import { Clock } from '../common/clock';
import { CRITERIA_FACTS } from '../criteria/criteria.service';
import { DIALOGUE_FACTS } from '../dialogue/dialogue-facts.service';
import { THRESHOLD_FACTS } from '../thresholds/threshold-rules.service';
import type { ProcurementPlanEntity } from './procurement-plan.entity';
import { FactsService, type FactsContributor } from './facts.service';

class FixedClock extends Clock {
  now(): Date {
    return new Date('2025-06-02T09:00:00Z');
  }
}

const registry = new WorkflowRegistry();
const digigreen = registry.get('digigreen-planning', 1)!;
const digigreenV2 = registry.get('digigreen-planning', 2)!;
const small = registry.get('small-procurement', 1)!;
const MODULE_FACTS = new Set<string>([...DIALOGUE_FACTS, ...CRITERIA_FACTS, ...THRESHOLD_FACTS]);
const noDatabase = {} as EntityManager;

function planIn(def: WorkflowDefinition, stage: string): ProcurementPlanEntity {
  return {
    id: 'plan-1',
    title: 'Low-carbon heating',
    description: 'Heating of the town hall',
    cpvCode: '45331100',
    budgetAmount: 250000,
    budgetCurrency: 'EUR',
    rationale: null,
    workflowId: def.id,
    workflowVersion: def.version,
    stage,
    snapshot: { value: stage, context: start(def).context, status: 'active' },
  } as unknown as ProcurementPlanEntity;
}

/**
 * Every fact met, except what FactsService leaves to the feature modules: as the modules would find
 * them had they not contributed. The engagement notice is waived rather than published, so that the
 * requirement judging a waiver by the thresholds' regime has to read it.
 */
function onlyModulesSilent(computed: PlanFacts): PlanFacts {
  const met = allFacts();
  const { unansweredQuestions, suppliersWithoutMeetingOffer, registrations, roundsHeldWithSuppliers } = computed.dialogue;
  return {
    ...met,
    notice: { ...met.notice, published: false, waived: true },
    dialogue: { ...met.dialogue, unansweredQuestions, suppliersWithoutMeetingOffer, registrations, roundsHeldWithSuppliers, noSupplierOutcome: true },
    criteria: computed.criteria,
    regime: computed.regime,
  };
}

class Recording implements FactsContributor {
  readonly asked: string[] = [];
  constructor(readonly serves: FactsContributor['serves']) {}
  contribute(_manager: EntityManager, plan: ProcurementPlanEntity): Promise<void> {
    this.asked.push(plan.stage);
    return Promise.resolve();
  }
}

describe(FactsService.name, () => {
  describe('fail-closed facts of the feature modules', () => {
    it('leaves dialogue.questionsAnswered and the other dialogue requirements unmet in marketDialogue when the dialogue module did not contribute', async () => {
      const facts = await new FactsService(new FixedClock(), registry).compute(
        noDatabase,
        planIn(digigreen, 'marketDialogue'),
        start(digigreen).context,
        MANAGER,
      );
      const snapshot = restore(digigreen, { value: 'marketDialogue', context: start(digigreen).context, status: 'active' });
      const verdict = evaluate(digigreen, snapshot, {
        type: 'SKIP_CO_DEVELOPMENT',
        payload: {},
        actor: MANAGER,
        at: '2025-06-02T09:00:00Z',
        facts: onlyModulesSilent(facts),
      });
      expect(verdict.allowed).toBe(false);
      expect(verdict.unmet.map((u) => u.id).sort()).toEqual([...DIALOGUE_FACTS].sort());
    });

    it('leaves the criteria and life-cycle cost requirements unmet in criteriaAndStrategy when the criteria module did not contribute', async () => {
      const facts = await new FactsService(new FixedClock(), registry).compute(noDatabase, planIn(small, 'criteriaAndStrategy'), start(small).context, MANAGER);
      const snapshot = restore(small, { value: 'criteriaAndStrategy', context: start(small).context, status: 'active' });
      const verdict = evaluate(small, snapshot, {
        type: 'COMPLETE_CRITERIA',
        payload: {},
        actor: MANAGER,
        at: '2025-06-02T09:00:00Z',
        facts: onlyModulesSilent(facts),
      });
      expect(verdict.unmet.map((u) => u.id).sort()).toEqual([...CRITERIA_FACTS].sort());
    });

    it("leaves v2's threshold requirements unmet (a waived notice, the procedure) when the thresholds module did not contribute", async () => {
      const service = new FactsService(new FixedClock(), registry);
      const judge = async (stage: string, type: string) => {
        const facts = onlyModulesSilent(await service.compute(noDatabase, planIn(digigreenV2, stage), start(digigreenV2).context, MANAGER));
        expect(facts.regime).toEqual({ applies: null, procedureAllowed: null });
        const snapshot = restore(digigreenV2, { value: stage, context: start(digigreenV2).context, status: 'active' });
        return evaluate(digigreenV2, snapshot, { type, payload: {}, actor: MANAGER, at: '2025-06-02T09:00:00Z', facts }).unmet.map((u) => u.id);
      };
      expect(await judge('marketAnalysis', 'START_MARKET_DIALOGUE')).toEqual(['notice.e1OrWaivedBelowEu']);
      expect(await judge('marketAnalysis', 'WAIVE_ENGAGEMENT_NOTICE')).toEqual(['notice.waiverBelowEu']);
      expect(await judge('procedureSelection', 'REQUEST_APPROVAL')).toEqual(['procedure.allowedByThresholds']);
    });

    it.each(registry.list().flatMap((def) => def.stages.filter((s) => !s.final).map((s) => [`${def.id}@${def.version}`, s.id, def] as const)))(
      '%s %s: every requirement a module serves is unmet without it, and every other one is judged as before',
      async (_, stage, def) => {
        const facts = onlyModulesSilent(
          await new FactsService(new FixedClock(), registry).compute(noDatabase, planIn(def, stage), start(def).context, MANAGER),
        );
        const snapshot = restore(def, { value: stage, context: start(def).context, status: 'active' });
        for (const type of Object.keys(def.events)) {
          const ids = requirementsFor(def, stage, type);
          if (ids === undefined) continue;
          const verdict = evaluate(def, snapshot, { type, payload: {}, actor: MANAGER, at: '2025-06-02T09:00:00Z', facts });
          expect({ type, unmet: verdict.unmet.map((u) => u.id) }).toEqual({ type, unmet: ids.filter((id) => MODULE_FACTS.has(id)) });
        }
      },
    );
  });

  describe('contributors', () => {
    it('are asked only where a transition out of the stage needs a requirement they serve', async () => {
      const service = new FactsService(new FixedClock(), registry);
      const dialogue = new Recording(DIALOGUE_FACTS);
      const criteria = new Recording(CRITERIA_FACTS);
      const thresholds = new Recording(THRESHOLD_FACTS);
      service.register(dialogue);
      service.register(criteria);
      service.register(thresholds);
      for (const def of [digigreen, small, digigreenV2]) {
        for (const stage of def.stages) await service.compute(noDatabase, planIn(def, stage.id), start(def).context, MANAGER);
      }
      expect(dialogue.asked).toEqual(['marketDialogue', 'marketDialogue']);
      expect(criteria.asked).toEqual(['criteriaAndStrategy', 'criteriaAndStrategy', 'criteriaAndStrategy']);
      // Only v2 states the thresholds as requirements: its market analysis (the notice) and procedure selection.
      expect(thresholds.asked).toEqual(['marketAnalysis', 'procedureSelection']);
    });

    it('must name the requirements they serve, all of them known', () => {
      const service = new FactsService(new FixedClock(), registry);
      expect(() => service.register(new Recording([]))).toThrow('must serve known requirements');
      expect(() => service.register(new Recording(['dialogue.questionsAnswerd' as never]))).toThrow('unknown: dialogue.questionsAnswerd');
    });
  });
});
