import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Button, Heading, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { PlanTable } from './MigrationPlanTable';
import { outcomeCounts, usePlanTitles, useWorkflowDescription, type MigrationReport } from './workflow-migration';

/** Plans per preview: a table a person can read through before confirming; `remaining` says how many more wait. */
const PREVIEW_LIMIT = 50;

/**
 * One migration of a workflow: what it changes, how many plans run on its source version, a preview
 * (the dry run, plan by plan) and the move of the previewed plans after a confirmation. Applying names
 * the plans previewed, so nothing moves that the manager did not see; the outcome is shown per plan,
 * and plans that changed meanwhile (conflict) can be sent again.
 */
export function MigrationPanel({ migration, workflowTitle }: { migration: Schemas['MigrationSummary']; workflowTitle: string }) {
  const { t, format } = useI18n();
  const queries = useQueryClient();
  const { workflowId, from, to } = migration;
  const fromVersion = useWorkflowDescription(workflowId, from);
  const toVersion = useWorkflowDescription(workflowId, to);
  const [previewRun, setPreviewRun] = useState(0);
  const [result, setResult] = useState<MigrationReport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const headingId = useId();
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const moveButton = useRef<HTMLButtonElement>(null);
  const focusPreview = useRef(false);
  const number = (n: number) => format.number(n, 0);

  // A dry run writes nothing: it is read like any query, so a change of language reads it again in the new one.
  const preview = useQuery({
    queryKey: ['workflow-migration-preview', migration.migrationId, previewRun],
    enabled: previewRun > 0,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: () => unwrap(api.POST('/workflows/{id}/migrations/dry-run', { params: { path: { id: workflowId } }, body: { from, to, limit: PREVIEW_LIMIT } })),
  });

  const apply = useMutation({
    mutationFn: (planIds: string[]) => unwrap(api.POST('/workflows/{id}/migrations', { params: { path: { id: workflowId } }, body: { from, to, planIds } })),
    onSuccess: (report) => {
      setResult(report);
      setPreviewRun(0);
      setAnnouncement(t('workflowVersions.result.summary', { to: number(to), outcomes: outcomeCounts(report, t, number) }));
      void queries.invalidateQueries({ queryKey: ['workflow-migrations', workflowId] });
    },
  });

  useEffect(() => {
    if (!preview.data) return;
    const count = (n: number) => format.number(n, 0);
    setAnnouncement(t('workflowVersions.preview.summary', { count: count(preview.data.plans.length), outcomes: outcomeCounts(preview.data, t, count) }));
    if (focusPreview.current) {
      focusPreview.current = false;
      previewHeading.current?.focus();
    }
  }, [preview.data, t, format]);

  useEffect(() => {
    // The preview and its button are gone: the outcome takes the focus.
    if (result) resultHeading.current?.focus();
  }, [result]);

  const runPreview = () => {
    focusPreview.current = true;
    setResult(null);
    apply.reset();
    setPreviewRun((n) => n + 1);
  };

  const movable = preview.data?.plans.filter((p) => p.outcome === 'wouldMigrate') ?? [];
  const dropped = movable.reduce((sum, p) => sum + p.timers.filter((timer) => timer.action === 'dropped').length, 0);
  const conflicts = result?.plans.filter((p) => p.outcome === 'conflict') ?? [];
  const title = usePlanTitles(
    workflowId,
    [...(preview.data?.plans ?? []), ...(result?.plans ?? [])].map((p) => p.planId),
  );
  const moveText =
    movable.length === 1 ? t('workflowVersions.moveOne', { to: number(to) }) : t('workflowVersions.move', { count: number(movable.length), to: number(to) });

  return (
    <section className="migration" aria-labelledby={headingId}>
      <Heading variant="h3" id={headingId}>
        {t('workflowVersions.migration.title', { from: number(from), to: number(to) })}
      </Heading>
      <Paragraph mb="s">{migration.description}</Paragraph>
      <Paragraph mb="s">
        {migration.plansOnSource > 0
          ? t('workflowVersions.migration.plansOnSource', { from: number(from), count: number(migration.plansOnSource) })
          : t('workflowVersions.migration.noPlans', { from: number(from) })}
      </Paragraph>
      {migration.plansOnSource > 0 && (
        <Button
          variant="secondary"
          onClick={runPreview}
          disabled={preview.isFetching || apply.isPending}
          aria-label={t(previewRun > 0 ? 'workflowVersions.previewAgainFor' : 'workflowVersions.previewFor', { to: number(to), workflow: workflowTitle })}
        >
          {t(previewRun > 0 ? 'workflowVersions.previewAgain' : 'workflowVersions.preview')}
        </Button>
      )}
      <div role="status" aria-live="polite" className="migration__status">
        {announcement}
      </div>
      {previewRun > 0 && preview.isFetching && <Loading />}
      <ErrorMessage error={preview.error} />

      {previewRun > 0 && preview.data && (
        <div className="migration__preview">
          <Heading variant="h4" ref={previewHeading} tabIndex={-1} className="section-heading">
            {t('workflowVersions.preview.title', { to: number(to) })}
          </Heading>
          <Paragraph mb="s">{t('workflowVersions.preview.lead')}</Paragraph>
          {preview.data.remaining > 0 && (
            <Paragraph mb="s">{t('workflowVersions.preview.remaining', { remaining: number(preview.data.remaining), from: number(from) })}</Paragraph>
          )}
          <PlanTable
            caption={t('workflowVersions.preview.caption', { to: number(to) })}
            plans={preview.data.plans}
            title={title}
            fromVersion={fromVersion}
            toVersion={toVersion}
            detailed
          />
          {movable.length === 0 ? (
            <Paragraph>{t('workflowVersions.preview.nothingToMove')}</Paragraph>
          ) : (
            <div className="migration__actions">
              <Button ref={moveButton} onClick={() => setConfirming(true)} disabled={apply.isPending}>
                {moveText}
              </Button>
              {apply.isPending && <Loading />}
            </div>
          )}
          <ErrorMessage error={apply.error} />
          <ConfirmMove
            visible={confirming}
            count={movable.length}
            to={to}
            dropped={dropped}
            returnFocus={moveButton}
            onCancel={() => setConfirming(false)}
            onConfirm={() => {
              setConfirming(false);
              apply.mutate(movable.map((p) => p.planId));
            }}
          />
        </div>
      )}

      {result && (
        <div className="migration__result">
          <Heading variant="h4" ref={resultHeading} tabIndex={-1} className="section-heading">
            {t('workflowVersions.result.title', { to: number(to) })}
          </Heading>
          <Paragraph mb="s">{t('workflowVersions.result.summary', { to: number(to), outcomes: outcomeCounts(result, t, number) })}</Paragraph>
          <PlanTable
            caption={t('workflowVersions.result.caption', { to: number(to) })}
            plans={result.plans}
            title={title}
            fromVersion={fromVersion}
            toVersion={toVersion}
          />
          {conflicts.length > 0 && (
            <div className="migration__actions">
              <Button onClick={() => apply.mutate(conflicts.map((p) => p.planId))} disabled={apply.isPending}>
                {t('workflowVersions.result.retry', { count: number(conflicts.length) })}
              </Button>
              {apply.isPending && <Loading />}
            </div>
          )}
          <ErrorMessage error={apply.error} />
        </div>
      )}
    </section>
  );
}

/** The confirmation before plans move: how many, to which version, what it cancels, and that it is not undone. */
function ConfirmMove(props: {
  visible: boolean;
  count: number;
  to: number;
  dropped: number;
  returnFocus: RefObject<HTMLButtonElement | null>;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { t, format } = useI18n();
  const titleId = useId();
  const to = format.number(props.to, 0);
  return (
    <Modal visible={props.visible} appElementId="root" ariaLabelledBy={titleId} focusOnCloseRef={props.returnFocus} onEscKeyDown={props.onCancel}>
      <ModalContent>
        <ModalTitle id={titleId}>
          {props.count === 1
            ? t('workflowVersions.confirm.titleOne', { to })
            : t('workflowVersions.confirm.title', { count: format.number(props.count, 0), to })}
        </ModalTitle>
        <Paragraph mb="s">{t('workflowVersions.confirm.text')}</Paragraph>
        {props.dropped > 0 && <Paragraph>{t('workflowVersions.confirm.dropped', { count: format.number(props.dropped, 0) })}</Paragraph>}
      </ModalContent>
      <ModalFooter>
        <Button onClick={props.onConfirm}>{t('workflowVersions.confirm.yes')}</Button>
        <Button variant="secondary" onClick={props.onCancel}>
          {t('app.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
