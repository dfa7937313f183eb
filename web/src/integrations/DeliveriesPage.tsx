import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Heading, InlineAlert, Paragraph } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { LOCALES, TIME_ZONE } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading, StatusMessage } from '../ui/page';
import { eventTypeKey } from './event-types';
import { useWebhookOrganisation } from './organisation';
import { webhookName } from './WebhookCard';
import './integrations.css';

type Delivery = Schemas['WebhookDelivery'];

const PAGE_SIZE = 20;
/** While a delivery waits to be sent, the log is read again this often, so its attempts appear without a reload. */
const PENDING_REFRESH_MS = 2000;

const STATUS_BADGE: Record<Delivery['status'], string> = { pending: 'badge', delivered: 'badge badge--ok', failed: 'badge badge--alert' };

/** A webhook's delivery log, newest first: each delivery with its attempts, and "send again". */
export default function DeliveriesPage() {
  const { t } = useI18n();
  const { webhookId = '' } = useParams();
  const { org, search } = useWebhookOrganisation();
  const queries = useQueryClient();
  const [message, setMessage] = useState('');
  const status = useRef<HTMLDivElement>(null);

  const webhook = useQuery({
    queryKey: ['webhooks', org, webhookId],
    queryFn: () => unwrap(api.GET('/organisations/{org}/webhooks/{id}', { params: { path: { org: org ?? '', id: webhookId } } })),
    enabled: org !== null,
  });
  const deliveries = useInfiniteQuery({
    queryKey: ['webhooks', org, webhookId, 'deliveries'],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/organisations/{org}/webhooks/{id}/deliveries', {
          params: { path: { org: org ?? '', id: webhookId }, query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: org !== null,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some((d) => d.status === 'pending')) ? PENDING_REFRESH_MS : false),
  });

  const items = deliveries.data?.pages.flatMap((p) => p.items) ?? [];
  const loadMore = async () => {
    const shown = items.length;
    const result = await deliveries.fetchNextPage();
    const all = result.data?.pages.flatMap((p) => p.items) ?? [];
    setMessage(t('integrations.deliveries.moreShown', { count: all.length }));
    // The first delivery just loaded takes the focus: the button may be gone with the last page.
    const next = all[shown];
    if (next) setTimeout(() => document.getElementById(headingId(next))?.focus(), 0);
  };

  return (
    <>
      <PageHeading>{t('integrations.deliveries.title')}</PageHeading>
      <Paragraph mb="s">
        <Link to={`/integrations${search}`}>{t('integrations.deliveries.back')}</Link>
      </Paragraph>
      {webhook.data && (
        <Lead>
          {t('integrations.deliveries.lead', {
            url: webhookName(webhook.data) === webhook.data.url ? webhook.data.url : `${webhook.data.url} (${webhookName(webhook.data)})`,
          })}
        </Lead>
      )}
      {!org && <InlineAlert status="warning">{t('integrations.org.choose')}</InlineAlert>}
      <ErrorMessage error={webhook.error ?? deliveries.error} />
      <StatusMessage ref={status} message={message} />
      {deliveries.isPending && org && <Loading />}
      {deliveries.data && items.length === 0 && <Paragraph>{t('integrations.deliveries.none')}</Paragraph>}
      {items.length > 0 && org && (
        <ul className="deliveries">
          {items.map((delivery) => (
            <DeliveryItem
              key={delivery.id}
              org={org}
              webhookId={webhookId}
              delivery={delivery}
              onRedelivered={(text) => {
                setMessage(text);
                void queries.invalidateQueries({ queryKey: ['webhooks', org, webhookId, 'deliveries'] });
              }}
            />
          ))}
        </ul>
      )}
      {deliveries.hasNextPage && (
        <Button variant="secondary" disabled={deliveries.isFetchingNextPage} onClick={() => void loadMore()}>
          {t('integrations.deliveries.more')}
        </Button>
      )}
    </>
  );
}

const headingId = (delivery: Delivery) => `delivery-${delivery.id}`;

function DeliveryItem({
  org,
  webhookId,
  delivery,
  onRedelivered,
}: {
  org: string;
  webhookId: string;
  delivery: Delivery;
  onRedelivered(message: string): void;
}) {
  const { t, format } = useI18n();
  const when = format.dateTime(delivery.createdAt);
  const key = eventTypeKey(delivery.eventType);
  const redeliver = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/organisations/{org}/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { org, id: webhookId, deliveryId: delivery.id } } }),
      ),
    onSuccess: () => onRedelivered(t('integrations.deliveries.redelivered', { type: delivery.eventType, time: when })),
  });
  return (
    <li className={`delivery is-${delivery.status}`}>
      <Heading variant="h2" id={headingId(delivery)} tabIndex={-1} className="section-heading">
        {t('integrations.deliveries.heading', { type: delivery.eventType, time: when })}
      </Heading>
      <dl className="delivery__facts">
        <dt>{t('integrations.deliveries.status')}</dt>
        <dd>
          <span className={STATUS_BADGE[delivery.status]}>{t(`integrations.deliveries.status.${delivery.status}`)}</span>
        </dd>
        <dt>{t('integrations.deliveries.eventType')}</dt>
        <dd>
          <code>{delivery.eventType}</code>
          {key && <span className="muted"> – {t(key)}</span>}
        </dd>
        <dt>{t('integrations.deliveries.plan')}</dt>
        <dd>
          <Link to={`/plans/${delivery.planId}`} className="delivery__id">
            {delivery.planId}
          </Link>
        </dd>
        <dt>{t('integrations.deliveries.id')}</dt>
        <dd className="delivery__id">{delivery.id}</dd>
        {delivery.deliveredAt && (
          <>
            <dt>{t('integrations.deliveries.deliveredAt')}</dt>
            <dd>{format.dateTime(delivery.deliveredAt)}</dd>
          </>
        )}
        {delivery.status === 'pending' && delivery.nextAttemptAt && (
          <>
            <dt>{t('integrations.deliveries.nextAttempt')}</dt>
            <dd>{format.dateTime(delivery.nextAttemptAt)}</dd>
          </>
        )}
      </dl>
      <Attempts delivery={delivery} />
      <ErrorMessage error={redeliver.error} />
      <Button
        variant="secondary"
        className="spaced"
        disabled={redeliver.isPending}
        aria-label={t('integrations.deliveries.redeliverFor', { type: delivery.eventType, time: when })}
        onClick={() => redeliver.mutate()}
      >
        {t('integrations.deliveries.redeliver')}
      </Button>
    </li>
  );
}

function Attempts({ delivery }: { delivery: Delivery }) {
  const { t, format, language } = useI18n();
  // Attempts seconds apart must not look alike: the time with seconds, in Helsinki as everywhere.
  const attemptTime = new Intl.DateTimeFormat(LOCALES[language], { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium' });
  const caption = t('integrations.deliveries.attempts');
  if (delivery.attempts.length === 0) return <Paragraph>{t('integrations.deliveries.noAttempts')}</Paragraph>;
  return (
    <div className="table-box" role="region" aria-label={`${caption}: ${delivery.eventType}, ${format.dateTime(delivery.createdAt)}`} tabIndex={0}>
      <table className="data attempts">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('integrations.deliveries.attempt.at')}</th>
            <th scope="col">{t('integrations.deliveries.attempt.status')}</th>
            <th scope="col">{t('integrations.deliveries.attempt.error')}</th>
            <th scope="col" className="number">
              {t('integrations.deliveries.attempt.duration')}
            </th>
          </tr>
        </thead>
        <tbody>
          {delivery.attempts.map((attempt, i) => (
            <tr key={`${attempt.at}-${i}`}>
              <td className="nowrap">{attemptTime.format(new Date(attempt.at))}</td>
              <td className="nowrap">{attempt.status ?? t('integrations.deliveries.attempt.noStatus')}</td>
              <td className="error">{attempt.error ?? '–'}</td>
              <td className="number nowrap">{t('integrations.deliveries.attempt.ms', { ms: format.number(attempt.durationMs, 0) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
