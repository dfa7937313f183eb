import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Heading, Paragraph, RadioButton, RadioButtonGroup, Textarea, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n, type I18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { FormErrors, LiveMessage, RequiredLabel, type FieldError, TableScroll } from './shared';

type Round = Schemas['Round'];
type Question = Schemas['Question'];
type Version = Schemas['ResponseVersion'];
type Answer = Schemas['AnswerDto'];

/** The largest text answer the server accepts when the question names none (src/dialogue/questionnaire.ts). */
const DEFAULT_TEXT_LENGTH = 5000;

interface FieldState {
  /** text, number, documentRef, singleChoice: the input's text; yesNo: 'yes' | 'no' | ''; multiChoice: the chosen options. */
  value: string | string[];
  secret: boolean;
  rationale: string;
}
type FormState = Record<string, FieldState>;

/**
 * The supplier's answer to an RFI round: the form built from the round's questionnaire while the
 * round is open (prefilled with the last version sent), the answers read-only once it has closed,
 * and a receipt of every version sent.
 */
export function RfiSection({ planId, round, closed }: { planId: string; round: Round; closed: boolean }) {
  const { t } = useI18n();
  const responses = useQuery({
    queryKey: ['supplier', 'responses', planId, round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/responses', { params: { path: { id: planId, roundId: round.id } } })),
  });
  // A supplier sees only its own responses: at most one entry, with every version.
  const versions = [...(responses.data?.[0]?.versions ?? [])].sort((a, b) => b.version - a.version);
  const latest = versions[0] ?? null;
  const notYetOpen = round.status === 'scheduled';
  return (
    <>
      <Heading variant="h3">{t('supplier.rfi.title')}</Heading>
      {responses.isPending && <Loading />}
      <ErrorMessage error={responses.error} />
      {responses.isSuccess &&
        closed &&
        (latest ? <Paragraph mb="s">{t('supplier.rfi.closed')}</Paragraph> : <Paragraph>{t('supplier.rfi.closedNone')}</Paragraph>)}
      {responses.isSuccess && closed && latest && <AnswersTable questions={round.questionnaire} version={latest} />}
      {responses.isSuccess && !closed && notYetOpen && <Paragraph>{t('supplier.rfi.notOpen')}</Paragraph>}
      {responses.isSuccess && !closed && !notYetOpen && <RfiForm planId={planId} round={round} latest={latest} />}
      <Heading variant="h3">{t('supplier.versions.title')}</Heading>
      {responses.isSuccess && <VersionsTable versions={versions} />}
    </>
  );
}

function initialState(questions: Question[], latest: Version | null): FormState {
  return Object.fromEntries(
    questions.map((q) => {
      const answer = latest?.answers.find((a) => a.questionId === q.id);
      const v = answer?.value;
      let value: string | string[];
      if (q.type === 'multiChoice') value = Array.isArray(v) ? v : [];
      else if (q.type === 'yesNo') value = v === true ? 'yes' : v === false ? 'no' : '';
      else if (q.type === 'number') value = typeof v === 'number' ? String(v) : '';
      else value = typeof v === 'string' ? v : '';
      return [q.id, { value, secret: answer?.confidentiality === 'buyerOnly', rationale: answer?.rationale ?? '' }];
    }),
  );
}

const fieldId = (roundId: string, index: number) => `rfi-${roundId}-${index}`;

/** The answers to send, or the problems that keep the form from being sent, each tied to its input. */
function check(questions: Question[], state: FormState, roundId: string, t: I18n['t'], format: I18n['format']): { answers: Answer[]; errors: FieldError[] } {
  const answers: Answer[] = [];
  const errors: FieldError[] = [];
  questions.forEach((q, index) => {
    const id = fieldId(roundId, index);
    const field = state[q.id];
    const question = q.text;
    const missing = () => q.mandatory && errors.push({ inputId: id, text: t('supplier.rfi.required', { question }) });
    let value: Answer['value'] | undefined;
    if (q.type === 'multiChoice') {
      const chosen = field.value as string[];
      if (chosen.length === 0) missing();
      else value = q.options?.filter((o) => chosen.includes(o)) ?? chosen;
    } else {
      const text = (field.value as string).trim();
      if (text === '') missing();
      else if (q.type === 'number') {
        const n = Number(text.replace(',', '.').replace(/\s/g, ''));
        if (!Number.isFinite(n)) errors.push({ inputId: id, text: t('supplier.rfi.notNumber', { question }) });
        else if (q.min !== undefined && n < q.min) errors.push({ inputId: id, text: t('supplier.rfi.tooSmall', { question, min: format.number(q.min, 6) }) });
        else if (q.max !== undefined && n > q.max) errors.push({ inputId: id, text: t('supplier.rfi.tooLarge', { question, max: format.number(q.max, 6) }) });
        else value = n;
      } else if (q.type === 'yesNo') value = text === 'yes';
      else if (q.type === 'text' && (field.value as string).length > (q.maxLength ?? DEFAULT_TEXT_LENGTH)) {
        errors.push({ inputId: id, text: t('supplier.rfi.tooLong', { question, max: format.number(q.maxLength ?? DEFAULT_TEXT_LENGTH, 0) }) });
      } else value = q.type === 'singleChoice' ? text : (field.value as string);
    }
    if (value === undefined) return;
    if (field.secret && field.rationale.trim() === '') {
      errors.push({ inputId: `${id}-rationale`, text: t('supplier.rfi.rationaleMissing', { question }) });
      return;
    }
    answers.push({ questionId: q.id, value, ...(field.secret ? { confidentiality: 'buyerOnly' as const, rationale: field.rationale.trim() } : {}) });
  });
  return { answers, errors };
}

function RfiForm({ planId, round, latest }: { planId: string; round: Round; latest: Version | null }) {
  const { t, format } = useI18n();
  const queryClient = useQueryClient();
  const questions = round.questionnaire;
  // Prefilled once, from the last version sent; later refetches leave what the supplier is typing alone.
  const [state, setState] = useState<FormState>(() => initialState(questions, latest));
  const [attempt, setAttempt] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const [message, setMessage] = useState('');
  const { answers, errors } = check(questions, state, round.id, t, format);
  const save = useMutation({
    mutationFn: (body: Schemas['SubmitResponseDto']) =>
      unwrap(api.PUT('/procurements/{id}/dialogue/rounds/{roundId}/response', { params: { path: { id: planId, roundId: round.id } }, body })),
    onSuccess: (saved) => {
      setMessage(t('supplier.rfi.saved', { version: saved.version, time: format.dateTime(saved.submittedAt), id: saved.id }));
      void queryClient.invalidateQueries({ queryKey: ['supplier', 'responses', planId, round.id] });
    },
  });
  const update = (questionId: string, change: Partial<FieldState>) => setState((s) => ({ ...s, [questionId]: { ...s[questionId], ...change } }));
  const submit = () => {
    setMessage('');
    if (errors.length > 0) {
      setShowErrors(true);
      setAttempt((n) => n + 1);
      return;
    }
    setShowErrors(false);
    save.mutate({ answers });
  };
  const errorOf = (id: string) => (showErrors ? errors.find((e) => e.inputId === id)?.text : undefined);
  return (
    <form
      noValidate
      aria-label={t('supplier.rfi.title')}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Paragraph mb="m">{t('supplier.rfi.intro')}</Paragraph>
      <FormErrors errors={showErrors ? errors : []} attempt={attempt} />
      {questions.map((q, index) => {
        const id = fieldId(round.id, index);
        const field = state[q.id];
        return (
          <div key={q.id} className="rfi-question">
            <QuestionField q={q} id={id} field={field} error={errorOf(id)} onChange={(value) => update(q.id, { value })} />
            <div className="rfi-secret">
              <Checkbox id={`${id}-secret`} checked={field.secret} onClick={({ checkboxState }) => update(q.id, { secret: checkboxState })}>
                {t('supplier.rfi.tradeSecret', { question: q.text })}
              </Checkbox>
            </div>
            {field.secret && (
              <Textarea
                id={`${id}-rationale`}
                className="spaced"
                labelText={<RequiredLabel required>{t('supplier.rfi.rationale', { question: q.text })}</RequiredLabel>}
                aria-required
                value={field.rationale}
                onChange={(event) => update(q.id, { rationale: event.target.value })}
                status={errorOf(`${id}-rationale`) ? 'error' : 'default'}
                statusText={errorOf(`${id}-rationale`)}
                fullWidth
              />
            )}
          </div>
        );
      })}
      <ErrorMessage error={save.error} />
      <LiveMessage>{message}</LiveMessage>
      <Button type="submit" disabled={save.isPending}>
        {latest ? t('supplier.rfi.update') : t('supplier.rfi.send')}
      </Button>
    </form>
  );
}

function QuestionField({
  q,
  id,
  field,
  error,
  onChange,
}: {
  q: Question;
  id: string;
  field: FieldState;
  error?: string;
  onChange(value: string | string[]): void;
}) {
  const { t, format } = useI18n();
  const label = <RequiredLabel required={q.mandatory}>{q.text}</RequiredLabel>;
  const status = error ? ('error' as const) : ('default' as const);
  const value = field.value;
  switch (q.type) {
    case 'text': {
      const max = q.maxLength ?? DEFAULT_TEXT_LENGTH;
      return (
        <Textarea
          id={id}
          labelText={label}
          hintText={t('supplier.rfi.maxLength', { max: format.number(max, 0) })}
          aria-required={q.mandatory || undefined}
          value={value as string}
          onChange={(event) => onChange(event.target.value)}
          characterLimit={max}
          ariaCharactersRemainingText={(count) => t('supplier.rfi.charsLeft', { count })}
          ariaCharactersExceededText={(count) => t('supplier.rfi.charsOver', { count })}
          status={status}
          statusText={error}
          fullWidth
        />
      );
    }
    case 'number': {
      const hints = [
        q.unit ? t('supplier.rfi.unit', { unit: q.unit }) : '',
        q.min !== undefined && q.max !== undefined
          ? t('supplier.rfi.range', { min: format.number(q.min, 6), max: format.number(q.max, 6) })
          : q.min !== undefined
            ? t('supplier.rfi.min', { min: format.number(q.min, 6) })
            : q.max !== undefined
              ? t('supplier.rfi.max', { max: format.number(q.max, 6) })
              : '',
      ].filter(Boolean);
      return (
        <TextInput
          id={id}
          type="number"
          labelText={label}
          hintText={hints.join(' ') || undefined}
          aria-required={q.mandatory || undefined}
          inputMode="decimal"
          step="any"
          min={q.min}
          max={q.max}
          value={value as string}
          onChange={(v) => onChange(v === undefined ? '' : String(v))}
          status={status}
          statusText={error}
        />
      );
    }
    case 'documentRef':
      return (
        <TextInput
          id={id}
          labelText={label}
          hintText={t('supplier.rfi.documentRef')}
          aria-required={q.mandatory || undefined}
          value={value as string}
          onChange={(v) => onChange(v === undefined ? '' : String(v))}
          status={status}
          statusText={error}
          fullWidth
        />
      );
    case 'singleChoice':
    case 'yesNo': {
      const options =
        q.type === 'yesNo'
          ? [
              { value: 'yes', label: t('app.yes') },
              { value: 'no', label: t('app.no') },
            ]
          : (q.options ?? []).map((o) => ({ value: o, label: o }));
      return (
        <RadioButtonGroup labelText={label} name={id} value={value as string} onChange={onChange} groupStatus={status} groupStatusText={error}>
          {options.map((o, i) => (
            <RadioButton key={o.value} id={i === 0 ? id : `${id}-${i}`} value={o.value} required={q.mandatory}>
              {o.label}
            </RadioButton>
          ))}
        </RadioButtonGroup>
      );
    }
    case 'multiChoice': {
      const chosen = value as string[];
      return (
        <CheckboxGroup labelText={label} groupHintText={t('supplier.rfi.multiHint')} groupStatus={status} groupStatusText={error}>
          {(q.options ?? []).map((o, i) => (
            <Checkbox
              key={o}
              id={i === 0 ? id : `${id}-${i}`}
              checked={chosen.includes(o)}
              onClick={({ checkboxState }) => onChange(checkboxState ? [...chosen, o] : chosen.filter((c) => c !== o))}
            >
              {o}
            </Checkbox>
          ))}
        </CheckboxGroup>
      );
    }
  }
}

/** An answer as text: numbers in the user's locale with their unit, yes/no in words, choices listed. */
export function answerText(q: Question | undefined, value: Version['answers'][number]['value'], i18n: Pick<I18n, 't' | 'format'>): string {
  if (typeof value === 'boolean') return value ? i18n.t('app.yes') : i18n.t('app.no');
  if (typeof value === 'number') return `${i18n.format.number(value, 6)}${q?.unit ? ` ${q.unit}` : ''}`;
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : i18n.t('app.none');
  return value;
}

function AnswersTable({ questions, version }: { questions: Question[]; version: Version }) {
  const { t, format } = useI18n();
  return (
    <TableScroll label={t('supplier.rfi.answersCaption', { version: version.version })}>
      <table className="data supplier-table">
        <caption className="sr-only">{t('supplier.rfi.answersCaption', { version: version.version })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supplier.rfi.question')}</th>
            <th scope="col">{t('supplier.rfi.answer')}</th>
          </tr>
        </thead>
        <tbody>
          {questions.map((q) => {
            const answer = version.answers.find((a) => a.questionId === q.id);
            return (
              <tr key={q.id}>
                <th scope="row">{q.text}</th>
                <td>
                  {answer ? (
                    <span className="pre-line">{answerText(q, answer.value, { t, format })}</span>
                  ) : (
                    <span className="muted">{t('supplier.rfi.noAnswer')}</span>
                  )}
                  {answer?.confidentiality === 'buyerOnly' && (
                    <>
                      {' '}
                      <span className="badge badge--warn">{t('supplier.rfi.tradeSecretBadge')}</span>
                      {answer.rationale && <div className="muted">{answer.rationale}</div>}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function VersionsTable({ versions }: { versions: Version[] }) {
  const { t, format } = useI18n();
  if (versions.length === 0) return <Paragraph>{t('supplier.versions.none')}</Paragraph>;
  return (
    <TableScroll label={t('supplier.versions.caption')}>
      <table className="data supplier-table">
        <caption className="sr-only">{t('supplier.versions.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              {t('supplier.versions.version')}
            </th>
            <th scope="col">{t('supplier.versions.submittedAt')}</th>
            <th scope="col">{t('supplier.versions.receipt')}</th>
            <th scope="col" className="number">
              {t('supplier.versions.answers')}
            </th>
            <th scope="col" className="number">
              {t('supplier.versions.tradeSecrets')}
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr key={v.id}>
              <th scope="row" className="number">
                {format.number(v.version, 0)}
                {i === 0 && <span className="muted"> ({t('supplier.versions.latest')})</span>}
              </th>
              <td className="nowrap">{format.dateTime(v.submittedAt)}</td>
              <td className="receipt-id">{v.id}</td>
              <td className="number">{format.number(v.answers.length, 0)}</td>
              <td className="number">{format.number(v.answers.filter((a) => a.confidentiality === 'buyerOnly').length, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
