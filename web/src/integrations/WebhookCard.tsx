import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from '../ui/page';
import { ALL_EVENTS, eventTypeKey } from './event-types';
import { useWebhookOrganisation } from './organisation';
import { WebhookForm, type WebhookValues } from './WebhookForm';

type Webhook = Schemas['Webhook'];
type Mode = 'edit' | 'rotate' | 'delete' | null;

/** How a webhook is named in headings and button labels: its description, else its address. */
export const webhookName = (webhook: Pick<Webhook, 'description' | 'url'>) => webhook.description || webhook.url;

/** One webhook: what it is and its state, and what can be done to it, each change confirmed where it cannot be undone. */
export function WebhookCard({
  org,
  webhook,
  onDone,
  onSecret,
  onStale,
}: {
  org: string;
  webhook: Webhook;
  onDone(message: string, options?: { focusStatus?: boolean }): void;
  onSecret(webhook: Schemas['WebhookWithSecret']): void;
  onStale(): void;
}) {
  const { t, format } = useI18n();
  const { search } = useWebhookOrganisation();
  const [mode, setMode] = useState<Mode>(null);
  const panelId = useId();
  const name = webhookName(webhook);
  const path = { org, id: webhook.id };
  const ifMatch = { 'If-Match': `"${webhook.version}"` };
  const toggles = { edit: useRef<HTMLButtonElement>(null), rotate: useRef<HTMLButtonElement>(null), delete: useRef<HTMLButtonElement>(null) };

  // A colleague changed or removed the webhook meanwhile (412, 404): read the list again.
  const onError = (error: Error) => {
    if (error instanceof ApiError && (error.status === 412 || error.status === 404)) onStale();
  };
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateWebhookDto']) => unwrap(api.PATCH('/organisations/{org}/webhooks/{id}', { params: { path, header: ifMatch }, body })),
    onSuccess: (saved, body) => {
      if (body.enabled) onDone(t('integrations.done.enabled', { name: webhookName(saved) }));
      else {
        close();
        onDone(t('integrations.done.saved', { name: webhookName(saved) }));
      }
    },
    onError,
  });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/organisations/{org}/webhooks/{id}/secret', { params: { path } })),
    onSuccess: (rotated) => {
      setMode(null);
      onSecret(rotated);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/organisations/{org}/webhooks/{id}', { params: { path } })),
    onSuccess: () => onDone(t('integrations.done.deleted', { name }), { focusStatus: true }),
    onError,
  });

  const open = (next: Exclude<Mode, null>) => {
    setMode(mode === next ? null : next);
    for (const mutation of [update, rotate, remove]) mutation.reset();
  };
  const close = () => {
    const back = mode;
    setMode(null);
    if (back) setTimeout(() => toggles[back].current?.focus(), 0);
  };
  const save = (values: WebhookValues) => update.mutate({ url: values.url, events: values.events, description: values.description || null });

  const all = webhook.events.includes(ALL_EVENTS);
  return (
    <li className={`webhook${webhook.enabled ? '' : ' is-disabled'}`}>
      <Heading variant="h3">{name}</Heading>
      <dl className="webhook__facts">
        <dt>{t('integrations.webhook.url')}</dt>
        <dd className="webhook__url">{webhook.url}</dd>
        <dt>{t('integrations.webhook.status')}</dt>
        <dd>
          {webhook.enabled ? (
            <span className="badge badge--ok">{t('integrations.webhook.enabled')}</span>
          ) : (
            <>
              <span className="badge badge--alert">{t('integrations.webhook.disabled')}</span>{' '}
              {t('integrations.webhook.disabledDetails', { time: format.dateTime(webhook.disabledAt), reason: webhook.disabledReason ?? '–' })}
            </>
          )}
        </dd>
        <dt>{t('integrations.webhook.events')}</dt>
        <dd>
          {all ? (
            t('integrations.webhook.allEvents')
          ) : (
            <ul className="webhook__events">
              {webhook.events.map((type) => {
                const key = eventTypeKey(type);
                return (
                  <li key={type}>
                    <code>{type}</code>
                    {key && <span className="muted"> – {t(key)}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </dd>
        <dt>{t('integrations.webhook.created')}</dt>
        <dd>{format.dateTime(webhook.createdAt)}</dd>
      </dl>
      <div className="button-row">
        <Link className="button-link" to={`/integrations/${webhook.id}/deliveries${search}`} aria-label={t('integrations.action.deliveriesFor', { name })}>
          {t('integrations.action.deliveries')}
        </Link>
        {!webhook.enabled && (
          <Button
            variant="secondary"
            disabled={update.isPending}
            aria-label={t('integrations.action.enableFor', { name })}
            onClick={() => update.mutate({ enabled: true })}
          >
            {t('integrations.action.enable')}
          </Button>
        )}
        <Button
          ref={toggles.edit}
          variant="secondary"
          aria-label={t('integrations.action.editFor', { name })}
          aria-expanded={mode === 'edit'}
          aria-controls={mode === 'edit' ? panelId : undefined}
          onClick={() => open('edit')}
        >
          {t('integrations.action.edit')}
        </Button>
        <Button
          ref={toggles.rotate}
          variant="secondary"
          aria-label={t('integrations.action.rotateFor', { name })}
          aria-expanded={mode === 'rotate'}
          aria-controls={mode === 'rotate' ? panelId : undefined}
          onClick={() => open('rotate')}
        >
          {t('integrations.action.rotate')}
        </Button>
        <Button
          ref={toggles.delete}
          variant="secondaryNoBorder"
          aria-label={t('integrations.action.deleteFor', { name })}
          aria-expanded={mode === 'delete'}
          aria-controls={mode === 'delete' ? panelId : undefined}
          onClick={() => open('delete')}
        >
          {t('integrations.action.delete')}
        </Button>
      </div>
      {mode === null && <ErrorMessage error={update.error} />}
      {mode === 'edit' && (
        <div id={panelId} className="webhook__panel">
          <WebhookForm
            idPrefix={`edit-${webhook.id}`}
            label={t('integrations.edit.label', { name })}
            initial={{ url: webhook.url, description: webhook.description ?? '', events: webhook.events }}
            submitText={t('integrations.edit.submit')}
            pending={update.isPending}
            error={update.error}
            onSubmit={save}
            onCancel={close}
          />
        </div>
      )}
      {(mode === 'rotate' || mode === 'delete') && (
        <Confirmation
          id={panelId}
          text={mode === 'rotate' ? t('integrations.confirm.rotate') : t('integrations.confirm.delete', { url: webhook.url })}
          confirmText={mode === 'rotate' ? t('integrations.confirm.rotateYes') : t('integrations.confirm.deleteYes')}
          pending={mode === 'rotate' ? rotate.isPending : remove.isPending}
          error={mode === 'rotate' ? rotate.error : remove.error}
          onConfirm={() => (mode === 'rotate' ? rotate.mutate() : remove.mutate())}
          onCancel={close}
        />
      )}
    </li>
  );
}

/** "Are you sure": the question in words with the action and a way back; the question takes the focus. */
function Confirmation({
  id,
  text,
  confirmText,
  pending,
  error,
  onConfirm,
  onCancel,
}: {
  id: string;
  text: string;
  confirmText: string;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const textId = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirm.current?.focus();
  }, []);
  return (
    <div id={id} className="webhook__panel" role="group" aria-labelledby={textId}>
      <Paragraph id={textId} mb="s">
        {text}
      </Paragraph>
      <ErrorMessage error={error} />
      <div className="button-row">
        <Button ref={confirm} disabled={pending} onClick={onConfirm}>
          {confirmText}
        </Button>
        <Button variant="secondaryNoBorder" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      </div>
    </div>
  );
}
