import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Heading } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading } from '../ui/page';
import { BarChart } from './BarChart';
import { PlanList } from './PlanList';
import { goalCodeKey, inProcessOrder, isGoalCode, useStageTitles, type StageTitles } from './stages';

type Summary = Schemas['PortfolioSummary'];

/** How many plans the overdue and stalled lists show before "show all in the list". */
const SHORT_LIST = 5;

/** A section of the page: an h2 that also names the region. */
function Section({ title, children, level = 'h2' }: { title: string; children: ReactNode; level?: 'h2' | 'h3' }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="panel">
      <Heading variant={level} id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

/**
 * The manager's portfolio: plans per stage, days in stage, overdue and stalled plans, strategic
 * goals with and without plans, sustainability goal codes, and the filterable plan list.
 */
export default function PortfolioPage() {
  const { t, format } = useI18n();
  const caller = useCaller();
  const summary = useQuery({ queryKey: ['portfolio', 'summary'], queryFn: () => unwrap(api.GET('/portfolio/summary')) });
  const stages = useStageTitles(summary.data?.byWorkflow ?? []);
  const org = summary.data?.organisation ?? caller.org;

  return (
    <>
      <PageHeading>{t('portfolio.title')}</PageHeading>
      {summary.data && (
        <Lead>
          {t('portfolio.lead', { org: summary.data.organisation ?? t('portfolio.allOrganisations'), time: format.dateTime(summary.data.generatedAt) })}
        </Lead>
      )}
      <ErrorMessage error={summary.error} />
      {(summary.isPending || (summary.data && stages.pending)) && <Loading />}
      {summary.data && !stages.pending && (
        <>
          <KeyFigures summary={summary.data} canApprove={caller.role === 'manager'} />
          <div className="grid-2">
            <StagesChart summary={summary.data} stages={stages} />
            <DaysChart summary={summary.data} stages={stages} />
          </div>
          <OverdueAndStalled summary={summary.data} stages={stages} />
          {org && <StrategicGoals org={org} />}
          <Sustainability summary={summary.data} />
          <PlanList stages={stages} officers={summary.data.byOfficer} stalledDays={summary.data.stalled.days} />
        </>
      )}
    </>
  );
}

function KeyFigures({ summary, canApprove }: { summary: Summary; canApprove: boolean }) {
  const { t, format } = useI18n();
  const n = (value: number) => format.number(value, 0);
  return (
    <section aria-label={t('portfolio.keyFigures')}>
      <dl className="key-figures">
        <div>
          <dt>{t('portfolio.total')}</dt>
          <dd>{n(summary.plans.total)}</dd>
        </div>
        <div>
          <dt>{t('portfolio.active')}</dt>
          <dd>{n(summary.plans.active)}</dd>
        </div>
        <div>
          <dt>{t('portfolio.closed')}</dt>
          <dd>{n(summary.plans.closed)}</dd>
        </div>
        <div>
          <dt>{t('portfolio.approvalsWaiting')}</dt>
          <dd>
            {canApprove ? (
              <Link to="/approvals" aria-label={t('portfolio.approvalsWaitingLink', { count: n(summary.approvalsWaiting) })}>
                {n(summary.approvalsWaiting)}
              </Link>
            ) : (
              n(summary.approvalsWaiting)
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** A link that filters the plan list below and moves there. */
function filterLink(search: Record<string, string>) {
  return { search: `?${new URLSearchParams(search).toString()}`, hash: '#plans' };
}

function StagesChart({ summary, stages }: { summary: Summary; stages: StageTitles }) {
  const { t, format } = useI18n();
  const rows = inProcessOrder(summary.byStage, stages.order).map((s) => ({
    key: s.stage,
    label: stages.final(s.stage) ? t('portfolio.byStage.closedStage', { stage: stages.title(s.stage) }) : stages.title(s.stage),
    values: [s.plans],
  }));
  const top = [...summary.byStage].sort((a, b) => b.plans - a.plans)[0];
  const title = t('portfolio.byStage.title');
  return (
    <Section title={title}>
      <BarChart
        title={title}
        summary={
          top
            ? t('portfolio.byStage.summary', {
                total: format.number(summary.plans.total, 0),
                stages: rows.length,
                top: stages.title(top.stage),
                count: format.number(top.plans, 0),
              })
            : title
        }
        categoryLabel={t('portfolio.stage')}
        series={[{ label: t('portfolio.byStage.plans'), short: t('portfolio.byStage.plans') }]}
        rows={rows}
        formatValue={(v) => format.number(v, 0)}
        renderCategory={(row) => <Link to={filterLink({ stage: row.key })}>{row.label}</Link>}
        emptyText={t('portfolio.plans.none')}
      />
    </Section>
  );
}

function DaysChart({ summary, stages }: { summary: Summary; stages: StageTitles }) {
  const { t, format } = useI18n();
  const rows = inProcessOrder(summary.daysInStage, stages.order).map((s) => ({
    key: s.stage,
    label: stages.title(s.stage),
    values: [s.medianDays, s.p90Days],
  }));
  const top = [...summary.daysInStage].filter((s) => s.medianDays !== null).sort((a, b) => (b.medianDays ?? 0) - (a.medianDays ?? 0))[0];
  const title = t('portfolio.days.title');
  return (
    <Section title={title}>
      <p className="muted">{t('portfolio.days.lead')}</p>
      <BarChart
        title={title}
        summary={
          top
            ? t('portfolio.days.summary', {
                stages: rows.length,
                top: stages.title(top.stage),
                median: format.number(top.medianDays ?? 0, 0),
                p90: format.number(top.p90Days ?? 0, 0),
              })
            : title
        }
        categoryLabel={t('portfolio.stage')}
        series={[
          { label: t('portfolio.days.median'), short: 'p50' },
          { label: t('portfolio.days.p90'), short: 'p90' },
        ]}
        rows={rows}
        formatValue={(v) => t('portfolio.days.value', { days: format.number(v, 0) })}
        emptyText={t('portfolio.days.none')}
      />
    </Section>
  );
}

function OverdueAndStalled({ summary, stages }: { summary: Summary; stages: StageTitles }) {
  const { t, format } = useI18n();
  const days = summary.stalled.days;
  return (
    <Section title={t('portfolio.attention.title')}>
      <div className="grid-2">
        <ShortList
          title={t('portfolio.overdue.title')}
          count={summary.overdue}
          countLabel={t('portfolio.overdue.count')}
          query={{ overdue: true }}
          stages={stages}
          none={t('portfolio.overdue.none')}
          more={filterLink({ overdue: 'true' })}
          moreText={t('portfolio.overdue.showAll', { count: format.number(summary.overdue, 0) })}
        />
        <ShortList
          title={t('portfolio.stalled.title', { days })}
          count={summary.stalled.plans}
          countLabel={t('portfolio.stalled.count', { days })}
          query={{ stalledDays: days }}
          stages={stages}
          none={t('portfolio.stalled.none', { days })}
          more={filterLink({ stalledDays: String(days) })}
          moreText={t('portfolio.stalled.showAll', { count: format.number(summary.stalled.plans, 0) })}
        />
      </div>
    </Section>
  );
}

function ShortList({
  title,
  count,
  countLabel,
  query,
  stages,
  none,
  more,
  moreText,
}: {
  title: string;
  count: number;
  countLabel: string;
  query: { overdue?: boolean; stalledDays?: number };
  stages: StageTitles;
  none: string;
  more: ReturnType<typeof filterLink>;
  moreText: string;
}) {
  const { t, format } = useI18n();
  const id = useId();
  const plans = useQuery({
    queryKey: ['portfolio', 'plans', 'short', query],
    queryFn: () => unwrap(api.GET('/portfolio/plans', { params: { query: { ...query, limit: SHORT_LIST } } })),
    enabled: count > 0,
  });
  return (
    <section aria-labelledby={id}>
      <Heading variant="h3" id={id}>
        {title}
      </Heading>
      <dl className="key-figures">
        <div className={count > 0 ? 'is-alert' : undefined}>
          <dt>{countLabel}</dt>
          <dd>{format.number(count, 0)}</dd>
        </div>
      </dl>
      {count === 0 && <p>{none}</p>}
      <ErrorMessage error={plans.error} />
      {plans.isLoading && <Loading />}
      {plans.data && plans.data.items.length > 0 && (
        <>
          <p className="muted">{t('portfolio.shortList.lead', { count: format.number(plans.data.items.length, 0) })}</p>
          <ul className="plan-links">
            {plans.data.items.map((plan) => (
              <li key={plan.id}>
                <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
                <br />
                <span className="muted">
                  {t('portfolio.shortList.item', { stage: stages.title(plan.stage), days: format.number(plan.daysInStage, 0), officer: plan.owner.name })}
                </span>
              </li>
            ))}
          </ul>
          {count > plans.data.items.length && (
            <p>
              <Link to={more}>{moreText}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function StrategicGoals({ org }: { org: string }) {
  const { t, format } = useI18n();
  const goals = useQuery({
    queryKey: ['portfolio', 'strategic-goals', org],
    queryFn: () => unwrap(api.GET('/organisations/{org}/strategic-goals', { params: { path: { org } } })),
  });
  const title = t('portfolio.goals.title');
  const all = goals.data ?? [];
  const served = all.filter((g) => g.servedBy.length > 0);
  const unserved = all.filter((g) => g.servedBy.length === 0);
  const rows = [...all].sort((a, b) => b.servedBy.length - a.servedBy.length).map((g) => ({ key: g.id, label: g.title, values: [g.servedBy.length] }));
  const top = rows[0];
  const chartTitle = t('portfolio.goals.chartTitle');
  return (
    <Section title={title}>
      <ErrorMessage error={goals.error} />
      {goals.isPending && <Loading />}
      {goals.data && all.length === 0 && <p>{t('portfolio.goals.none')}</p>}
      {goals.data && all.length > 0 && (
        <>
          <dl className="key-figures">
            <div>
              <dt>{t('portfolio.goals.served')}</dt>
              <dd>{format.number(served.length, 0)}</dd>
            </div>
            <div className={unserved.length > 0 ? 'is-alert' : undefined}>
              <dt>{t('portfolio.goals.unserved')}</dt>
              <dd>{format.number(unserved.length, 0)}</dd>
            </div>
          </dl>
          <div className="grid-2">
            <div>
              <Heading variant="h3">{chartTitle}</Heading>
              <BarChart
                title={chartTitle}
                summary={t('portfolio.goals.summary', {
                  served: served.length,
                  total: all.length,
                  top: top?.label ?? '',
                  count: format.number(top?.values[0] ?? 0, 0),
                })}
                categoryLabel={t('portfolio.goals.goal')}
                series={[{ label: t('portfolio.goals.activePlans'), short: t('portfolio.goals.activePlans') }]}
                rows={rows}
                formatValue={(v) => format.number(v, 0)}
                emptyText={t('portfolio.goals.none')}
              />
            </div>
            <div>
              <Heading variant="h3">{t('portfolio.goals.unservedTitle')}</Heading>
              {unserved.length === 0 ? (
                <p>{t('portfolio.goals.allServed')}</p>
              ) : (
                <ul className="plan-links">
                  {unserved.map((g) => (
                    <li key={g.id}>
                      <strong>{g.title}</strong>
                      {g.targetYear !== null && <span className="muted"> · {t('portfolio.goals.targetYear', { year: g.targetYear })}</span>}
                      <br />
                      <span className="muted">{g.goalCodes.map((c) => (isGoalCode(c) ? t(goalCodeKey(c)) : c)).join(', ')}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </Section>
  );
}

function Sustainability({ summary }: { summary: Summary }) {
  const { t, format } = useI18n();
  const { activePlans, goalCodes, withEnvironmentalAwardCriterion } = summary.sustainability;
  const name = (code: string) => (isGoalCode(code) ? t(goalCodeKey(code)) : code);
  const rows = [...goalCodes].sort((a, b) => b.plans - a.plans).map((g) => ({ key: g.code, label: name(g.code), values: [g.share * 100] }));
  const top = rows[0];
  const title = t('portfolio.sustainability.title');
  const chartTitle = t('portfolio.sustainability.chartTitle');
  return (
    <Section title={title}>
      <p>
        {t('portfolio.sustainability.environmentalAward', {
          plans: format.number(withEnvironmentalAwardCriterion.plans, 0),
          active: format.number(activePlans, 0),
          share: format.percent(withEnvironmentalAwardCriterion.share * 100),
        })}
      </p>
      <Heading variant="h3">{chartTitle}</Heading>
      <BarChart
        title={chartTitle}
        summary={
          top
            ? t('portfolio.sustainability.summary', {
                codes: rows.length,
                active: format.number(activePlans, 0),
                top: top.label,
                share: format.percent(top.values[0] ?? 0),
              })
            : chartTitle
        }
        categoryLabel={t('portfolio.sustainability.goalCode')}
        series={[{ label: t('portfolio.sustainability.share'), short: t('portfolio.sustainability.share') }]}
        rows={rows}
        formatValue={(v) => format.percent(v)}
        renderCategory={(row) => <Link to={filterLink({ goalCode: row.key })}>{row.label}</Link>}
        emptyText={t('portfolio.sustainability.none')}
      />
    </Section>
  );
}
