import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { allCodes } from '../api/codes';
import type { MessageKey } from '../i18n/i18n';

export type MigrationReport = Schemas['MigrationReport'];
export type PlanMigration = Schemas['PlanMigration'];
export type Outcome = PlanMigration['outcome'];

/** Every outcome the API reports for a plan, in the order a summary names them. */
export const OUTCOMES = allCodes<Outcome>({
  wouldMigrate: true,
  migrated: true,
  alreadyMigrated: true,
  unmapped: true,
  notOnSourceVersion: true,
  notFound: true,
  conflict: true,
});

export const outcomeKey = (outcome: Outcome) => `workflowVersions.outcome.${outcome}` as MessageKey;

/** How many plans had each outcome, those with none left out ("Would move 3, Cannot be moved 1"). */
export function outcomeCounts(
  report: MigrationReport,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  number: (n: number) => string,
): string {
  return OUTCOMES.filter((o) => (report.summary[o] ?? 0) > 0)
    .map((o) => t('workflowVersions.outcomeCount', { outcome: t(outcomeKey(o)), count: number(report.summary[o] ?? 0) }))
    .join(', ');
}

export type WorkflowDescription = ReturnType<typeof useWorkflowDescription>;

/** A workflow version as the API describes it in the reader's language: its stages' titles and its events' descriptions. */
export function useWorkflowDescription(workflowId: string, version: number) {
  const description = useQuery({
    // The same key as the portfolio's stage titles: one request for both pages.
    queryKey: ['workflow', workflowId, version],
    queryFn: () => unwrap(api.GET('/workflows/{id}/versions/{version}', { params: { path: { id: workflowId, version } } })),
    staleTime: 10 * 60_000,
  });
  const stages = new Map((description.data?.stages ?? []).map((s) => [s.id, s.title]));
  const events = new Map((description.data?.events ?? []).map((e) => [e.type, e.description]));
  return {
    stage: (id: string) => stages.get(id) ?? id,
    event: (type: string) => events.get(type) ?? type,
  };
}

const TITLE_PAGES = 10;

/**
 * The titles of the plans a report names. The API lists plans by workflow but not by version or id,
 * so the workflow's plans are read oldest first — the order the migration picks them in, so the plans
 * of an old version come early — until every one is found; a plan not found is shown by its id.
 */
export function usePlanTitles(workflowId: string, planIds: string[]) {
  const ids = [...new Set(planIds)].sort();
  const titles = useQuery({
    queryKey: ['plan-titles', workflowId, ids],
    enabled: ids.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const wanted = new Set(ids);
      const found = new Map<string, string>();
      let cursor: string | undefined;
      for (let page = 0; page < TITLE_PAGES && found.size < wanted.size; page += 1) {
        const { items, nextCursor } = await unwrap(
          api.GET('/procurements', { params: { query: { workflowId, sort: 'createdAt', order: 'asc', limit: 100, cursor } } }),
        );
        for (const plan of items) if (wanted.has(plan.id)) found.set(plan.id, plan.title);
        if (!nextCursor) break;
        cursor = nextCursor;
      }
      return found;
    },
  });
  return (planId: string) => titles.data?.get(planId) ?? planId;
}
