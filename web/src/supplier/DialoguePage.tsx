import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, PageHeading } from '../ui/page';
import { DraftSection } from './DraftSection';
import { MeetingsSection } from './MeetingsSection';
import { QuestionsSection } from './QuestionsSection';
import { RegistrationPanel } from './RegistrationPanel';
import { RfiSection } from './RfiSection';
import { useNow, TableScroll } from './shared';
import './supplier.css';

type Overview = Schemas['DialogueOverview'];
type Round = Schemas['Round'];

/** One market dialogue as a supplier sees it: the notice, its registration, and each round with what the supplier can do in it. */
export default function DialoguePage() {
  const { planId = '' } = useParams();
  const { t } = useI18n();
  const dialogue = useQuery({
    queryKey: ['supplier', 'dialogue', planId],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue', { params: { path: { id: planId } } })),
  });
  const now = useNow();
  const data = dialogue.data;
  return (
    <>
      <Paragraph mb="s">
        <Link to="/dialogues">{t('supplier.dialogue.back')}</Link>
      </Paragraph>
      {!data && <PageHeading>{t('supplier.dialogues.title')}</PageHeading>}
      {dialogue.isPending && <Loading />}
      <ErrorMessage error={dialogue.error} />
      {data && <Dialogue planId={planId} data={data} now={now} />}
    </>
  );
}

function Dialogue({ planId, data, now }: { planId: string; data: Overview; now: Date }) {
  const { t, format } = useI18n();
  const registered = Boolean(data.registration);
  return (
    <>
      <PageHeading>{data.notice?.title ?? data.title}</PageHeading>
      <section className="panel" aria-labelledby="notice-heading">
        <Heading variant="h2" id="notice-heading">
          {t('supplier.notice.title')}
        </Heading>
        {data.notice ? (
          <>
            <dl className="facts">
              <dt>{t('supplier.notice.publishedAt')}</dt>
              <dd>{format.dateTime(data.notice.publishedAt)}</dd>
              {data.notice.plannedStart && (
                <>
                  <dt>{t('supplier.notice.plannedStart')}</dt>
                  <dd>{format.date(data.notice.plannedStart)}</dd>
                </>
              )}
              {data.notice.plannedEnd && (
                <>
                  <dt>{t('supplier.notice.plannedEnd')}</dt>
                  <dd>{format.date(data.notice.plannedEnd)}</dd>
                </>
              )}
            </dl>
            <Heading variant="h3">{t('supplier.notice.description')}</Heading>
            <p className="pre-line">{data.notice.description}</p>
            <Heading variant="h3">{t('supplier.notice.process')}</Heading>
            <p className="pre-line">{data.notice.process}</p>
          </>
        ) : (
          <Paragraph>{t('supplier.notice.none')}</Paragraph>
        )}
      </section>
      <RegistrationPanel planId={planId} registration={data.registration ?? null} />
      {data.rounds.length === 0 && (
        <section className="panel" aria-labelledby="rounds-heading">
          <Heading variant="h2" id="rounds-heading">
            {t('supplier.rounds.title')}
          </Heading>
          <Paragraph>{t('supplier.rounds.none')}</Paragraph>
        </section>
      )}
      {data.rounds.map((round) => (
        <RoundPanel key={round.id} planId={planId} round={round} registered={registered} now={now} />
      ))}
      {data.summary && (
        <section className="panel" aria-labelledby="summary-heading">
          <Heading variant="h2" id="summary-heading">
            {t('supplier.summary.title')}
          </Heading>
          <p className="muted">
            {t('supplier.notice.publishedAt')}: {format.dateTime(data.summary.publishedAt)}
          </p>
          <p className="pre-line">{data.summary.summary}</p>
          {data.summary.inputUse && (
            <>
              <Heading variant="h3">{t('supplier.summary.inputUse')}</Heading>
              <p className="pre-line">{data.summary.inputUse}</p>
            </>
          )}
        </section>
      )}
    </>
  );
}

/** Closed for the supplier when the server says so, or once its closing time has passed on this clock (the server refuses then too). */
function isClosed(round: Round, now: Date): boolean {
  return round.status === 'closed' || round.status === 'cancelled' || now >= new Date(round.closesAt);
}

/** The countdown is plain text renewed each minute, deliberately not a live region: nothing is announced as it ticks. */
function Countdown({ round, now }: { round: Round; now: Date }) {
  const { t, format } = useI18n();
  let text: string;
  if (round.status === 'cancelled') text = t('supplier.round.cancelledOn', { time: format.dateTime(round.closedAt ?? round.closesAt) });
  else if (isClosed(round, now)) text = t('supplier.round.closedOn', { time: format.dateTime(round.closedAt ?? round.closesAt) });
  else if (now < new Date(round.opensAt)) text = t('supplier.round.opensIn', { relative: format.relative(round.opensAt, now) });
  else text = t('supplier.round.closesIn', { relative: format.relative(round.closesAt, now) });
  return <p className="countdown">{text}</p>;
}

function RoundPanel({ planId, round, registered, now }: { planId: string; round: Round; registered: boolean; now: Date }) {
  const { t, format } = useI18n();
  const closed = isClosed(round, now);
  const status: Round['status'] =
    closed && round.status !== 'cancelled' ? 'closed' : round.status === 'scheduled' && now >= new Date(round.opensAt) ? 'open' : round.status;
  const headingId = `round-${round.id}`;
  const deadlines: Array<[string, string]> = [
    [t('supplier.round.opensAt'), round.opensAt],
    [t('supplier.round.questionsUntil'), round.questionsUntil],
    [t('supplier.round.clarificationsUntil'), round.clarificationsUntil],
    [t('supplier.round.closesAt'), round.closesAt],
  ];
  return (
    <section className="panel round-panel" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {round.title}
      </Heading>
      <dl className="facts">
        <dt>{t('supplier.round.kind')}</dt>
        <dd>{t(`supplier.round.type.${round.type}`)}</dd>
        <dt>{t('supplier.round.status')}</dt>
        <dd>
          <span className={status === 'open' ? 'badge badge--ok' : status === 'cancelled' ? 'badge badge--alert' : 'badge'}>
            {t(`supplier.round.status.${status}`)}
          </span>
        </dd>
      </dl>
      <Countdown round={round} now={now} />
      {round.description && <p className="pre-line">{round.description}</p>}
      <TableScroll label={t('supplier.round.deadlines')}>
        <table className="data supplier-table">
          <caption>{t('supplier.round.deadlines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supplier.round.deadline')}</th>
              <th scope="col">{t('supplier.round.time')}</th>
            </tr>
          </thead>
          <tbody>
            {deadlines.map(([label, at]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="nowrap">{format.dateTime(at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {round.extensions > 0 && <p className="muted">{t('supplier.round.extended', { count: format.number(round.extensions, 0) })}</p>}
      {round.type === 'draftConsultation' && round.draftItems.length > 0 && (
        <DraftSection planId={planId} round={{ ...round, status }} registered={registered} closed={closed} />
      )}
      {!registered && <Paragraph className="spaced">{t('supplier.register.needed')}</Paragraph>}
      {registered && round.type === 'rfi' && <RfiSection planId={planId} round={{ ...round, status }} closed={closed} />}
      {registered && <QuestionsSection planId={planId} round={{ ...round, status }} now={now} />}
      {registered && round.type === 'oneToOne' && <MeetingsSection planId={planId} roundId={round.id} />}
    </section>
  );
}
