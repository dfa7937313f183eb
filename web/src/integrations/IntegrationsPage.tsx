import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Button, Heading, InlineAlert, Paragraph, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading, StatusMessage } from '../ui/page';
import { SecretPanel, type ShownSecret } from './SecretPanel';
import { WebhookCard, webhookName } from './WebhookCard';
import { WebhookForm } from './WebhookForm';
import { useWebhookOrganisation } from './organisation';
import './integrations.css';

type WebhookWithSecret = Schemas['WebhookWithSecret'];

/**
 * The organisation's webhooks (managers and admins): the list with each one's state, a new one,
 * its secret shown once, and per webhook editing, a new secret, taking it into use again, deleting
 * and the delivery log. The API judges every change; its refusals are shown in the user's language.
 */
export default function IntegrationsPage() {
  const { t } = useI18n();
  const { org, admin } = useWebhookOrganisation();
  return (
    <>
      <PageHeading>{t('integrations.title')}</PageHeading>
      <Lead>{t('integrations.lead')}</Lead>
      {admin && <OrganisationPicker current={org} />}
      {!org && (admin ? <Paragraph>{t('integrations.org.choose')}</Paragraph> : <InlineAlert status="warning">{t('integrations.org.missing')}</InlineAlert>)}
      {org && <Webhooks key={org} org={org} showOrganisation={admin} />}
    </>
  );
}

/** An admin belongs to no organisation and the API lists none, so the admin names one. */
function OrganisationPicker({ current }: { current: string | null }) {
  const { t } = useI18n();
  const { choose } = useWebhookOrganisation();
  const [value, setValue] = useState(current ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    choose(value.trim());
  };
  return (
    <form noValidate onSubmit={submit} className="org-picker" aria-label={t('integrations.org.label')}>
      <TextInput
        id="webhook-org"
        labelText={t('integrations.org.label')}
        hintText={t('integrations.org.hint')}
        value={value}
        onChange={(v) => setValue(String(v ?? ''))}
        autoComplete="off"
      />
      <Button type="submit" variant="secondary">
        {t('integrations.org.show')}
      </Button>
    </form>
  );
}

function Webhooks({ org, showOrganisation }: { org: string; showOrganisation: boolean }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const webhooks = useQuery({ queryKey: ['webhooks', org], queryFn: () => unwrap(api.GET('/organisations/{org}/webhooks', { params: { path: { org } } })) });
  const [message, setMessage] = useState('');
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [creating, setCreating] = useState(false);
  const status = useRef<HTMLDivElement>(null);
  const openCreate = useRef<HTMLButtonElement>(null);

  const create = useMutation({
    mutationFn: (body: Schemas['CreateWebhookDto']) => unwrap(api.POST('/organisations/{org}/webhooks', { params: { path: { org } }, body })),
    onSuccess: (created) => {
      setCreating(false);
      showSecret(created, t('integrations.done.created', { name: webhookName(created) }));
    },
  });

  const refresh = () => void queries.invalidateQueries({ queryKey: ['webhooks', org] });
  const showSecret = (webhook: WebhookWithSecret, text: string) => {
    setMessage(text);
    setSecret({ id: webhook.id, name: webhookName(webhook), secret: webhook.secret });
    refresh();
  };
  const done = (text: string, { focusStatus = false } = {}) => {
    setMessage(text);
    refresh();
    // A deleted webhook's card is gone with the focus in it: the message takes it.
    if (focusStatus) status.current?.focus();
  };

  const items = webhooks.data ?? [];
  return (
    <>
      {showOrganisation && <Paragraph mb="m">{t('integrations.organisation', { org })}</Paragraph>}
      <StatusMessage ref={status} message={message} />
      {secret && (
        <SecretPanel
          shown={secret}
          onDone={() => {
            setSecret(null);
            status.current?.focus();
          }}
        />
      )}
      <section className="panel" aria-labelledby="webhooks-heading">
        <Heading variant="h2" id="webhooks-heading">
          {t('integrations.list.title')}
        </Heading>
        <ErrorMessage error={webhooks.error} />
        {webhooks.isPending && <Loading />}
        {webhooks.data && items.length === 0 && <Paragraph>{t('integrations.list.none')}</Paragraph>}
        {items.length > 0 && (
          <ul className="webhooks">
            {items.map((webhook) => (
              <WebhookCard
                key={webhook.id}
                org={org}
                webhook={webhook}
                onDone={done}
                onSecret={(rotated) => showSecret(rotated, t('integrations.done.rotated', { name: webhookName(rotated) }))}
                onStale={refresh}
              />
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="new-webhook-heading">
        <Heading variant="h2" id="new-webhook-heading">
          {t('integrations.new.title')}
        </Heading>
        {creating ? (
          <WebhookForm
            idPrefix="new-webhook"
            label={t('integrations.new.title')}
            initial={{ url: '', description: '', events: [] }}
            submitText={t('integrations.new.submit')}
            pending={create.isPending}
            error={create.error}
            onSubmit={(values) => create.mutate({ url: values.url, events: values.events, ...(values.description ? { description: values.description } : {}) })}
            onCancel={() => {
              setCreating(false);
              create.reset();
              setTimeout(() => openCreate.current?.focus(), 0);
            }}
          />
        ) : (
          <Button ref={openCreate} variant="secondary" onClick={() => setCreating(true)}>
            {t('integrations.new.open')}
          </Button>
        )}
      </section>
    </>
  );
}
