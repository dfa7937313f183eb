import { useQuery } from '@tanstack/react-query';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { TableScroll } from './shared';

/** A one-to-one round: the meeting offered to this supplier, and the material shared with every supplier. */
export function MeetingsSection({ planId, roundId }: { planId: string; roundId: string }) {
  const { t, format } = useI18n();
  const meetings = useQuery({
    queryKey: ['supplier', 'meetings', planId, roundId],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/meetings', { params: { path: { id: planId, roundId } } })),
  });
  const mine = meetings.data?.mine ?? [];
  const shared = meetings.data?.sharedMaterial ?? [];
  return (
    <>
      <Heading variant="h3">{t('supplier.meetings.title')}</Heading>
      {meetings.isPending && <Loading />}
      <ErrorMessage error={meetings.error} />
      {meetings.isSuccess && mine.length === 0 && <Paragraph>{t('supplier.meetings.none')}</Paragraph>}
      {mine.length > 0 && (
        <TableScroll label={t('supplier.meetings.caption')}>
          <table className="data supplier-table">
            <caption>{t('supplier.meetings.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supplier.meetings.proposedAt')}</th>
                <th scope="col" className="number">
                  {t('supplier.meetings.duration')}
                </th>
                <th scope="col">{t('supplier.meetings.offeredAt')}</th>
                <th scope="col">{t('supplier.meetings.state')}</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{format.dateTime(m.proposedAt)}</th>
                  <td className="number">{t('supplier.meetings.durationMinutes', { count: format.number(m.durationMinutes, 0) })}</td>
                  <td>{format.dateTime(m.offeredAt)}</td>
                  <td>{m.heldAt ? format.dateTime(m.heldAt) : t('supplier.meetings.notHeld')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
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
