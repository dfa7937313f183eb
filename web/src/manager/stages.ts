import { useQueries } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../api/client';
import type { MessageKey } from '../i18n/i18n';
import { SUSTAINABILITY_GOAL_CODES } from '../../../workflows/common/codes';

/** The workflow versions a portfolio uses, as the summary's `byWorkflow` lists them. */
export interface WorkflowRef {
  workflowId: string;
  workflowVersion: number;
}

export interface StageTitles {
  /** Every stage of the workflows, in process order (first workflow first), each once. */
  order: string[];
  /** The stage's title in the user's language (the API answers in it), else its id. */
  title(stage: string): string;
  final(stage: string): boolean;
  pending: boolean;
}

/**
 * Stage titles from the workflow descriptions (GET /workflows/{id}/versions/{version}), which the
 * API writes in the request's language; the language switch refetches every query.
 */
export function useStageTitles(workflows: WorkflowRef[]): StageTitles {
  const results = useQueries({
    queries: workflows.map((w) => ({
      queryKey: ['workflow', w.workflowId, w.workflowVersion],
      queryFn: () => unwrap(api.GET('/workflows/{id}/versions/{version}', { params: { path: { id: w.workflowId, version: w.workflowVersion } } })),
      staleTime: 10 * 60_000,
    })),
  });
  const titles = new Map<string, string>();
  const finals = new Set<string>();
  const order: string[] = [];
  for (const result of results) {
    for (const stage of result.data?.stages ?? []) {
      if (!titles.has(stage.id)) {
        titles.set(stage.id, stage.title);
        order.push(stage.id);
      }
      if (stage.final) finals.add(stage.id);
    }
  }
  return {
    order,
    title: (stage) => titles.get(stage) ?? stage,
    final: (stage) => finals.has(stage),
    pending: results.some((r) => r.isPending),
  };
}

/** Stages in process order; those no workflow describes (yet) last, as they came. */
export function inProcessOrder<T extends { stage: string }>(items: T[], order: string[]): T[] {
  const rank = (stage: string) => {
    const index = order.indexOf(stage);
    return index === -1 ? order.length : index;
  };
  return [...items].sort((a, b) => rank(a.stage) - rank(b.stage));
}

export type GoalCode = NonNullable<NonNullable<paths['/portfolio/plans']['get']['parameters']['query']>['goalCode']>;

/** The goal codes of the OCDS sustainability extension (the workflows' own list), as the plan list's `goalCode` filter takes them. */
export const GOAL_CODES: GoalCode[] = [...SUSTAINABILITY_GOAL_CODES];

export const isGoalCode = (value: string | null): value is GoalCode => GOAL_CODES.includes(value as GoalCode);

/** The message key of a goal code's name; an unknown code (a newer API) is shown as it is. */
export const goalCodeKey = (code: string) => `goal.${code}` as MessageKey;
