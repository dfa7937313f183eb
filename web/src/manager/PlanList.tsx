import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { Button, Dropdown, DropdownItem, Heading } from 'suomifi-ui-components';
import { api, unwrap, type paths, type Schemas } from '../api/client';
import { fromLocalInput } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { GOAL_CODES, goalCodeKey, isGoalCode, type StageTitles } from './stages';

type PlansQuery = NonNullable<paths['/portfolio/plans']['get']['parameters']['query']>;
type Officer = Schemas['PortfolioSummary']['byOfficer'][number];

const PAGE_SIZE = 25;
const SORTS = ['daysInStage.desc', 'daysInStage.asc', 'createdAt.desc', 'createdAt.asc'] as const;
type Sort = (typeof SORTS)[number];
/** The URL's filter parameters; the list is shareable and the back button restores it. */
const FILTERS = ['stage', 'officer', 'overdue', 'stalledDays', 'goalCode', 'createdFrom', 'createdTo', 'sort'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersOf(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
}

/** The day after a yyyy-mm-dd date: "created before" of an inclusive "created on or before". */
function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function queryOf(filters: Filters): PlansQuery {
  const [sort, order] = (SORTS.includes(filters.sort as Sort) ? filters.sort : SORTS[0]).split('.') as [PlansQuery['sort'], PlansQuery['order']];
  const stalledDays = Number(filters.stalledDays);
  const date = /^\d{4}-\d{2}-\d{2}$/;
  return {
    limit: PAGE_SIZE,
    sort,
    order,
    ...(filters.stage ? { stage: filters.stage } : {}),
    ...(filters.officer ? { officer: filters.officer } : {}),
    ...(filters.overdue === 'true' || filters.overdue === 'false' ? { overdue: filters.overdue === 'true' } : {}),
    ...(Number.isInteger(stalledDays) && stalledDays >= 1 && stalledDays <= 3650 ? { stalledDays } : {}),
    ...(isGoalCode(filters.goalCode) ? { goalCode: filters.goalCode } : {}),
    // Dates are Helsinki days: from its midnight; "created on or before" = before the next midnight.
    ...(date.test(filters.createdFrom) ? { createdFrom: fromLocalInput(`${filters.createdFrom}T00:00`) } : {}),
    ...(date.test(filters.createdTo) ? { createdTo: fromLocalInput(`${nextDay(filters.createdTo)}T00:00`) } : {}),
  };
}

/**
 * The portfolio's plans with every filter GET /portfolio/plans offers, a page at a time ("load
 * more"), each linking to its plan page. The filters live in the URL, so the charts can link here
 * (`?stage=…#plans`) and coming back from a plan restores the list.
 */
export function PlanList({ stages, officers, stalledDays }: { stages: StageTitles; officers: Officer[]; stalledDays: number }) {
  const { t, format } = useI18n();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = filtersOf(params);
  const query = queryOf(filters);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  const plans = useInfiniteQuery({
    queryKey: ['portfolio', 'plans', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/portfolio/plans', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = plans.data?.pages.flatMap((p) => p.items) ?? [];

  // A link from a chart or a list above (…#plans) brings the list into view with focus on its heading.
  useEffect(() => {
    if (location.hash !== '#plans') return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [location.key, location.hash]);

  const apply = (next: Filters) => {
    const search = new URLSearchParams();
    for (const name of FILTERS) if (next[name]) search.set(name, next[name]);
    setParams(search);
  };
  const active = FILTERS.some((name) => name !== 'sort' && filters[name]);

  return (
    <section aria-labelledby={headingId} className="panel" id="plans">
      <Heading variant="h2" id={headingId} ref={heading} tabIndex={-1} className="section-heading">
        {t('portfolio.plans.title')}
      </Heading>
      {/* Keyed by the URL, so a link that changes the filters also resets the form. */}
      <FilterForm
        key={params.toString()}
        initial={filters}
        stages={stages}
        officers={officers}
        stalledDays={stalledDays}
        onApply={apply}
        onClear={() => apply(filtersOf(new URLSearchParams()))}
      />
      <ErrorMessage error={plans.error} />
      {plans.isPending && <Loading />}
      <p role="status" aria-live="polite" className="muted">
        {plans.isSuccess &&
          (items.length === 0
            ? t(active ? 'portfolio.plans.noneMatching' : 'portfolio.plans.none')
            : t(plans.hasNextPage ? 'portfolio.plans.shownMore' : 'portfolio.plans.shownAll', { count: format.number(items.length, 0) }))}
      </p>
      {items.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('portfolio.plans.caption')}>
          <table className="data manager-table">
            <caption>{t('portfolio.plans.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portfolio.plans.plan')}</th>
                <th scope="col">{t('portfolio.plans.stage')}</th>
                <th scope="col">{t('portfolio.plans.officer')}</th>
                <th scope="col" className="number">
                  {t('portfolio.plans.daysInStage')}
                </th>
                <th scope="col">{t('portfolio.plans.schedule')}</th>
                <th scope="col" className="number">
                  {t('portfolio.plans.value')}
                </th>
                <th scope="col">{t('portfolio.plans.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((plan) => (
                <tr key={plan.id}>
                  <th scope="row">
                    <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
                  </th>
                  <td>{stages.title(plan.stage)}</td>
                  <td>{plan.owner.name}</td>
                  <td className="number">{format.number(plan.daysInStage, 0)}</td>
                  <td>
                    {plan.overdue ? (
                      <span className="badge badge--alert">{t('portfolio.plans.overdue')}</span>
                    ) : plan.nextDeadlineAt ? (
                      t('portfolio.plans.deadline', { date: format.dateTime(plan.nextDeadlineAt) })
                    ) : (
                      '–'
                    )}
                  </td>
                  <td className="number">{format.money(plan.estimatedValue.amount, plan.estimatedValue.currency)}</td>
                  <td className="nowrap">{format.date(plan.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plans.hasNextPage && (
        <Button variant="secondary" className="spaced" disabled={plans.isFetchingNextPage} onClick={() => void plans.fetchNextPage()}>
          {plans.isFetchingNextPage ? t('app.loading') : t('portfolio.plans.loadMore')}
        </Button>
      )}
    </section>
  );
}

function FilterForm({
  initial,
  stages,
  officers,
  stalledDays,
  onApply,
  onClear,
}: {
  initial: Filters;
  stages: StageTitles;
  officers: Officer[];
  stalledDays: number;
  onApply(filters: Filters): void;
  onClear(): void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>(initial);
  const set = (name: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const ids = { stalled: useId(), stalledHint: useId(), from: useId(), to: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const ALL = '';
  return (
    <form onSubmit={submit} aria-label={t('portfolio.filters.title')}>
      <div className="filters">
        <Dropdown labelText={t('portfolio.filters.stage')} value={draft.stage} onChange={set('stage')} fullWidth>
          {[
            <DropdownItem key="all" value={ALL}>
              {t('portfolio.filters.all')}
            </DropdownItem>,
            ...stages.order.map((stage) => (
              <DropdownItem key={stage} value={stage}>
                {stages.title(stage)}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <Dropdown labelText={t('portfolio.filters.officer')} value={draft.officer} onChange={set('officer')} fullWidth>
          {[
            <DropdownItem key="all" value={ALL}>
              {t('portfolio.filters.all')}
            </DropdownItem>,
            ...officers.map((o) => (
              <DropdownItem key={o.id} value={o.id}>
                {o.name}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <Dropdown labelText={t('portfolio.filters.overdue')} value={draft.overdue} onChange={set('overdue')} fullWidth>
          <DropdownItem value={ALL}>{t('portfolio.filters.all')}</DropdownItem>
          <DropdownItem value="true">{t('portfolio.filters.overdueOnly')}</DropdownItem>
          <DropdownItem value="false">{t('portfolio.filters.onSchedule')}</DropdownItem>
        </Dropdown>
        <div>
          <label className="native-label" htmlFor={ids.stalled}>
            {t('portfolio.filters.stalledDays')}
          </label>
          <input
            id={ids.stalled}
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            step={1}
            aria-describedby={ids.stalledHint}
            value={draft.stalledDays}
            onChange={(e) => set('stalledDays')(e.target.value)}
          />
          <span className="hint" id={ids.stalledHint}>
            {t('portfolio.filters.stalledHint', { days: stalledDays })}
          </span>
        </div>
        <Dropdown labelText={t('portfolio.filters.goalCode')} value={draft.goalCode} onChange={set('goalCode')} fullWidth>
          {[
            <DropdownItem key="all" value={ALL}>
              {t('portfolio.filters.all')}
            </DropdownItem>,
            ...GOAL_CODES.map((code) => (
              <DropdownItem key={code} value={code}>
                {t(goalCodeKey(code))}
              </DropdownItem>
            )),
          ]}
        </Dropdown>
        <div>
          <label className="native-label" htmlFor={ids.from}>
            {t('portfolio.filters.createdFrom')}
          </label>
          <input id={ids.from} type="date" value={draft.createdFrom} onChange={(e) => set('createdFrom')(e.target.value)} />
        </div>
        <div>
          <label className="native-label" htmlFor={ids.to}>
            {t('portfolio.filters.createdTo')}
          </label>
          <input id={ids.to} type="date" value={draft.createdTo} onChange={(e) => set('createdTo')(e.target.value)} />
        </div>
        <Dropdown labelText={t('portfolio.filters.sort')} value={draft.sort || SORTS[0]} onChange={set('sort')} fullWidth>
          {SORTS.map((sort) => (
            <DropdownItem key={sort} value={sort}>
              {t(`portfolio.sort.${sort}`)}
            </DropdownItem>
          ))}
        </Dropdown>
      </div>
      <div className="filters__buttons">
        <Button type="submit">{t('portfolio.filters.apply')}</Button>
        <Button type="button" variant="secondary" onClick={onClear}>
          {t('portfolio.filters.clear')}
        </Button>
      </div>
    </form>
  );
}
