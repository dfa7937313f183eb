import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Button, Heading, InlineAlert, Paragraph, RadioButton, RadioButtonGroup, Textarea, TextInput } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { allCodes } from '../../api/codes';
import { useCaller } from '../../auth/session';
import { LOCALES } from '../../i18n/format';
import { useI18n, type I18n, type MessageKey } from '../../i18n/i18n';
import { ErrorMessage, Loading, StatusMessage } from '../../ui/page';
import { canChangePlan } from '../law/team';
import './statistics.css';

type Plan = Schemas['PlanDetail'];
type Statistics = Schemas['HilmaStatistics'];
type Lot = Schemas['HilmaStatisticsLot'];
type QuestionView = Schemas['HilmaStatisticsAnswer'];
type Reason = Schemas['HilmaStatisticsReason'];
type Question = keyof Lot;
type Value = QuestionView['value'];
type OverrideBody = Schemas['StatisticsOverrideDto'];

/** Hilma's questions in the order its form asks them (src/notices/statistics/hilma-statistics.ts). */
const QUESTIONS = allCodes<Question>({
  innovationConsidered: true,
  solutionNewToBuyer: true,
  solutionNewToMarketOrIndustry: true,
  energyEfficiencyConsidered: true,
  lowCarbon: true,
  circularEconomy: true,
  biodiversity: true,
  sustainableFoodProduction: true,
  listedGreenCriteriaUsed: true,
  justWorkingConditions: true,
  employmentCondition: true,
  howManyOpportunitiesIsEstimated: true,
  codeOfConduct: true,
  smeParticipationConsidered: true,
});
/** Answered with a whole number (0–100 000), not yes/no. */
const NUMBER_QUESTION: Question = 'howManyOpportunitiesIsEstimated';
const MAX_NUMBER = 100_000;

const questionKey = (q: string) => `stats.q.${q}` as MessageKey;
const shortKey = (q: string) => `stats.short.${q}` as MessageKey;
const statsKey = (id: string) => ['hilma-statistics', id] as const;
const anchorOf = (lotId: string, q: string) => `hilma-${lotId}-${q}`;

/** A catalogue text, or the code itself when the console has no text for it (a code added on the server later). */
function named(t: I18n['t'], key: string, code: string): string {
  const text = t(key as MessageKey);
  return text === key ? code : text;
}

function list(language: I18n['language'], items: string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return new Intl.ListFormat(LOCALES[language], { style: 'long', type }).format(items);
}

/** A name quoted as the language quotes (the names are labels, capitalised, inside a sentence). */
const quoted = (language: I18n['language'], name: string) => (language === 'en' ? `“${name}”` : `”${name}”`);

const asString = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const asStrings = (value: unknown) => (Array.isArray(value) ? value.map(asString) : []);

/** A reason of the server (a stable code with its params) in words. */
function reasonText({ t, language }: Pick<I18n, 't' | 'language'>, reason: Reason): string {
  const p = reason.params;
  const goal = (code: unknown) => named(t, `goal.${asString(code)}`, asString(code));
  const kind = (k: unknown) => named(t, `tools.criteria.kind.${asString(k)}`, asString(k)).toLocaleLowerCase(LOCALES[language]);
  const title = asString(p.title);
  switch (reason.code) {
    case 'strategyGoal':
      return t('stats.reason.strategyGoal', { goal: goal(p.goalCode) });
    case 'strategicGoal':
      return t('stats.reason.strategicGoal', { title, goal: goal(p.goalCode) });
    case 'criterion':
      return t('stats.reason.criterion', { title, kind: kind(p.kind), goal: goal(p.goalCode) });
    case 'gppCriterion':
      return t('stats.reason.gppCriterion', { title, source: quoted(language, named(t, `tools.criteria.source.${asString(p.source)}`, asString(p.source))) });
    case 'foodCriterion':
      return t('stats.reason.foodCriterion', { title });
    case 'foodSubject':
      return t('stats.reason.foodSubject', {
        cpvCode: asString(p.cpvCode),
        goals: list(
          language,
          asStrings(p.goalCodes).map((c) => quoted(language, goal(c))),
        ),
      });
    case 'codeOfConductCriterion':
      return t('stats.reason.codeOfConductCriterion', { title, kind: kind(p.kind) });
    case 'noSolutionOnMarket':
    case 'solutionOnMarket':
      return named(t, `stats.reason.${reason.code}.${asString(p.record)}`, `${reason.code} (${asString(p.record)})`);
    case 'procedure':
      return t('stats.reason.procedure', { procedure: named(t, `procedure.${asString(p.procedure)}`, asString(p.procedure)) });
    case 'newToMarket':
      return t('stats.reason.newToMarket');
    case 'smeRegistrations':
      return t('stats.reason.smeRegistrations', { sme: asString(p.sme), registrations: asString(p.registrations) });
    case 'nothingFound': {
      const parts = [t('stats.reason.nothingFound')];
      const goals = asStrings(p.goalCodes);
      if (goals.length > 0)
        parts.push(
          t('stats.reason.nothingFound.goals', {
            goals: list(
              language,
              goals.map((c) => quoted(language, goal(c))),
              'disjunction',
            ),
          }),
        );
      const sources = asStrings(p.sources);
      if (sources.length > 0)
        parts.push(
          t('stats.reason.nothingFound.sources', {
            sources: list(
              language,
              sources.map((s) => quoted(language, named(t, `tools.criteria.source.${s}`, s))),
            ),
          }),
        );
      const also = asStrings(p.also);
      if (also.length > 0)
        parts.push(
          t('stats.reason.nothingFound.also', {
            records: list(
              language,
              also.map((r) => named(t, `stats.looked.${r}`, r)),
            ),
          }),
        );
      return parts.join(' ');
    }
    case 'notAsked': {
      const after = asStrings(p.because).map((q) => named(t, shortKey(q), q));
      return after.length === 1
        ? t('stats.reason.notAsked.one', { question: after[0] })
        : t('stats.reason.notAsked.any', { questions: list(language, after, 'disjunction') });
    }
    case 'officerEstimates':
      return t('stats.reason.officerEstimates');
    default:
      return t('stats.reason.unknown', { code: reason.code });
  }
}

/** What an answer reads as: yes, no, a number, not asked, not answered. */
function answerText({ t, format }: Pick<I18n, 't' | 'format'>, value: Value, asked = true): string {
  if (value === true) return t('app.yes');
  if (value === false) return t('app.no');
  if (typeof value === 'number') return format.number(value, 0);
  return asked ? t('stats.answer.unanswered') : t('stats.answer.notAsked');
}

function answerBadge(view: QuestionView): string {
  if (!view.asked) return 'badge';
  if (view.value === null) return 'badge badge--warn';
  return view.value === false ? 'badge' : 'badge badge--ok';
}

/**
 * Hilma's statistical questions for the plan's E1 notice (GET /procurements/{id}/notices/e1/hilma-statistics):
 * each answer with where it came from — derived from the plan with its reasons in words, or an
 * officer's override with who, when and why — and the questions still without an answer. Officers
 * on the team override an answer with a reason, or remove an override (PATCH).
 */
export default function HilmaStatisticsTab({ plan, refresh }: { plan: Plan; refresh(): void }) {
  const { t, language } = useI18n();
  const caller = useCaller();
  const headingId = useId();
  const status = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState('');
  const statistics = useQuery({
    queryKey: statsKey(plan.id),
    queryFn: () => unwrap(api.GET('/procurements/{id}/notices/e1/hilma-statistics', { params: { path: { id: plan.id } } })),
  });
  // The same query as the plan page's: whether the plan's stage is final (answers are no longer taken).
  const workflow = useQuery({
    queryKey: ['workflow', plan.workflow.id, plan.workflow.version, language],
    queryFn: () => unwrap(api.GET('/workflows/{id}/versions/{version}', { params: { path: { id: plan.workflow.id, version: plan.workflow.version } } })),
    staleTime: Infinity,
  });
  const closed = workflow.data?.stages.find((s) => s.id === plan.stage)?.final ?? false;
  const editable = caller.role === 'officer' && canChangePlan(plan, caller) && !closed;
  const data = statistics.data;
  const lotIds = data ? Object.keys(data.lots).sort() : [];

  const announce = (text: string) => {
    setMessage(text);
    status.current?.focus();
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {t('stats.title')}
      </Heading>
      <Paragraph mb="m">{t('stats.lead')}</Paragraph>
      {closed ? <Paragraph mb="m">{t('stats.closed')}</Paragraph> : !editable && <Paragraph mb="m">{t('stats.readOnly')}</Paragraph>}
      <StatusMessage ref={status} message={message} />
      <ErrorMessage error={statistics.error} />
      {statistics.isPending && <Loading />}
      {data && (
        <>
          <Unanswered statistics={data} />
          {lotIds.map((lotId) => (
            <div key={lotId}>
              {lotIds.length > 1 && (
                <Heading variant="h3" className="hilma-lot">
                  {t('stats.lot', { lot: lotId })}
                </Heading>
              )}
              <ol className="hilma-questions">
                {QUESTIONS.map((q) => (
                  <QuestionItem
                    key={q}
                    plan={plan}
                    lotId={lotId}
                    question={q}
                    view={data.lots[lotId][q]}
                    editable={editable}
                    onChange={() => setMessage('')}
                    onSaved={announce}
                    refresh={refresh}
                  />
                ))}
              </ol>
            </div>
          ))}
        </>
      )}
    </section>
  );
}

/** The questions Hilma asks that have no answer yet, each a link to its question; Hilma needs them all. */
function Unanswered({ statistics }: { statistics: Statistics }) {
  const { t } = useI18n();
  if (statistics.unanswered.length === 0) {
    return (
      <Paragraph mb="m" className="hilma-complete">
        {t('stats.unanswered.none')}
      </Paragraph>
    );
  }
  const manyLots = Object.keys(statistics.lots).length > 1;
  const jump = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    const target = document.getElementById(id);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  };
  return (
    <InlineAlert status="warning" labelText={t('stats.unanswered.title')} mb="m">
      <p className="hilma-unanswered__intro">{t('stats.unanswered.intro')}</p>
      <ul className="hilma-unanswered">
        {statistics.unanswered.map(({ lotId, question }) => {
          const id = `${anchorOf(lotId, question)}-heading`;
          const text = named(t, questionKey(question), question);
          return (
            <li key={`${lotId}-${question}`}>
              <a href={`#${id}`} onClick={(e) => jump(e, id)}>
                {manyLots ? t('stats.unanswered.inLot', { question: text, lot: lotId }) : text}
              </a>
            </li>
          );
        })}
      </ul>
    </InlineAlert>
  );
}

function QuestionItem({
  plan,
  lotId,
  question,
  view,
  editable,
  onChange,
  onSaved,
  refresh,
}: {
  plan: Plan;
  lotId: string;
  question: Question;
  view: QuestionView;
  editable: boolean;
  onChange(): void;
  onSaved(text: string): void;
  refresh(): void;
}) {
  const i18n = useI18n();
  const { t, format } = i18n;
  const anchor = anchorOf(lotId, question);
  const headingId = `${anchor}-heading`;
  const formId = `${anchor}-form`;
  const [open, setOpen] = useState(false);
  const override = view.override;
  const reasons = (
    <ul className="hilma-reasons">
      {view.derived.reasons.map((r, i) => (
        <li key={i}>{reasonText(i18n, r)}</li>
      ))}
    </ul>
  );
  // A question not asked takes no answer (the API refuses one); an answer kept for it can be removed.
  const canOverride = editable && (view.asked || override !== null);
  const toggleLabel = !view.asked ? t('stats.form.removeOnly') : view.value === null ? t('stats.form.answerNow') : t('stats.form.open');

  return (
    <li id={anchor} className="hilma-question">
      <Heading variant="h3" id={headingId} tabIndex={-1} className="hilma-question__title">
        {t(questionKey(question))}
      </Heading>
      <p className="hilma-question__answer">
        <span className="muted">{t('stats.answer')}:</span> <strong className={answerBadge(view)}>{answerText(i18n, view.value, view.asked)}</strong>
      </p>
      {view.source === 'override' && override ? (
        <div className="hilma-source">
          <p>{t('stats.source.override', { name: override.by.name, at: format.dateTime(override.at) })}</p>
          <p className="hilma-source__reason">{t('stats.source.reason', { reason: override.reason })}</p>
          <p className="muted">{t('stats.source.derivedWould', { answer: answerText(i18n, view.derived.value) })}</p>
          {reasons}
        </div>
      ) : view.source === 'notAsked' ? (
        <div className="hilma-source">
          {reasons}
          {override && (
            <>
              <p className="muted">
                {t('stats.source.dormant', { name: override.by.name, at: format.dateTime(override.at), answer: answerText(i18n, override.value) })}
              </p>
              <p className="muted hilma-source__reason">{t('stats.source.reason', { reason: override.reason })}</p>
            </>
          )}
        </div>
      ) : (
        <div className="hilma-source">
          <p>{t('stats.source.derived')}</p>
          {reasons}
        </div>
      )}
      {canOverride && (
        <>
          <button
            type="button"
            className="event-form__button"
            aria-expanded={open}
            aria-controls={formId}
            aria-describedby={headingId}
            onClick={() => {
              onChange();
              setOpen((o) => !o);
            }}
          >
            {toggleLabel}
          </button>
          {open && (
            <OverrideForm
              id={formId}
              plan={plan}
              lotId={lotId}
              question={question}
              view={view}
              onCancel={() => setOpen(false)}
              onSaved={(text) => {
                setOpen(false);
                onSaved(text);
              }}
              refresh={refresh}
            />
          )}
        </>
      )}
    </li>
  );
}

type Field = 'value' | 'reason';

/** The server's messages per field of the one override sent (`overrides[0].value`, `overrides[0].reason`). */
function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  const details = error instanceof ApiError && Array.isArray(error.body?.details) ? (error.body.details as Array<{ field?: string; message?: string }>) : [];
  const errors: Partial<Record<Field, string>> = {};
  for (const d of details) {
    const field = d.field?.endsWith('.reason') ? 'reason' : d.field?.endsWith('.value') ? 'value' : undefined;
    if (field && d.message) errors[field] = errors[field] ? `${errors[field]}; ${d.message}` : d.message;
  }
  return errors;
}

function OverrideForm({
  id,
  plan,
  lotId,
  question,
  view,
  onCancel,
  onSaved,
  refresh,
}: {
  id: string;
  plan: Plan;
  lotId: string;
  question: Question;
  view: QuestionView;
  onCancel(): void;
  onSaved(text: string): void;
  refresh(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const isNumber = question === NUMBER_QUESTION;
  const [choice, setChoice] = useState<'' | 'yes' | 'no'>(view.value === true ? 'yes' : view.value === false ? 'no' : '');
  const [number, setNumber] = useState(typeof view.value === 'number' ? String(view.value) : '');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});

  const save = useMutation({
    mutationFn: (override: OverrideBody) =>
      unwrap(api.PATCH('/procurements/{id}/notices/e1/hilma-statistics', { params: { path: { id: plan.id } }, body: { overrides: [override] } })),
    onSuccess: (next, override) => {
      queryClient.setQueryData(statsKey(plan.id), next);
      const now = next.lots[lotId]?.[question];
      const questionText = t(questionKey(question));
      onSaved(
        override.value === null
          ? t('stats.removed', { question: questionText, answer: answerText(i18n, now?.value ?? null, now?.asked ?? true) })
          : t('stats.saved', { question: questionText, answer: answerText(i18n, override.value) }),
      );
    },
    onError: (error) => {
      // The plan closed in between (409): show it as it is now.
      if (error instanceof ApiError && error.status === 409) refresh();
    },
  });
  const server = fieldErrors(save.error);
  const errors = { value: local.value ?? server.value, reason: local.reason ?? server.reason };

  const send = (value: Value | undefined) => {
    const problems: Partial<Record<Field, string>> = {};
    if (value === undefined) problems.value = isNumber ? t('stats.error.number') : t('stats.error.answer');
    if (reason.trim() === '') problems.reason = t('stats.error.reason');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || value === undefined) {
      save.reset();
      const first = problems.value ? (isNumber ? `${id}-number` : `${id}-yes`) : `${id}-reason`;
      document.getElementById(first)?.focus();
      return;
    }
    save.mutate({ lotId: lotId as OverrideBody['lotId'], question, value, reason: reason.trim() });
  };
  const chosenValue = (): Value | undefined => {
    if (!isNumber) return choice === 'yes' ? true : choice === 'no' ? false : undefined;
    const n = Number(number.trim());
    return number.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_NUMBER ? n : undefined;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(chosenValue());
  };
  const questionText = t(questionKey(question));

  return (
    <form id={id} className="hilma-form" noValidate onSubmit={submit}>
      {view.asked &&
        (isNumber ? (
          <TextInput
            id={`${id}-number`}
            labelText={t('stats.form.number')}
            hintText={t('stats.form.numberHint')}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_NUMBER}
            step={1}
            value={number}
            onChange={(v) => setNumber(String(v ?? ''))}
            {...(errors.value ? { status: 'error' as const, statusText: errors.value } : {})}
          />
        ) : (
          <RadioButtonGroup
            labelText={questionText}
            name={`${id}-answer`}
            value={choice}
            onChange={(v) => setChoice(v as 'yes' | 'no')}
            {...(errors.value ? { groupStatus: 'error' as const, groupStatusText: errors.value } : {})}
          >
            <RadioButton id={`${id}-yes`} value="yes">
              {t('app.yes')}
            </RadioButton>
            <RadioButton id={`${id}-no`} value="no">
              {t('app.no')}
            </RadioButton>
          </RadioButtonGroup>
        ))}
      <Textarea
        id={`${id}-reason`}
        className="spaced"
        labelText={`${t('stats.form.reason')} (${t('app.required')})`}
        hintText={t('stats.form.reasonHint')}
        maxLength={2000}
        fullWidth
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        {...(errors.reason ? { status: 'error' as const, statusText: errors.reason } : {})}
      />
      <ErrorMessage error={save.error} />
      <div className="row spaced hilma-form__actions">
        {view.asked && (
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? t('stats.form.saving') : t('stats.form.save')}
          </Button>
        )}
        {view.override && (
          <Button type="button" variant="secondary" disabled={save.isPending} onClick={() => send(null)}>
            {t('stats.form.remove')}
          </Button>
        )}
        <Button type="button" variant="secondaryNoBorder" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  );
}
