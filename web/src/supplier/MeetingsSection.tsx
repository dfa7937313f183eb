import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { TableScroll } from './shared';

/**
 * A one-to-one round: the supplier's meeting (its booked time, or declined), the times still free
 * to book or move to, and the material shared with every supplier. Who booked the other times is
 * never shown.
 */
export function MeetingsSection({ planId, roundId }: { planId: string; roundId: string }) {
  const { t, format } = useI18n();
  const queries = useQueryClient();
  const key = ['supplier', 'meetings', planId, roundId];
  const meetings = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/meetings', { params: { path: { id: planId, roundId } } })),
  });
  const [done, setDone] = useState<string | null>(null);
  const path = { params: { path: { id: planId, roundId } } };
  const onSuccess = () => {
    setDone(t('supplier.meetings.done'));
    void queries.invalidateQueries({ queryKey: key });
  };
  const book = useMutation({
    mutationFn: (slotId: string) => unwrap(api.PUT('/procurements/{id}/dialogue/rounds/{roundId}/meetings/booking', { ...path, body: { slotId } })),
    onSuccess,
  });
  const decline = useMutation({ mutationFn: () => unwrap(api.DELETE('/procurements/{id}/dialogue/rounds/{roundId}/meetings/booking', path)), onSuccess });
  const mine = meetings.data?.mine?.[0];
  const free = meetings.data?.freeSlots ?? [];
  const shared = meetings.data?.sharedMaterial ?? [];
  const changeable = mine !== undefined && !mine.heldAt && (mine.startsAt === null || Date.parse(mine.startsAt) > Date.now());
  const busy = book.isPending || decline.isPending;
  return (
    <>
      <Heading variant="h3">{t('supplier.meetings.title')}</Heading>
      {meetings.isPending && <Loading />}
      <ErrorMessage error={meetings.error} />
      {meetings.isSuccess && !mine && <Paragraph>{t('supplier.meetings.none')}</Paragraph>}
      {mine && (
        <>
          <Paragraph>
            {mine.startsAt
              ? t('supplier.meetings.booked', { time: format.dateTime(mine.startsAt) })
              : mine.declinedAt
                ? t('supplier.meetings.declined')
                : t('supplier.meetings.choose')}
          </Paragraph>
          <Paragraph>
            {t('supplier.meetings.duration')}: {t('supplier.meetings.durationMinutes', { count: format.number(mine.durationMinutes, 0) })}
            {mine.heldAt && ` · ${t('supplier.meetings.state')}: ${format.dateTime(mine.heldAt)}`}
          </Paragraph>
          {changeable && (
            <>
              <Heading variant="h4">{t('supplier.meetings.freeTitle')}</Heading>
              {free.length === 0 ? (
                <Paragraph>{t('supplier.meetings.noFree')}</Paragraph>
              ) : (
                <TableScroll label={t('supplier.meetings.caption')}>
                  <table className="data supplier-table">
                    <caption>{t('supplier.meetings.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('supplier.meetings.proposedAt')}</th>
                        <th scope="col">
                          <span className="sr-only">{t('supplier.meetings.book')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {free.map((slot) => (
                        <tr key={slot.id}>
                          <th scope="row">{format.dateTime(slot.startsAt)}</th>
                          <td>
                            <Button
                              variant="secondary"
                              disabled={busy}
                              aria-label={t('supplier.meetings.bookNamed', { time: format.dateTime(slot.startsAt) })}
                              onClick={() => {
                                setDone(null);
                                book.mutate(slot.id);
                              }}
                            >
                              {mine.slotId ? t('supplier.meetings.move') : t('supplier.meetings.book')}
                            </Button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              )}
              {!mine.declinedAt || mine.slotId ? (
                <div className="spaced">
                  <Button
                    variant="secondary"
                    disabled={busy}
                    onClick={() => {
                      setDone(null);
                      decline.mutate();
                    }}
                  >
                    {t('supplier.meetings.decline')}
                  </Button>
                </div>
              ) : null}
            </>
          )}
          <ErrorMessage error={book.error ?? decline.error} />
          <div role="status">{done && <Paragraph>{done}</Paragraph>}</div>
        </>
      )}
      {meetings.isSuccess && (
        <>
          <Heading variant="h4">{t('supplier.meetings.shared')}</Heading>
          {shared.length === 0 ? (
            <Paragraph>{t('supplier.meetings.noShared')}</Paragraph>
          ) : (
            <ul>
              {shared.map((s, i) => (
                <li key={`${s.sharedAt}-${i}`}>
                  {s.url && /^https?:\/\//i.test(s.url) ? (
                    <a href={s.url} target="_blank" rel="noreferrer noopener">
                      {s.title}
                    </a>
                  ) : (
                    <strong>{s.title}</strong>
                  )}{' '}
                  <span className="muted">({t('supplier.meetings.sharedAt', { time: format.dateTime(s.sharedAt) })})</span>
                  {s.text && <p className="pre-line">{s.text}</p>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
