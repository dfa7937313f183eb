import { useInfiniteQuery, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Button, Dropdown, DropdownItem, Paragraph, TextInput, ToggleInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, PageHeading } from '../ui/page';

type Sort = 'updatedAt' | 'createdAt' | 'stageEnteredAt';
type Order = 'asc' | 'desc';
const SORTS: Array<`${Sort}.${Order}`> = ['updatedAt.desc', 'updatedAt.asc', 'createdAt.desc', 'createdAt.asc', 'stageEnteredAt.desc', 'stageEnteredAt.asc'];
const PAGE_SIZE = 25;
const ALL = '*';

/** Every workflow version's stage titles, in the console's language, keyed "workflow@version" then stage id. */
function useStageTitles() {
  const { language } = useI18n();
  const workflows = useQuery({ queryKey: ['workflows', language], queryFn: () => unwrap(api.GET('/workflows')) });
  const descriptions = useQueries({
    queries: (workflows.data ?? []).map((w) => ({
      queryKey: ['workflow', w.id, w.version, language],
      queryFn: () => unwrap(api.GET('/workflows/{id}/versions/{version}', { params: { path: { id: w.id, version: w.version } } })),
      staleTime: Infinity,
    })),
  });
  const byWorkflow = new Map<string, Map<string, string>>();
  // The stage filter: each stage id once, in workflow order, titled by the first workflow that has it.
  const stages = new Map<string, string>();
  for (const d of descriptions) {
    if (!d.data) continue;
    byWorkflow.set(`${d.data.id}@${d.data.version}`, new Map(d.data.stages.map((s) => [s.id, s.title])));
    for (const s of d.data.stages) if (!stages.has(s.id)) stages.set(s.id, s.title);
  }
  return { byWorkflow, stages, error: workflows.error ?? descriptions.find((d) => d.error)?.error ?? null };
}

/** The officer's plans (or all of the organisation's), filtered by stage, sorted, a page at a time. */
export default function PlansPage() {
  const { t, format } = useI18n();
  const caller = useCaller();
  const [all, setAll] = useState(false);
  const [stage, setStage] = useState<string>(ALL);
  const [sortOrder, setSortOrder] = useState<`${Sort}.${Order}`>('updatedAt.desc');
  const [search, setSearch] = useState('');
  const [sort, order] = sortOrder.split('.') as [Sort, Order];
  const titles = useStageTitles();

  const plans = useInfiniteQuery({
    queryKey: ['plans', { owner: all ? null : caller.id, stage, sort, order }],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/procurements', {
          params: {
            query: {
              limit: PAGE_SIZE,
              sort,
              order,
              ...(all ? {} : { owner: caller.id }),
              ...(stage !== ALL ? { stage } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const loaded = useMemo(() => plans.data?.pages.flatMap((p) => p.items) ?? [], [plans.data]);
  const needle = search.trim().toLocaleLowerCase();
  const shown = needle ? loaded.filter((p) => p.title.toLocaleLowerCase().includes(needle) || p.cpvCode.toLowerCase().includes(needle)) : loaded;
  const title = all ? t('plans.titleAll') : t('plans.titleMine');
  const stageTitle = (p: Schemas['PlanSummary']) => titles.byWorkflow.get(`${p.workflow.id}@${p.workflow.version}`)?.get(p.stage) ?? p.stage;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <div className="panel">
        <ToggleInput checked={all} onChange={setAll}>
          {t('plans.showAll')}
        </ToggleInput>
        <div className="grid-2 spaced">
          <Dropdown labelText={t('plans.stage')} value={stage} onChange={setStage} fullWidth>
            {[
              <DropdownItem key={ALL} value={ALL}>
                {t('plans.allStages')}
              </DropdownItem>,
              ...[...titles.stages].map(([id, stageName]) => (
                <DropdownItem key={id} value={id}>
                  {stageName}
                </DropdownItem>
              )),
            ]}
          </Dropdown>
          <Dropdown labelText={t('plans.sort')} value={sortOrder} onChange={(v) => setSortOrder(v as `${Sort}.${Order}`)} fullWidth>
            {SORTS.map((s) => (
              <DropdownItem key={s} value={s}>
                {t(`plans.sort.${s}`)}
              </DropdownItem>
            ))}
          </Dropdown>
          <TextInput
            labelText={t('plans.search')}
            hintText={t('plans.searchHint')}
            value={search}
            onChange={(v) => setSearch(String(v ?? ''))}
            fullWidth
            type="text"
          />
        </div>
      </div>
      <ErrorMessage error={titles.error} />
      <ErrorMessage error={plans.error} />
      {plans.isPending && <Loading />}
      {plans.data && loaded.length === 0 && (
        <Paragraph>
          {!all && stage === ALL ? (
            <>
              {t('plans.emptyMine')} <RouterLink to="/plans/new">{t('nav.newPlan')}</RouterLink>
            </>
          ) : (
            t('plans.empty')
          )}
        </Paragraph>
      )}
      {loaded.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {plans.hasNextPage
              ? t('plans.count', { shown: shown.length, loaded: loaded.length })
              : t('plans.countAll', { shown: shown.length, loaded: loaded.length })}
          </p>
          {shown.length === 0 ? (
            <Paragraph>{t('plans.noMatch')}</Paragraph>
          ) : (
            // Keyboard users scroll a table wider than the screen by focusing it (WCAG 2.1.1).
            <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
              <table className="data" style={{ minWidth: 640, overflowWrap: 'normal' }}>
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('plans.col.title')}</th>
                    <th scope="col">{t('plans.stage')}</th>
                    {all && <th scope="col">{t('plans.col.owner')}</th>}
                    <th scope="col" className="number">
                      {t('plans.col.value')}
                    </th>
                    <th scope="col">{t('plans.col.deadline')}</th>
                    <th scope="col">{t('plans.col.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <RouterLink to={`/plans/${p.id}`}>{p.title}</RouterLink>
                        <div className="muted">CPV {p.cpvCode}</div>
                      </td>
                      <td>
                        <span className="badge">{stageTitle(p)}</span>
                      </td>
                      {all && <td>{p.owner.name}</td>}
                      <td className="number">{format.money(p.estimatedValue.amount, p.estimatedValue.currency)}</td>
                      <td>{format.dateTime(p.nextDeadlineAt)}</td>
                      <td>{format.dateTime(p.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {plans.hasNextPage && (
            <Button variant="secondary" className="spaced" disabled={plans.isFetchingNextPage} onClick={() => void plans.fetchNextPage()}>
              {t('plans.loadMore')}
            </Button>
          )}
          {plans.isFetchingNextPage && <Loading />}
        </>
      )}
    </>
  );
}
