import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { outcomeKey, type PlanMigration, type WorkflowDescription } from './workflow-migration';

/**
 * The plans of a report, one row each: the plan (a link to its page), the outcome (with the reason a
 * plan cannot move), the stage before and after by their titles; in the preview also the pending
 * timers kept or dropped and the requirements unmet after the move, grouped by event.
 */
export function PlanTable(props: {
  caption: string;
  plans: PlanMigration[];
  title(planId: string): string;
  fromVersion: WorkflowDescription;
  toVersion: WorkflowDescription;
  detailed?: boolean;
}) {
  const { t, format } = useI18n();
  const { fromVersion, toVersion, detailed } = props;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={props.caption}>
      <table className="data manager-table migration-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workflowVersions.table.plan')}</th>
            <th scope="col">{t('workflowVersions.table.outcome')}</th>
            <th scope="col">{t(detailed ? 'workflowVersions.table.stage' : 'workflowVersions.table.stageNow')}</th>
            {detailed && <th scope="col">{t('workflowVersions.table.timers')}</th>}
            {detailed && <th scope="col">{t('workflowVersions.table.unmet')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.plans.map((plan) => {
            const unmet = plan.unmetAfter.filter((group) => group.unmet.length > 0);
            const kept = plan.timers.filter((timer) => timer.action === 'kept').length;
            return (
              <tr key={plan.planId}>
                <th scope="row">
                  <Link to={`/plans/${plan.planId}`}>{props.title(plan.planId)}</Link>
                </th>
                <td>
                  {t(outcomeKey(plan.outcome))}
                  {plan.reason && <div className="migration__reason">{plan.reason.message}</div>}
                </td>
                <td>
                  {detailed
                    ? stageChange(plan, fromVersion, toVersion, (from, to) => t('workflowVersions.stageChange', { from, to }))
                    : plan.outcome === 'migrated' && plan.toStage
                      ? toVersion.stage(plan.toStage)
                      : plan.fromStage
                        ? fromVersion.stage(plan.fromStage)
                        : '–'}
                </td>
                {detailed && (
                  <td>
                    {plan.timers.length === 0 ? (
                      t('app.none')
                    ) : (
                      <>
                        {t('workflowVersions.timers.summary', { kept: format.number(kept, 0), dropped: format.number(plan.timers.length - kept, 0) })}
                        <ul className="migration__list">
                          {plan.timers.map((timer) => (
                            <li key={timer.key}>
                              {t('workflowVersions.timer', {
                                event: fromVersion.event(timer.eventType),
                                date: format.dateTime(timer.dueAt),
                                action: t(timer.action === 'kept' ? 'workflowVersions.timer.kept' : 'workflowVersions.timer.dropped'),
                              })}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                  </td>
                )}
                {detailed && (
                  <td className="migration__unmet">
                    {unmet.length === 0
                      ? t('app.none')
                      : unmet.map((group) => (
                          <div key={group.event}>
                            <span className="migration__event">
                              {t('workflowVersions.unmet.event', { event: toVersion.event(group.event).replace(/\.$/, '') })}
                            </span>
                            <ul className="migration__list">
                              {group.unmet.map((requirement) => (
                                <li key={requirement.id}>{requirement.message}</li>
                              ))}
                            </ul>
                          </div>
                        ))}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function stageChange(
  plan: PlanMigration,
  fromVersion: WorkflowDescription,
  toVersion: WorkflowDescription,
  words: (from: string, to: string) => string,
): string {
  if (!plan.fromStage) return '–';
  const before = fromVersion.stage(plan.fromStage);
  return plan.toStage ? words(before, toVersion.stage(plan.toStage)) : before;
}
