import { digigreenPlanningV2 } from '../../workflows/digigreen-planning/v2.machine';
import type { RequirementResult } from '../../workflows/common/types';
import type { TransitionOption } from '../engine/engine.service';
import { planAnswerJson, transitionAnswer } from './plan-answer';
import type { PlanDetailView } from './procurement.view';

const def = digigreenPlanningV2;
const refusal = (stage: string, event: string): Readonly<RequirementResult> =>
  Object.freeze({ id: 'stage.acceptsEvent', message: `The plan is in stage ${stage}, which does not take ${event}.`, params: Object.freeze({ stage, event }) });
const option = (event: string, unmet: RequirementResult[], allowed = false): TransitionOption => ({
  event,
  description: '',
  roles: ['officer'],
  allowed,
  unmet,
});

describe('A plan answer', () => {
  it('keeps one frozen entry per workflow, event, language and reasons, and builds the others anew', () => {
    const inDraft = refusal('draft', 'RECORD_NEEDS');
    const first = transitionAnswer(def, option('RECORD_NEEDS', [inDraft]), 'en');
    expect(Object.isFrozen(first)).toBe(true);
    expect(transitionAnswer(def, option('RECORD_NEEDS', [inDraft]), 'en')).toBe(first);
    expect(first).toEqual({
      event: 'RECORD_NEEDS',
      description: expect.stringMatching(/\w/),
      roles: ['officer'],
      allowed: false,
      unmet: [{ id: 'stage.acceptsEvent', message: 'The plan is in stage draft, which does not take RECORD_NEEDS.' }],
    });

    // The same reason under another event, or in another language, is another entry.
    const otherEvent = transitionAnswer(def, option('COMPLETE_NEEDS_ASSESSMENT', [inDraft]), 'en');
    expect(otherEvent).not.toBe(first);
    expect(otherEvent.event).toBe('COMPLETE_NEEDS_ASSESSMENT');
    const finnish = transitionAnswer(def, option('RECORD_NEEDS', [inDraft]), 'fi');
    expect(finnish).not.toBe(first);
    expect(finnish.unmet[0].message).not.toBe(first.unmet[0].message);

    // Allowed, or a reason built for this plan (not frozen): a new object every time.
    const allowed = option('RECORD_NEEDS', [], true);
    expect(transitionAnswer(def, allowed, 'en')).not.toBe(transitionAnswer(def, allowed, 'en'));
    const particular = option('RECORD_NEEDS', [{ id: 'x', message: 'Particular to this plan.' }]);
    expect(Object.isFrozen(transitionAnswer(def, particular, 'en'))).toBe(false);
  });

  it('writes exactly the text JSON.stringify writes, kept entries included, the first time and after', () => {
    const kept = transitionAnswer(def, option('RECORD_NEEDS', [refusal('draft', 'RECORD_NEEDS')]), 'sv');
    const built = transitionAnswer(def, option('START_NEEDS_ASSESSMENT', [], true), 'sv');
    const view = {
      id: 'a1',
      title: 'Kannettavat "koulut" \\ ÅÄÖ 𝄞 \u2028 \ud800',
      estimatedValue: { amount: 1200000.5, currency: 'EUR' },
      nextDeadlineAt: null,
      records: { needs: { usersConsulted: ['teachers'] }, empty: {} },
      tags: [],
      transitions: [kept, built, kept],
    } as unknown as PlanDetailView;
    expect(planAnswerJson(view)).toBe(JSON.stringify(view));
    expect(planAnswerJson(view)).toBe(JSON.stringify(view));
    expect(planAnswerJson({ transitions: [] } as unknown as PlanDetailView)).toBe('{"transitions":[]}');
  });
});
