import type { EventSpec, WorkflowDefinition } from '../../workflows/common/types';
import { ValidationError } from '../common/errors';
import { toErrorBody } from '../common/error-body';
import { PayloadValidator } from './payload-validator';

const def = { id: 'test', version: 1 } as WorkflowDefinition;
const spec = {
  type: 'RECORD_THING',
  payload: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: {
      reason: { type: 'string', pattern: '\\S', maxLength: 10 },
      count: { type: 'integer', minimum: 0 },
      kind: { enum: ['a', 'b'] },
      amount: { type: 'number', multipleOf: 0.01 },
    },
  },
} as unknown as EventSpec;

function refusal(payload: Record<string, unknown>): ValidationError {
  try {
    new PayloadValidator().validate(def, spec, payload);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe(PayloadValidator.name, () => {
  it('names each field once with the validation rule it breaks', () => {
    expect(refusal({ count: -1.5, kind: 'c', extra: 1 }).issues).toEqual([
      { field: 'reason', rule: 'validation.required' },
      { field: 'extra', rule: 'validation.unknownField' },
      { field: 'count', rule: 'validation.integer' },
      { field: 'kind', rule: 'validation.oneOf', params: { values: '"a", "b"' } },
    ]);
    expect(refusal({ reason: '   ', amount: 1.234 }).issues).toEqual([
      { field: 'reason', rule: 'validation.blank' },
      { field: 'amount', rule: 'validation.decimals', params: { places: 2 } },
    ]);
    expect(refusal({ reason: 'x'.repeat(11) }).issues).toEqual([{ field: 'reason', rule: 'validation.maxLength', params: { max: 10 } }]);
  });

  it('answers event.payloadInvalid naming the event, in the language asked for', () => {
    const body = toErrorBody(refusal({}), 'fi');
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'event.payloadInvalid',
      params: { event: 'RECORD_THING', problems: 'reason on pakollinen' },
      message: 'Tapahtuman RECORD_THING tiedot ovat virheelliset: reason on pakollinen',
      details: [{ field: 'reason', code: 'validation.required', params: { field: 'reason' }, message: 'reason on pakollinen' }],
    });
  });
});
