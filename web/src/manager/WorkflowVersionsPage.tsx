import { useQuery } from '@tanstack/react-query';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading } from '../ui/page';
import { MigrationPanel } from './MigrationPanel';
import './manager.css';
import './workflow-versions.css';

type WorkflowSummary = Schemas['WorkflowSummary'];

/** The versions of each workflow, oldest first, grouped by workflow in the order the API lists them. */
function byWorkflow(versions: WorkflowSummary[]): Array<{ id: string; versions: WorkflowSummary[] }> {
  const groups = new Map<string, WorkflowSummary[]>();
  for (const v of versions) groups.set(v.id, [...(groups.get(v.id) ?? []), v]);
  return [...groups].map(([id, list]) => ({ id, versions: list.sort((a, b) => a.version - b.version) }));
}

/**
 * Workflow versions (managers and admins): each workflow's versions, the latest marked, and its moves
 * of running plans to another version (GET /workflows/{id}/migrations), each previewed with a dry run
 * and applied after a confirmation. The API judges every plan; its texts arrive in the reader's language.
 */
export default function WorkflowVersionsPage() {
  const { t, language } = useI18n();
  const workflows = useQuery({ queryKey: ['workflows', language], queryFn: () => unwrap(api.GET('/workflows')) });
  const groups = byWorkflow(workflows.data ?? []);
  return (
    <>
      <PageHeading>{t('workflowVersions.title')}</PageHeading>
      <Lead>{t('workflowVersions.lead')}</Lead>
      <ErrorMessage error={workflows.error} />
      {workflows.isPending && <Loading />}
      {workflows.data && groups.length === 0 && <Paragraph>{t('workflowVersions.none')}</Paragraph>}
      {groups.map((group) => (
        <WorkflowSection key={group.id} workflowId={group.id} versions={group.versions} />
      ))}
    </>
  );
}

function WorkflowSection({ workflowId, versions }: { workflowId: string; versions: WorkflowSummary[] }) {
  const { t, format } = useI18n();
  const migrations = useQuery({
    queryKey: ['workflow-migrations', workflowId],
    queryFn: () => unwrap(api.GET('/workflows/{id}/migrations', { params: { path: { id: workflowId } } })),
  });
  const latest = versions.find((v) => v.latest) ?? versions[versions.length - 1];
  const headingId = `workflow-${workflowId}`;
  return (
    <section className="panel workflow" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {latest.title}
      </Heading>
      <Heading variant="h3" className="workflow__subheading">
        {t('workflowVersions.versions')}
      </Heading>
      <ul className="workflow__versions">
        {versions.map((v) => (
          <li key={v.version}>
            <span className="workflow__version">{t('workflowVersions.version', { version: format.number(v.version, 0) })}</span>
            {v.latest && <span className="badge badge--ok">{t('workflowVersions.latest')}</span>}
            <span className="workflow__version-text">
              {v.title !== latest.title && <>{v.title}. </>}
              {v.description}
            </span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={migrations.error} />
      {migrations.isPending && <Loading />}
      {migrations.data?.length === 0 && <Paragraph>{t('workflowVersions.migrations.none')}</Paragraph>}
      {migrations.data?.map((migration) => (
        <MigrationPanel key={migration.migrationId} migration={migration} workflowTitle={latest.title} />
      ))}
    </section>
  );
}
