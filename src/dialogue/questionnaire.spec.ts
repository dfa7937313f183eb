import { BadRequestError, UnprocessableError } from '../common/errors';
import type { QuestionnaireQuestion } from './dialogue.entities';
import { checkQuestionnaire } from './questionnaire';

const question = (id: string, text: string, options?: string[]): QuestionnaireQuestion =>
  options ? { id, text, type: 'singleChoice', mandatory: true, options } : { id, text, type: 'text', mandatory: true };

describe(checkQuestionnaire.name, () => {
  it('lets a round ask where a supplier is', () => {
    expect(() =>
      checkQuestionnaire([
        question('seat', 'Onko yrityksenne kotipaikka Vantaalla?'),
        question('where', 'Where is your head office?', ['Vantaa', 'Elsewhere']),
      ]),
    ).not.toThrow();
  });

  it('refuses a question that restricts or favours suppliers by origin, naming the field, the phrase and the rule', () => {
    let error: unknown;
    try {
      checkQuestionnaire([question('q1', 'Describe your delivery model.'), question('q2', 'Vain vantaalaiset yritykset voivat osallistua neuvotteluihin.')]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error).toMatchObject({
      code: 'dialogue.questionnaireLocalOrigin',
      params: { field: 'questionnaire.q2.text', phrase: 'vantaalaiset yritykset', rule: 'localOrigin.place' },
    });
  });

  it('checks the options too', () => {
    expect(() => checkQuestionnaire([question('q1', 'Which suppliers should the city invite?', ['All suppliers', 'Only local suppliers'])])).toThrow(
      expect.objectContaining({ code: 'dialogue.questionnaireLocalOrigin', params: expect.objectContaining({ field: 'questionnaire.q1.options[1]' }) }),
    );
  });

  it('reports a questionnaire that cannot be answered first (400)', () => {
    expect(() => checkQuestionnaire([question('q1', 'Only local suppliers may answer.', ['One'])])).toThrow(BadRequestError);
  });
});
