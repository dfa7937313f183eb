import { ERROR_CODES, type ErrorCode } from '../common/error-codes';
import { CATALOGUES } from '../i18n/catalogue';
import { LANGUAGES } from '../i18n/language';

export const ERROR_DOC_PATH = 'docs/errors.md';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/errors.md: every error code with its status, meaning and message in each language, from the code. */
export function renderErrorDoc(): string {
  const codes = Object.keys(ERROR_CODES) as ErrorCode[];
  const rows = codes.map((code) => {
    const { status, meaning } = ERROR_CODES[code];
    return `| \`${code}\` | ${status} | ${cell(meaning)} | ${LANGUAGES.map((language) => cell(CATALOGUES[language][code])).join(' | ')} |`;
  });
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/common/error-codes.ts and src/i18n/messages/errors.*.ts by `npm run docs:workflows`; do not edit. -->',
    '',
    'Every error answer is JSON of one shape:',
    '',
    '```json',
    '{ "statusCode": 404, "error": "Not Found", "code": "plan.notFound", "message": "Procurement plan 6f1c… does not exist.", "params": { "planId": "6f1c…" } }',
    '```',
    '',
    '`code` is stable: build on it, not on the message. `message` is in the language of `Accept-Language`',
    '(`fi`, `sv` or `en`; the answer says which in `Content-Language`) and `params` holds the values it names',
    '(`{name}` below). Refusals of an event add `stage`, `event` and `unmet` (`[{ id, message }]`, each requirement',
    'in the same language); `validation.failed` adds `details`, one `{ field, code, params, message }` a field,',
    'naming the rule (a `validation.*` code) that field breaks; a 503 adds `retryAfterSeconds` and names what is down.',
    '',
    `| Code | Status | Meaning | ${LANGUAGES.map((language) => `Message (${language})`).join(' | ')} |`,
    `| --- | --- | --- | ${LANGUAGES.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
  ].join('\n');
}
