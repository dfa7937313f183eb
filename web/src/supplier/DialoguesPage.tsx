import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading } from '../ui/page';
import './supplier.css';

const PAGE_SIZE = 20;

/** The market dialogues a supplier can take part in: newest first, a page at a time. */
export default function DialoguesPage() {
  const { t, format } = useI18n();
  const plans = useInfiniteQuery({
    queryKey: ['supplier', 'open-plans'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/dialogue/open-plans', { params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = plans.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeading>{t('supplier.dialogues.title')}</PageHeading>
      <Lead>{t('supplier.dialogues.lead')}</Lead>
      {plans.isPending && <Loading />}
      <ErrorMessage error={plans.error} />
      {plans.isSuccess && items.length === 0 && <Paragraph>{t('supplier.dialogues.empty')}</Paragraph>}
      {items.length > 0 && (
        <ul className="dialogue-list" aria-label={t('supplier.dialogues.title')}>
          {items.map((plan) => (
            <li key={plan.planId} className="panel">
              <Heading variant="h2" smallScreen>
                <Link to={`/dialogues/${plan.planId}`}>{plan.title}</Link>
              </Heading>
              <dl className="facts">
                <dt>{t('supplier.dialogues.buyer')}</dt>
                <dd>{plan.buyer}</dd>
                <dt>{t('supplier.dialogues.cpv')}</dt>
                <dd>{plan.cpvCode}</dd>
                <dt>{t('supplier.dialogues.openSince')}</dt>
                <dd>{format.dateTime(plan.openSince)}</dd>
                {plan.registered !== undefined && (
                  <>
                    <dt>{t('supplier.dialogues.registration')}</dt>
                    <dd>
                      <span className={plan.registered ? 'badge badge--ok' : 'badge'}>
                        {plan.registered ? t('supplier.dialogues.registered') : t('supplier.dialogues.notRegistered')}
                      </span>
                    </dd>
                  </>
                )}
              </dl>
              {plan.notice ? <p className="pre-line">{plan.notice.description}</p> : <p className="muted">{t('supplier.notice.none')}</p>}
            </li>
          ))}
        </ul>
      )}
      {items.length > 0 && (
        <p className="muted" aria-live="polite">
          {t('supplier.dialogues.shown', { count: format.number(items.length, 0) })}
        </p>
      )}
      {plans.hasNextPage && (
        <Button variant="secondary" onClick={() => void plans.fetchNextPage()} disabled={plans.isFetchingNextPage}>
          {t('supplier.dialogues.loadMore')}
        </Button>
      )}
    </>
  );
}
