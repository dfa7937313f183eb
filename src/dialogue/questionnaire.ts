// The folder's index, named: a build of the former single file local-origin.js may linger in dist/ and would win.
import { BadRequestError, UnprocessableError } from '../common/errors';
import { findLocalOriginRestriction } from '../criteria/local-origin/index';
import type { QuestionnaireQuestion, ResponseAnswer } from './dialogue.entities';

const DEFAULT_TEXT_LENGTH = 5000;

/** Checks a questionnaire is answerable: unique ids, options where choices are asked, sane bounds. */
export function checkQuestionnaire(questions: QuestionnaireQuestion[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.id)) problems.push(`questionnaire.${q.id}: the id is used twice`);
    seen.add(q.id);
    const choice = q.type === 'singleChoice' || q.type === 'multiChoice';
    if (choice && (!q.options || q.options.length < 2)) problems.push(`questionnaire.${q.id}: a ${q.type} question needs at least two options`);
    if (choice && q.options && new Set(q.options).size !== q.options.length) problems.push(`questionnaire.${q.id}: options repeat`);
    if (!choice && q.options) problems.push(`questionnaire.${q.id}: options are only for choice questions`);
    if (q.type !== 'text' && q.maxLength !== undefined) problems.push(`questionnaire.${q.id}: maxLength is only for text questions`);
    if (q.type !== 'number' && (q.unit !== undefined || q.min !== undefined || q.max !== undefined)) {
      problems.push(`questionnaire.${q.id}: unit, min and max are only for number questions`);
    }
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) problems.push(`questionnaire.${q.id}: min is greater than max`);
  }
  if (problems.length > 0) throw new BadRequestError('dialogue.questionnaireInvalid', { problems: problems.join('; ') }, problems);
  refuseLocalOrigin(questions);
}

/**
 * The rule of criteria holds for questions too: a question may ask where a supplier is (market
 * research), but one that restricts or favours suppliers by origin is refused with the same rule.
 */
function refuseLocalOrigin(questions: QuestionnaireQuestion[]): void {
  for (const q of questions) {
    const texts: Array<[string, string]> = [
      [`questionnaire.${q.id}.text`, q.text],
      ...(q.options ?? []).map((option, i): [string, string] => [`questionnaire.${q.id}.options[${i}]`, option]),
    ];
    for (const [field, text] of texts) {
      const origin = findLocalOriginRestriction(text);
      if (origin) {
        throw new UnprocessableError('dialogue.questionnaireLocalOrigin', { field, phrase: origin.phrase, rule: `localOrigin.${origin.rule}` }, [
          `${field}: "${origin.phrase}" (localOrigin.${origin.rule})`,
        ]);
      }
    }
  }
}

function answerProblem(q: QuestionnaireQuestion, value: unknown): string | null {
  switch (q.type) {
    case 'text': {
      const max = q.maxLength ?? DEFAULT_TEXT_LENGTH;
      if (typeof value !== 'string' || value.trim() === '') return 'must be a non-blank text';
      return value.length > max ? `must be at most ${max} characters` : null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number${q.unit ? ` in ${q.unit}` : ''}`;
      if (q.min !== undefined && value < q.min) return `must be at least ${q.min}`;
      return q.max !== undefined && value > q.max ? `must be at most ${q.max}` : null;
    case 'singleChoice':
      return typeof value === 'string' && q.options!.includes(value) ? null : `must be one of: ${q.options!.join(', ')}`;
    case 'multiChoice':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !q.options!.includes(v))) {
        return `must be a list of options from: ${q.options!.join(', ')}`;
      }
      if (new Set(value).size !== value.length) return 'must not repeat an option';
      return q.mandatory && value.length === 0 ? 'must choose at least one option' : null;
    case 'yesNo':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'documentRef':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 2000 ? null : 'must be a document reference (a URL or an identifier)';
  }
}

/** Every problem of a response against its questionnaire, each naming its question; empty when complete. */
export function responseProblems(questions: QuestionnaireQuestion[], answers: ResponseAnswer[]): string[] {
  const problems: string[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answered = new Set<string>();
  for (const answer of answers) {
    const q = byId.get(answer.questionId);
    if (!q) {
      problems.push(`${answer.questionId}: is not a question of this round`);
      continue;
    }
    if (answered.has(q.id)) problems.push(`${q.id}: is answered twice`);
    answered.add(q.id);
    const problem = answerProblem(q, answer.value);
    if (problem) problems.push(`${q.id}: ${problem}`);
  }
  for (const q of questions) if (q.mandatory && !answered.has(q.id)) problems.push(`${q.id}: is mandatory and has no answer`);
  return problems;
}
