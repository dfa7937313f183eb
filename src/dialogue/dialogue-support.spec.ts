import type { DataSource } from 'typeorm';
import type { RoundType } from '../../workflows/common/context';
import { DIALOGUE_ROUND_TYPES, type RoundTypeTable } from '../../workflows/common/round-types';
import type { WorkflowDefinition } from '../../workflows/common/types';
import { SystemClock } from '../common/clock';
import { BadRequestError, ConflictError } from '../common/errors';
import type { Environment } from '../config/environment';
import type { UnitOfWork } from '../database/unit-of-work';
import type { AuditLogService } from '../engine/audit-log.service';
import type { EngineService } from '../engine/engine.service';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import { DialogueSupport } from './dialogue-support';
import type { DialogueRoundEntity } from './dialogue.entities';

/** A support whose plans all run on a workflow version offering `roundTypes`. */
function supportFor(roundTypes: RoundTypeTable): DialogueSupport {
  const definition = { id: 'test-workflow', version: 7, roundTypes } as unknown as WorkflowDefinition;
  const engine = { definitionFor: () => definition } as unknown as EngineService;
  const env = { ANONYMISATION_SECRET: 'test-secret', SQLITE_PATH: ':memory:' } as Environment;
  return new DialogueSupport(engine, {} as AuditLogService, {} as UnitOfWork, {} as DataSource, new SystemClock(), env);
}

const plan = { workflowId: 'test-workflow', workflowVersion: 7 } as ProcurementPlanEntity;
const roundOf = (type: RoundType) => ({ plan, round: { type } as DialogueRoundEntity });
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    return err as Error & { code: string; params: unknown };
  }
  throw new Error('not refused');
};

describe(DialogueSupport.name, () => {
  it("answers what a round type takes from the plan's workflow version", () => {
    const support = supportFor(DIALOGUE_ROUND_TYPES);
    expect(support.roundType(plan, 'rfi')).toEqual(DIALOGUE_ROUND_TYPES.rfi);
    expect(() => support.requireRoundTakes(roundOf('rfi'), 'responses')).not.toThrow();
    expect(() => support.requireRoundTakes(roundOf('draftConsultation'), 'comments')).not.toThrow();
    expect(() => support.requireRoundTakes(roundOf('oneToOne'), 'meetings')).not.toThrow();
  });

  it.each([
    ['responses', 'supplierDay', 'dialogue.noQuestionnaire'],
    ['comments', 'rfi', 'dialogue.noDraftItems'],
    ['meetings', 'draftConsultation', 'dialogue.noMeetings'],
  ] as const)('refuses %s in a %s round with %s, naming the type', (part, type, code) => {
    const err = refusal(() => supportFor(DIALOGUE_ROUND_TYPES).requireRoundTakes(roundOf(type), part));
    expect(err).toBeInstanceOf(BadRequestError);
    expect({ code: err.code, params: err.params }).toEqual({ code, params: { roundType: type } });
  });

  it('refuses a round type the version does not offer with 409 dialogue.roundTypeNotOffered', () => {
    const { rfi } = DIALOGUE_ROUND_TYPES;
    const support = supportFor({ rfi });
    const err = refusal(() => support.roundType(plan, 'oneToOne'));
    expect(err).toBeInstanceOf(ConflictError);
    expect({ code: err.code, params: err.params }).toEqual({
      code: 'dialogue.roundTypeNotOffered',
      params: { roundType: 'oneToOne', workflowId: 'test-workflow', version: 7 },
    });
    expect(() => support.requireRoundTakes(roundOf('oneToOne'), 'meetings')).toThrow(ConflictError);
  });
});
