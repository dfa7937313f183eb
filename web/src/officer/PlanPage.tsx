import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes, useParams } from 'react-router-dom';
import { Heading, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, PageHeading } from '../ui/page';
import CriteriaTab from './criteria/CriteriaTab';
import DialogueTab from './dialogue/DialogueTab';
import EventForm from './EventForm';
import { canChangePlan } from './law/team';
import { RegimePanel } from './law/RegimePanel';
import { TeamPanel } from './law/TeamPanel';
import LifeCycleCostTab from './lcc/LifeCycleCostTab';
import HilmaStatisticsTab from './statistics/HilmaStatisticsTab';

type Plan = Schemas['PlanDetail'];
type Workflow = Schemas['WorkflowDescription'];
type Transition = Plan['transitions'][number];
type AuditEvent = Schemas['AuditEvent'];

/** The whole audit trail of a plan, oldest first (a plan's trail is a few dozen events). */
async function fetchHistory(id: string): Promise<AuditEvent[]> {
  const items: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET('/procurements/{id}/history', { params: { path: { id }, query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < 5000);
  return items;
}

const hasFields = (payload: Record<string, unknown> | undefined) =>
  !!payload && typeof payload.properties === 'object' && payload.properties !== null && Object.keys(payload.properties).length > 0;

/** A plan: its facts, sections (overview with the stage history and next events, dialogue, criteria, life-cycle cost, Hilma statistics). */
export default function PlanPage() {
  const { planId = '' } = useParams();
  const { t, format, language } = useI18n();
  const caller = useCaller();
  const queryClient = useQueryClient();
  const plan = useQuery({ queryKey: ['plan', planId], queryFn: () => unwrap(api.GET('/procurements/{id}', { params: { path: { id: planId } } })) });
  const ref = plan.data?.workflow;
  const workflow = useQuery({
    queryKey: ['workflow', ref?.id, ref?.version, language],
    queryFn: () => unwrap(api.GET('/workflows/{id}/versions/{version}', { params: { path: { id: ref!.id, version: ref!.version } } })),
    enabled: !!ref,
    staleTime: Infinity,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['plan', planId] });
    void queryClient.invalidateQueries({ queryKey: ['plan-history', planId] });
  };

  if (plan.isPending) return <Loading />;
  if (!plan.data) {
    return (
      <>
        <PageHeading>{t('app.error')}</PageHeading>
        <ErrorMessage error={plan.error} />
      </>
    );
  }
  const p = plan.data;
  const stageTitle = (id: string | null) => (id ? (workflow.data?.stages.find((s) => s.id === id)?.title ?? id) : '');
  const facts: Array<[string, ReactNode]> = [
    [t('plans.stage'), <span className="badge">{stageTitle(p.stage)}</span>],
    [t('plans.col.owner'), p.owner.name],
    [t('plans.col.value'), format.money(p.estimatedValue.amount, p.estimatedValue.currency)],
    [t('newPlan.field.cpvCode'), p.cpvCode],
    [t('plans.col.deadline'), format.dateTime(p.nextDeadlineAt)],
    [t('newPlan.field.workflow'), t('plan.workflowVersion', { title: workflow.data?.title ?? p.workflow.id, version: p.workflow.version })],
  ];
  const tabs = [
    { to: '', label: t('plan.tab.overview') },
    { to: 'dialogue', label: t('plan.tab.dialogue') },
    { to: 'criteria', label: t('plan.tab.criteria') },
    { to: 'life-cycle-cost', label: t('plan.tab.lcc') },
    { to: 'hilma-statistics', label: t('stats.tab') },
  ];

  return (
    <>
      <PageHeading>{p.title}</PageHeading>
      <section className="panel" aria-labelledby="plan-facts">
        <Heading variant="h2" id="plan-facts">
          {t('plan.facts')}
        </Heading>
        <dl className="plan-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt className="muted">{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <Heading variant="h3" mt="l">
          {t('plan.description')}
        </Heading>
        <Paragraph className="plan-description">{p.description}</Paragraph>
      </section>
      {!canChangePlan(p, caller) && (
        <InlineAlert status="neutral" mb="m">
          {t('law.team.readOnly', { owner: p.owner.name })}
        </InlineAlert>
      )}
      <ErrorMessage error={plan.error ?? workflow.error} />
      <nav aria-label={t('plan.tabs')} className="plan-tabs">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to ? `/plans/${p.id}/${tab.to}` : `/plans/${p.id}`} end>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={workflow.data ? <Overview plan={p} workflow={workflow.data} refresh={refresh} /> : workflow.isPending ? <Loading /> : null} />
        <Route path="dialogue" element={<DialogueTab plan={p} refresh={refresh} />} />
        <Route path="criteria" element={<CriteriaTab plan={p} refresh={refresh} />} />
        <Route path="life-cycle-cost" element={<LifeCycleCostTab plan={p} refresh={refresh} />} />
        <Route path="hilma-statistics" element={<HilmaStatisticsTab plan={p} refresh={refresh} />} />
        <Route path="*" element={<Navigate to={`/plans/${p.id}`} replace />} />
      </Routes>
    </>
  );
}

function Overview({ plan, workflow, refresh }: { plan: Plan; workflow: Workflow; refresh(): void }) {
  return (
    <>
      <NextEvents plan={plan} workflow={workflow} refresh={refresh} />
      <RegimePanel plan={plan} refresh={refresh} />
      <TeamPanel plan={plan} refresh={refresh} />
      <StageTimeline plan={plan} workflow={workflow} />
    </>
  );
}

/** The stages the plan went through, from the audit trail: every event that changed the stage. */
function StageTimeline({ plan, workflow }: { plan: Plan; workflow: Workflow }) {
  const { t, format } = useI18n();
  const history = useQuery({ queryKey: ['plan-history', plan.id, plan.version], queryFn: () => fetchHistory(plan.id) });
  const changes = (history.data ?? []).filter((e) => e.fromStage !== e.toStage);
  const title = (id: string) => workflow.stages.find((s) => s.id === id)?.title ?? id;
  return (
    <section className="panel" aria-labelledby="plan-timeline">
      <Heading variant="h2" id="plan-timeline">
        {t('plan.timeline')}
      </Heading>
      {history.isPending && <Loading />}
      <ErrorMessage error={history.error} />
      {changes.length > 0 && (
        <ol className="plan-timeline">
          {changes.map((e, i) => {
            const current = i === changes.length - 1 && e.toStage === plan.stage;
            return (
              <li key={e.seq} aria-current={current ? 'step' : undefined}>
                <strong>{title(e.toStage)}</strong>
                {current && <span className="badge badge--ok plan-timeline__current">{t('plan.timeline.current')}</span>}
                <div className="muted">{t('plan.timeline.entered', { at: format.dateTime(e.occurredAt), name: e.actor.name })}</div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The events the caller's role may send: those possible now with their forms, the others with what they still need. */
function NextEvents({ plan, workflow, refresh }: { plan: Plan; workflow: Workflow; refresh(): void }) {
  const { t } = useI18n();
  const caller = useCaller();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const baseId = useId();

  const events = new Map(workflow.events.map((e) => [e.type, e]));
  const stage = workflow.stages.find((s) => s.id === plan.stage);
  const stageTitle = (id: string) => workflow.stages.find((s) => s.id === id)?.title ?? id;
  const inStage = (tr: Transition) => events.get(tr.event)?.from.some((f) => f.stage === plan.stage) ?? !tr.unmet.some((u) => u.id === 'stage.acceptsEvent');
  const mine = plan.transitions.filter((tr) => tr.roles.includes(caller.role));
  // An officer outside the team reads the plan: the events are listed, not offered.
  const readOnly = !canChangePlan(plan, caller);
  const available = readOnly ? [] : mine.filter((tr) => tr.allowed);
  const readable = readOnly ? mine.filter((tr) => tr.allowed) : [];
  const blocked = mine.filter((tr) => !tr.allowed && inStage(tr));
  const others = mine.filter((tr) => !tr.allowed && !inStage(tr));

  const send = useMutation({
    mutationFn: ({ type, payload }: { type: string; payload: Record<string, unknown> }) =>
      unwrap(
        api.POST('/procurements/{id}/events', {
          params: { path: { id: plan.id }, header: { 'If-Match': `"${plan.version}"` } },
          body: { type, ...payload } as unknown as Schemas['WorkflowEvent'],
        }),
      ),
    onSuccess: (updated, { type }) => {
      queryClient.setQueryData(['plan', plan.id], updated);
      setOpen(null);
      setDone(t('plan.event.done', { event: events.get(type)?.description ?? type, stage: stageTitle(updated.stage) }));
      refresh();
    },
    onError: (error) => {
      // Another change came first (409) or the version moved on (412): show the plan as it is now.
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) refresh();
    },
  });

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const toggle = (event: string) => {
    send.reset();
    setDone(null);
    setOpen((current) => (current === event ? null : event));
  };
  const stale = send.error instanceof ApiError && (send.error.status === 409 || send.error.status === 412);
  const openAvailable = available.some((tr) => tr.event === open);

  return (
    <section className="panel" aria-labelledby="plan-next">
      <Heading variant="h2" id="plan-next">
        {t('plan.next')}
      </Heading>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="plan-next__done">
          <InlineAlert status="neutral" role="status">
            {done}
          </InlineAlert>
        </div>
      )}
      {send.error && !openAvailable && (
        <>
          <ErrorMessage error={send.error} />
          {stale && <Paragraph>{t('plan.event.reloaded')}</Paragraph>}
        </>
      )}
      {stage?.final && <Paragraph>{t('plan.next.closed')}</Paragraph>}
      {!stage?.final && available.length === 0 && blocked.length === 0 && readable.length === 0 && <Paragraph>{t('plan.next.none')}</Paragraph>}
      {readable.length > 0 && (
        <>
          <Paragraph>{t('law.team.readOnlyEvents')}</Paragraph>
          <ul className="plan-events plan-events--blocked">
            {readable.map((tr) => (
              <li key={tr.event}>{tr.description}</li>
            ))}
          </ul>
        </>
      )}

      {available.length > 0 && (
        <>
          <Heading variant="h3" mt="l">
            {t('plan.next.available')}
          </Heading>
          <ul className="plan-events">
            {available.map((tr) => {
              const payload = events.get(tr.event)?.payload;
              const panelId = `${baseId}-${tr.event}`;
              const isOpen = open === tr.event;
              return (
                <li key={tr.event}>
                  <button
                    type="button"
                    className="event-form__button plan-events__toggle"
                    aria-expanded={isOpen}
                    aria-controls={panelId}
                    onClick={() => toggle(tr.event)}
                  >
                    {tr.description}
                  </button>
                  {isOpen && (
                    <div id={panelId} className="plan-events__form">
                      {send.error && (
                        <>
                          <ErrorMessage error={send.error} />
                          {stale && <Paragraph>{t('plan.event.reloaded')}</Paragraph>}
                        </>
                      )}
                      {hasFields(payload) ? (
                        <EventForm
                          schema={payload!}
                          idPrefix={`event-${tr.event}`}
                          submitLabel={send.isPending ? t('plan.event.sending') : t('plan.event.confirm')}
                          disabled={send.isPending}
                          serverError={send.error}
                          onSubmit={(data) => send.mutate({ type: tr.event, payload: data })}
                        />
                      ) : (
                        <div className="event-form">
                          <p>{t('plan.event.noPayload')}</p>
                          <div className="row">
                            <button
                              type="button"
                              className="event-form__submit"
                              disabled={send.isPending}
                              onClick={() => send.mutate({ type: tr.event, payload: {} })}
                            >
                              {send.isPending ? t('plan.event.sending') : t('plan.event.confirm')}
                            </button>
                            <button type="button" className="event-form__button" onClick={() => toggle(tr.event)}>
                              {t('app.cancel')}
                            </button>
                          </div>
                        </div>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}

      {blocked.length > 0 && (
        <>
          <Heading variant="h3" mt="l">
            {t('plan.next.blocked')}
          </Heading>
          <Paragraph>{t('plan.next.blockedIntro')}</Paragraph>
          <ul className="plan-events plan-events--blocked">
            {blocked.map((tr) => (
              <li key={tr.event}>
                <strong>{tr.description}</strong>
                <div className="muted">{t('plan.next.unmet')}</div>
                <ul>
                  {tr.unmet.map((u) => (
                    <li key={u.id}>{u.message}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}

      {others.length > 0 && !stage?.final && (
        <details className="plan-events__others">
          <summary>{t('plan.next.otherStages', { count: others.length })}</summary>
          <ul>
            {others.map((tr) => (
              <li key={tr.event}>
                {tr.description}
                <div className="muted">
                  {t('plan.next.possibleIn', { stages: (events.get(tr.event)?.from ?? []).map((f) => stageTitle(f.stage)).join(', ') })}
                </div>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
