import { getMetadataStorage, type ValidationError as FieldError } from 'class-validator';
import type { MessageParams } from '../i18n/format';
import type { ValidationRule } from './error-codes';
import { ValidationError, type FieldIssue } from './errors';

/** class-validator's constraint names, most telling first: a field is reported by the first that failed. */
const RULES: ReadonlyArray<[constraint: string, rule: ValidationRule]> = [
  ['whitelistValidation', 'validation.unknownField'],
  ['unknownValue', 'validation.body'],
  ['isDefined', 'validation.required'],
  ['isString', 'validation.string'],
  ['isNumber', 'validation.number'],
  ['isInt', 'validation.integer'],
  ['isBoolean', 'validation.boolean'],
  ['isObject', 'validation.object'],
  ['nestedValidation', 'validation.object'],
  ['isArray', 'validation.array'],
  ['visibleText', 'validation.blank'],
  ['isIn', 'validation.oneOf'],
  ['isIso8601', 'validation.dateTime'],
  ['isUuid', 'validation.uuid'],
  ['isUrl', 'validation.url'],
  ['isEmail', 'validation.email'],
  ['isCurrency', 'validation.currency'],
  ['isIso4217CurrencyCode', 'validation.currency'],
  ['matches', 'validation.format'],
  ['finnishBusinessId', 'validation.format'],
  ['minLength', 'validation.minLength'],
  ['maxLength', 'validation.maxLength'],
  ['min', 'validation.min'],
  ['max', 'validation.max'],
  ['maxDecimalPlaces', 'validation.decimals'],
  ['arrayMinSize', 'validation.arrayMinSize'],
  ['arrayMaxSize', 'validation.arrayMaxSize'],
  ['arrayUnique', 'validation.arrayUnique'],
];

/** The values a rule's message names, from the constraint's declared arguments. */
function paramsOf(rule: ValidationRule, args: unknown[]): MessageParams {
  const first = args[0];
  switch (rule) {
    case 'validation.maxLength':
    case 'validation.max':
    case 'validation.arrayMaxSize':
      return { max: Number(first) };
    case 'validation.minLength':
    case 'validation.min':
    case 'validation.arrayMinSize':
      return { min: Number(first) };
    case 'validation.decimals':
      return { places: Number(first) };
    case 'validation.oneOf':
      return { values: Array.isArray(first) ? first.join(', ') : String(first) };
    // Every rule is named: a new rule whose message names a value needs a case above.
    case 'validation.array':
    case 'validation.arrayUnique':
    case 'validation.blank':
    case 'validation.body':
    case 'validation.boolean':
    case 'validation.currency':
    case 'validation.dateTime':
    case 'validation.email':
    case 'validation.failed':
    case 'validation.format':
    case 'validation.integer':
    case 'validation.invalid':
    case 'validation.number':
    case 'validation.object':
    case 'validation.required':
    case 'validation.string':
    case 'validation.unknownField':
    case 'validation.url':
    case 'validation.uuid':
    default:
      return {};
  }
}

/** The arguments a constraint was declared with on the DTO (`@MaxLength(200)` → [200]). */
function argumentsOf(error: FieldError, constraint: string): unknown[] {
  const target = error.target?.constructor;
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name === constraint || m.type === constraint));
  return metadata?.constraints ?? [];
}

function pathOf(parent: string, property: string): string {
  if (property === '') return parent || 'body';
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function issuesOf(errors: FieldError[], parent: string): FieldIssue[] {
  return errors.flatMap((error) => {
    const field = pathOf(parent, error.property);
    const failed = Object.keys(error.constraints ?? {});
    const own: FieldIssue[] = [];
    if (failed.length > 0) {
      const missing = error.value === undefined && !failed.includes('whitelistValidation') && !failed.includes('unknownValue');
      const found = missing ? (['isDefined', 'validation.required'] as const) : RULES.find(([constraint]) => failed.includes(constraint));
      const rule = found?.[1] ?? 'validation.invalid';
      own.push({ field, rule, params: found && !missing ? paramsOf(rule, argumentsOf(error, found[0])) : {} });
    }
    return [...own, ...issuesOf(error.children ?? [], field)];
  });
}

/**
 * The ValidationPipe's exceptionFactory: one issue a field, naming the rule that matters most
 * (a missing field is "required", not also "must be a string" and "must be at most 200 characters").
 */
export function validationException(errors: FieldError[]): ValidationError {
  return new ValidationError(issuesOf(errors, ''));
}
