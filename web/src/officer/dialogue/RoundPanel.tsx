import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, Heading, Paragraph, Textarea, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { fromLocalInput, toLocalInput } from '../../i18n/format';
import { ErrorMessage, Loading } from '../../ui/page';
import { DateTimeField, parseNumber } from './fields';
import { dialogueKey, dialogueRunning, questionTypeKey, roundStatusKey, roundTypeKey, STATUS_BADGE, type Round } from './shared';

interface Props {
  round: Round;
  plan: Schemas['PlanDetail'];
  registrations: Schemas['Registration'][];
  officer: boolean;
  refresh(): void;
}

type Names = (businessId: string) => string;

/** One round: its texts and deadlines, and for officers its questionnaire, responses, question inbox, comments and meetings. */
export function RoundPanel({ round, plan, registrations, officer, refresh }: Props) {
  const { t } = useI18n();
  const names: Names = (businessId) => registrations.find((r) => r.businessId === businessId)?.name ?? businessId;
  const running = dialogueRunning(plan);
  const live = running && (round.status === 'open' || round.status === 'scheduled');
  return (
    <section aria-labelledby={`round-${round.id}`} className="pt-stack">
      <Heading variant="h3" id={`round-${round.id}`}>
        {round.title}
      </Heading>
      <Paragraph>
        {t(roundTypeKey(round.type))} · <span className={STATUS_BADGE[round.status]}>{t(roundStatusKey(round.status))}</span>
      </Paragraph>
      <p className="pt-quote">{round.description}</p>
      {officer && live && <ExtendForm round={round} planId={plan.id} refresh={refresh} />}
      {round.questionnaire.length > 0 && <Questionnaire round={round} />}
      {officer && round.type === 'rfi' && <Responses round={round} planId={plan.id} names={names} />}
      {officer && <Inbox round={round} planId={plan.id} running={running} refresh={refresh} names={names} />}
      {officer && round.type === 'draftConsultation' && <Comments round={round} planId={plan.id} names={names} />}
      {officer && round.type === 'oneToOne' && <Meetings round={round} planId={plan.id} running={running} names={names} refresh={refresh} />}
    </section>
  );
}

/** Deadlines can only move later; a deadline already passed is not offered. */
function ExtendForm({ round, planId, refresh }: { round: Round; planId: string; refresh(): void }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const initial = {
    questionsUntil: toLocalInput(round.questionsUntil),
    clarificationsUntil: toLocalInput(round.clarificationsUntil),
    closesAt: toLocalInput(round.closesAt),
  };
  const [dates, setDates] = useState(initial);
  const [done, setDone] = useState(false);
  const now = Date.now();
  const fields = (['questionsUntil', 'clarificationsUntil', 'closesAt'] as const).filter((f) =>
    f === 'closesAt' ? true : new Date(round.clarificationsUntil).getTime() > now,
  );
  const changed = fields.filter((f) => dates[f] && dates[f] !== initial[f]);
  const extend = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/procurements/{id}/dialogue/rounds/{roundId}', {
          params: { path: { id: planId, roundId: round.id } },
          body: Object.fromEntries(changed.map((f) => [f, fromLocalInput(dates[f])])),
        }),
      ),
    onSuccess: () => {
      setDone(true);
      void queries.invalidateQueries({ queryKey: dialogueKey(planId) });
      refresh();
    },
  });
  return (
    <form
      aria-labelledby={`extend-${round.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        extend.mutate();
      }}
    >
      <Heading variant="h4" id={`extend-${round.id}`}>
        {t('tools.dialogue.extend.title')}
      </Heading>
      <Paragraph mb="s">
        <span className="muted">{t('tools.dialogue.extend.hint')}</span>
      </Paragraph>
      <div className="grid-2">
        {fields.map((f) => (
          <DateTimeField key={f} label={t(`tools.dialogue.round.${f}`)} value={dates[f]} onChange={(value) => setDates((d) => ({ ...d, [f]: value }))} />
        ))}
      </div>
      <ErrorMessage error={extend.error} />
      <div role="status">{done && <Paragraph className="spaced">{t('tools.dialogue.extend.done')}</Paragraph>}</div>
      <div className="pt-actions">
        <Button type="submit" variant="secondary" disabled={extend.isPending || changed.length === 0}>
          {t('tools.dialogue.extend.submit')}
        </Button>
      </div>
    </form>
  );
}

function Questionnaire({ round }: { round: Round }) {
  const { t, format } = useI18n();
  return (
    <div>
      <Heading variant="h4">{t('tools.dialogue.questionnaire.title')}</Heading>
      <ol>
        {round.questionnaire.map((q) => (
          <li key={q.id}>
            {q.text}{' '}
            <span className="muted">
              (
              {[
                t(questionTypeKey(q.type)),
                q.mandatory ? t('tools.dialogue.questionnaire.mandatoryShort') : t('tools.dialogue.optional'),
                q.unit ? t('tools.dialogue.questionnaire.unitShort', { unit: q.unit }) : null,
                q.min !== undefined ? `${t('tools.dialogue.questionnaire.min')} ${format.number(q.min, 6)}` : null,
                q.max !== undefined ? `${t('tools.dialogue.questionnaire.max')} ${format.number(q.max, 6)}` : null,
                q.maxLength !== undefined ? t('tools.dialogue.questionnaire.maxLengthShort', { max: format.number(q.maxLength, 0) }) : null,
                q.options?.length ? q.options.join(' / ') : null,
                `${t('tools.dialogue.questionnaire.id')}: ${q.id}`,
              ]
                .filter(Boolean)
                .join(' · ')}
              )
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Responses({ round, planId, names }: { round: Round; planId: string; names: Names }) {
  const { t, format } = useI18n();
  const responses = useQuery({
    queryKey: [...dialogueKey(planId), 'responses', round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/responses', { params: { path: { id: planId, roundId: round.id } } })),
  });
  const value = (questionId: string, v: string | number | boolean | string[]) => {
    const q = round.questionnaire.find((x) => x.id === questionId);
    if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
    if (typeof v === 'number') return q?.unit ? `${format.number(v, 6)} ${q.unit}` : format.number(v, 6);
    if (Array.isArray(v)) return v.length ? v.join(', ') : t('app.none');
    return v;
  };
  return (
    <div>
      <Heading variant="h4">{t('tools.dialogue.responses.title')}</Heading>
      {responses.isPending && <Loading />}
      <ErrorMessage error={responses.error} />
      {responses.data?.length === 0 && <Paragraph>{t('tools.dialogue.responses.none')}</Paragraph>}
      <ul className="pt-list">
        {responses.data?.map((r) => (
          <li key={r.businessId}>
            <Paragraph>
              <strong>{names(r.businessId)}</strong>{' '}
              <span className="muted">
                {t('tools.dialogue.responses.version', { version: r.latest.version, at: format.dateTime(r.latest.submittedAt) })}
                {r.versions.length > 1 && ` · ${t('tools.dialogue.responses.versions', { count: r.versions.length })}`}
              </span>
            </Paragraph>
            <dl className="pt-facts">
              {r.latest.answers.map((a) => (
                <div key={a.questionId} style={{ display: 'contents' }}>
                  <dt>{round.questionnaire.find((q) => q.id === a.questionId)?.text ?? a.questionId}</dt>
                  <dd>
                    {a.confidentiality === 'buyerOnly' && (
                      <>
                        <span className="badge badge--warn">{t('tools.dialogue.responses.tradeSecret')}</span>{' '}
                        <span className="muted">{t('tools.dialogue.responses.tradeSecretNote')}</span>
                        <br />
                      </>
                    )}
                    <span className="pt-quote">{value(a.questionId, a.value)}</span>
                    {a.confidentiality === 'buyerOnly' && a.rationale && (
                      <>
                        <br />
                        <span className="muted">{t('tools.dialogue.responses.rationale', { rationale: a.rationale })}</span>
                      </>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The question inbox: every question of the round, a page at a time. Select one or more (duplicates
 * are answered together: bundling) and publish one answer to every registered supplier, or, after
 * the clarification deadline, a dismissal with its reason.
 */
function Inbox({ round, planId, running, names, refresh }: { round: Round; planId: string; running: boolean; names: Names; refresh(): void }) {
  const { t, format } = useI18n();
  const queries = useQueryClient();
  const key = [...dialogueKey(planId), 'questions', round.id];
  const pages = useInfiniteQuery({
    queryKey: key,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/procurements/{id}/dialogue/rounds/{roundId}/questions', {
          params: { path: { id: planId, roundId: round.id }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const all = pages.data?.pages.flatMap((p) => p.all ?? []) ?? [];
  const published = pages.data?.pages[0]?.published ?? [];
  const open = all.filter((q) => !q.answered);
  const answersOpen = running && Date.now() < new Date(round.clarificationsUntil).getTime() && round.status !== 'closed' && round.status !== 'cancelled';

  const publish = useMutation({
    mutationFn: (kind: 'answer' | 'dismissal') =>
      unwrap(
        api.POST('/procurements/{id}/dialogue/rounds/{roundId}/answers', {
          params: { path: { id: planId, roundId: round.id } },
          body: { questionIds: selected, text: text.trim(), kind },
        }),
      ),
    onSuccess: (answer) => {
      setDone(t(answer.kind === 'answer' ? 'tools.dialogue.inbox.published' : 'tools.dialogue.inbox.dismissed', { count: answer.questions.length }));
      setSelected([]);
      setText('');
      void queries.invalidateQueries({ queryKey: dialogueKey(planId) });
      refresh();
    },
  });
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));

  return (
    <div>
      <Heading variant="h4">{t('tools.dialogue.inbox.title')}</Heading>
      {pages.isPending && <Loading />}
      <ErrorMessage error={pages.error} />
      {pages.data && (
        <>
          <Paragraph mb="s">{t('tools.dialogue.inbox.summary', { open: open.length, total: all.length })}</Paragraph>
          {open.length > 0 && running && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                setDone(null);
                publish.mutate(answersOpen ? 'answer' : 'dismissal');
              }}
            >
              <fieldset className="pt-fieldset">
                <legend>{t('tools.dialogue.inbox.choose')}</legend>
                <Paragraph mb="s">
                  <span className="muted">{t('tools.dialogue.inbox.bundleHint')}</span>
                </Paragraph>
                <ul className="pt-list">
                  {open.map((q) => (
                    <li key={q.id}>
                      <Checkbox
                        checked={selected.includes(q.id)}
                        onClick={({ checkboxState }) => toggle(q.id, checkboxState)}
                        hintText={t('tools.dialogue.inbox.askedBy', { supplier: names(q.businessId), pseudonym: q.askedBy, at: format.dateTime(q.askedAt) })}
                      >
                        {q.question}
                      </Checkbox>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <p role="status" aria-live="polite" className="muted">
                {t('tools.dialogue.inbox.selected', { count: selected.length })}
              </p>
              {!answersOpen && <Paragraph mb="s">{t('tools.dialogue.inbox.onlyDismissal', { at: format.dateTime(round.clarificationsUntil) })}</Paragraph>}
              <Textarea
                labelText={answersOpen ? t('tools.dialogue.inbox.answer') : t('tools.dialogue.inbox.dismissalReason')}
                hintText={t('tools.dialogue.inbox.answerHint')}
                value={text}
                onChange={(e) => setText(e.target.value)}
                fullWidth
              />
              <ErrorMessage error={publish.error} />
              <div className="pt-actions">
                <Button type="submit" disabled={publish.isPending || selected.length === 0 || !text.trim()}>
                  {answersOpen ? t('tools.dialogue.inbox.publish') : t('tools.dialogue.inbox.dismiss')}
                </Button>
                {answersOpen && (
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={publish.isPending || selected.length === 0 || !text.trim()}
                    onClick={() => publish.mutate('dismissal')}
                  >
                    {t('tools.dialogue.inbox.dismiss')}
                  </Button>
                )}
              </div>
            </form>
          )}
          {open.length > 0 && !running && (
            <ul className="pt-list">
              {open.map((q) => (
                <li key={q.id}>
                  {q.question}{' '}
                  <span className="muted">
                    {t('tools.dialogue.inbox.askedBy', { supplier: names(q.businessId), pseudonym: q.askedBy, at: format.dateTime(q.askedAt) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div role="status">{done && <Paragraph className="spaced">{done}</Paragraph>}</div>
          {pages.hasNextPage && (
            <Button type="button" variant="secondary" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
              {t('tools.dialogue.inbox.more')}
            </Button>
          )}
          <div className="spaced">
            <Heading variant="h4">{t('tools.dialogue.inbox.publishedTitle')}</Heading>
          </div>
          {published.length === 0 ? (
            <Paragraph>{t('tools.dialogue.inbox.nonePublished')}</Paragraph>
          ) : (
            <ul className="pt-list">
              {published.map((a) => (
                <li key={a.id}>
                  <Paragraph>
                    <span className={a.kind === 'answer' ? 'badge badge--ok' : 'badge badge--warn'}>
                      {a.kind === 'answer' ? t('tools.dialogue.inbox.kindAnswer') : t('tools.dialogue.inbox.kindDismissal')}
                    </span>{' '}
                    <span className="muted">{format.dateTime(a.publishedAt)}</span>
                  </Paragraph>
                  <ul>
                    {a.questions.map((q) => (
                      <li key={q.id}>
                        {q.question} <span className="muted">({q.askedBy})</span>
                      </li>
                    ))}
                  </ul>
                  <p className="pt-quote">{a.text}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function Comments({ round, planId, names }: { round: Round; planId: string; names: Names }) {
  const { t, format } = useI18n();
  const comments = useQuery({
    queryKey: [...dialogueKey(planId), 'comments', round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/comments', { params: { path: { id: planId, roundId: round.id } } })),
  });
  return (
    <div>
      <Heading variant="h4">{t('tools.dialogue.comments.title')}</Heading>
      {comments.isPending && <Loading />}
      <ErrorMessage error={comments.error} />
      {comments.data?.length === 0 && <Paragraph>{t('tools.dialogue.comments.none')}</Paragraph>}
      <ul className="pt-list">
        {comments.data?.map((c) => (
          <li key={c.id}>
            <Paragraph>
              <strong>{names(c.businessId)}</strong> · {round.draftItems.find((i) => i.id === c.itemId)?.title ?? c.itemId} ·{' '}
              <span className="muted">{format.dateTime(c.submittedAt)}</span>
            </Paragraph>
            {c.confidentiality === 'buyerOnly' && (
              <Paragraph>
                <span className="badge badge--warn">{t('tools.dialogue.responses.tradeSecret')}</span>{' '}
                <span className="muted">{t('tools.dialogue.responses.tradeSecretNote')}</span>
              </Paragraph>
            )}
            <p className="pt-quote">{c.comment}</p>
            {c.rationale && <span className="muted">{t('tools.dialogue.responses.rationale', { rationale: c.rationale })}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * One-to-one meetings: slots of one duration offered to every registered supplier alike; each books
 * one. Minutes once a booked slot has ended, and only while everyone registered has an offer.
 */
function Meetings({ round, planId, running, names, refresh }: { round: Round; planId: string; running: boolean; names: Names; refresh(): void }) {
  const { t, format } = useI18n();
  const queries = useQueryClient();
  const meetings = useQuery({
    queryKey: [...dialogueKey(planId), 'meetings', round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/meetings', { params: { path: { id: planId, roundId: round.id } } })),
  });
  const [firstSlot, setFirstSlot] = useState(() => toLocalInput(new Date(Date.now() + 7 * 86_400_000)));
  const [count, setCount] = useState('4');
  const [duration, setDuration] = useState('45');
  const [done, setDone] = useState<string | null>(null);
  const fixed = meetings.data?.durationMinutes ?? null;
  const minutesPerSlot = fixed ?? parseNumber(duration) ?? 0;
  const offer = useMutation({
    mutationFn: (withSlots: boolean) => {
      const start = withSlots ? new Date(fromLocalInput(firstSlot)).getTime() : 0;
      const startsAt = withSlots ? Array.from({ length: parseNumber(count) ?? 0 }, (_, i) => new Date(start + i * minutesPerSlot * 60_000).toISOString()) : [];
      return unwrap(
        api.POST('/procurements/{id}/dialogue/rounds/{roundId}/meetings', {
          params: { path: { id: planId, roundId: round.id } },
          body: withSlots ? { startsAt, durationMinutes: minutesPerSlot } : {},
        }),
      );
    },
    onSuccess: (result) => {
      setDone(t('tools.dialogue.meetings.offeredDone', { count: result.offered.length }));
      void queries.invalidateQueries({ queryKey: dialogueKey(planId) });
      refresh();
    },
  });
  const all = meetings.data?.all ?? [];
  const slots = meetings.data?.slots ?? [];
  const now = Date.now();
  return (
    <div>
      <Heading variant="h4">{t('tools.dialogue.meetings.slotsTitle')}</Heading>
      {meetings.isPending && <Loading />}
      <ErrorMessage error={meetings.error} />
      {meetings.data && slots.length === 0 && <Paragraph>{t('tools.dialogue.meetings.noSlots')}</Paragraph>}
      {fixed !== null && <Paragraph>{t('tools.dialogue.meetings.durationFixed', { count: format.number(fixed, 0) })}</Paragraph>}
      {slots.length > 0 && (
        <div className="table-scroll">
          <table className="data pt-table">
            <caption className="sr-only">{t('tools.dialogue.meetings.slotsCaption', { title: round.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tools.dialogue.meetings.proposedAt')}</th>
                <th scope="col">{t('tools.dialogue.meetings.bookedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {slots.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{format.dateTime(s.startsAt)}</th>
                  <td>{s.booking ? (s.booking.name ?? names(s.booking.businessId)) : <span className="badge">{t('tools.dialogue.meetings.free')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Heading variant="h4">{t('tools.dialogue.meetings.title')}</Heading>
      {meetings.data && all.length === 0 && <Paragraph>{t('tools.dialogue.meetings.none')}</Paragraph>}
      {all.length > 0 && (
        <div className="table-scroll">
          <table className="data pt-table">
            <caption className="sr-only">{t('tools.dialogue.meetings.caption', { title: round.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tools.dialogue.registrations.supplier')}</th>
                <th scope="col">{t('tools.dialogue.meetings.proposedAt')}</th>
                <th scope="col">{t('tools.dialogue.meetings.duration')}</th>
                <th scope="col">{t('tools.dialogue.meetings.state')}</th>
                <th scope="col">{t('tools.dialogue.meetings.minutes')}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.name ?? names(m.businessId)}</th>
                  <td>{m.startsAt ? format.dateTime(m.startsAt) : '–'}</td>
                  <td className="number">{t('tools.dialogue.meetings.minutesValue', { count: format.number(m.durationMinutes, 0) })}</td>
                  <td>
                    {m.heldAt ? (
                      <span className="badge badge--ok">{t('tools.dialogue.meetings.held', { at: format.dateTime(m.heldAt) })}</span>
                    ) : m.bookedAt ? (
                      <span className="badge">{t('tools.dialogue.meetings.booked', { at: format.dateTime(m.bookedAt) })}</span>
                    ) : m.declinedAt ? (
                      <span className="badge">{t('tools.dialogue.meetings.declined', { at: format.dateTime(m.declinedAt) })}</span>
                    ) : (
                      <span className="badge">{t('tools.dialogue.meetings.notBooked')}</span>
                    )}
                  </td>
                  <td>
                    {m.minutes ? <span className="pt-quote">{m.minutes}</span> : '–'}
                    {m.sharedMaterial.length > 0 && (
                      <ul>
                        {m.sharedMaterial.map((s, i) => (
                          <li key={i}>{s.url ? <a href={s.url}>{s.title}</a> : s.title}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {running && (
        <form
          className="spaced"
          onSubmit={(e) => {
            e.preventDefault();
            setDone(null);
            offer.mutate(true);
          }}
        >
          <fieldset className="pt-fieldset">
            <legend>{t('tools.dialogue.meetings.offerTitle')}</legend>
            <div className="row">
              <DateTimeField label={t('tools.dialogue.meetings.firstSlot')} value={firstSlot} onChange={setFirstSlot} required />
              <TextInput labelText={t('tools.dialogue.meetings.slotCount')} type="number" value={count} onChange={(v) => setCount(String(v ?? ''))} />
              {fixed === null && (
                <TextInput
                  labelText={t('tools.dialogue.meetings.durationLabel')}
                  type="number"
                  value={duration}
                  onChange={(v) => setDuration(String(v ?? ''))}
                />
              )}
            </div>
            <ErrorMessage error={offer.error} />
            <div role="status">{done && <Paragraph className="spaced">{done}</Paragraph>}</div>
            <div className="pt-actions">
              <Button type="submit" variant="secondary" disabled={offer.isPending || !firstSlot || !parseNumber(count) || !minutesPerSlot}>
                {t('tools.dialogue.meetings.offer')}
              </Button>
              {slots.length > 0 && (
                <Button type="button" variant="secondary" disabled={offer.isPending} onClick={() => offer.mutate(false)}>
                  {t('tools.dialogue.meetings.offerNew')}
                </Button>
              )}
            </div>
          </fieldset>
        </form>
      )}
      {running &&
        all
          .filter((m) => !m.heldAt && m.endsAt !== null && Date.parse(m.endsAt) <= now)
          .map((m) => <MinutesForm key={m.id} meeting={m} planId={planId} supplier={m.name ?? names(m.businessId)} refresh={refresh} />)}
    </div>
  );
}

function MinutesForm({ meeting, planId, supplier, refresh }: { meeting: Schemas['Meeting']; planId: string; supplier: string; refresh(): void }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [minutes, setMinutes] = useState('');
  const [materialTitle, setMaterialTitle] = useState('');
  const [materialUrl, setMaterialUrl] = useState('');
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/procurements/{id}/dialogue/rounds/{roundId}/meetings/{meetingId}/minutes', {
          params: { path: { id: planId, roundId: meeting.roundId, meetingId: meeting.id } },
          body: {
            minutes: minutes.trim(),
            ...(materialTitle.trim() ? { sharedMaterial: [{ title: materialTitle.trim(), ...(materialUrl.trim() ? { url: materialUrl.trim() } : {}) }] } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: dialogueKey(planId) });
      refresh();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <fieldset className="pt-fieldset">
        <legend>{t('tools.dialogue.meetings.recordTitle', { supplier })}</legend>
        <div className="pt-stack">
          <Textarea labelText={t('tools.dialogue.meetings.minutes')} value={minutes} onChange={(e) => setMinutes(e.target.value)} fullWidth />
          <TextInput
            labelText={t('tools.dialogue.meetings.materialTitle')}
            optionalText={t('tools.dialogue.optional')}
            hintText={t('tools.dialogue.meetings.materialHint')}
            value={materialTitle}
            onChange={(v) => setMaterialTitle(String(v ?? ''))}
            fullWidth
          />
          <TextInput
            labelText={t('tools.dialogue.meetings.materialUrl')}
            optionalText={t('tools.dialogue.optional')}
            type="url"
            value={materialUrl}
            onChange={(v) => setMaterialUrl(String(v ?? ''))}
            fullWidth
          />
        </div>
        <ErrorMessage error={record.error} />
        <div className="pt-actions">
          <Button
            type="submit"
            variant="secondary"
            disabled={record.isPending || !minutes.trim()}
            aria-label={t('tools.dialogue.meetings.recordNamed', { supplier })}
          >
            {t('tools.dialogue.meetings.record')}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
