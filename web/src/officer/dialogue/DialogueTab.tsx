import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../../api/client';
import { useCaller } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage, Loading } from '../../ui/page';
import { SelectField } from './fields';
import { RoundPanel } from './RoundPanel';
import { ScheduleRoundForm } from './ScheduleRoundForm';
import { dialogueKey, dialogueRunning, roundStatusKey, roundTypeKey, STATUS_BADGE, type Round } from './shared';
import './planTools.css';

export interface PlanTabProps {
  plan: Schemas['PlanDetail'];
  /** Reload the plan after a change (its stage, version and allowed events may have moved). */
  refresh(): void;
}

/**
 * The market dialogue of a plan: its rounds and their deadlines, the registered suppliers, each
 * round's responses, question inbox and meetings, scheduling a new round and the published summary.
 * Officers of the owning organisation see and do everything; managers and admins see counts.
 */
export default function DialogueTab({ plan, refresh }: PlanTabProps) {
  const { t } = useI18n();
  const caller = useCaller();
  const overview = useQuery({
    queryKey: dialogueKey(plan.id),
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue', { params: { path: { id: plan.id } } })),
  });
  const officer = caller.role === 'officer';
  const running = dialogueRunning(plan);

  return (
    <section aria-labelledby="dialogue-heading" className="pt-stack">
      <Heading variant="h2" id="dialogue-heading">
        {t('tools.dialogue.title')}
      </Heading>
      {overview.isPending && <Loading />}
      <ErrorMessage error={overview.error} />
      {overview.data && (
        <>
          {!running && <Paragraph>{t('tools.dialogue.notRunning')}</Paragraph>}
          {overview.data.counts && <Counts counts={overview.data.counts} />}
          <Rounds rounds={overview.data.rounds} />
          {overview.data.rounds.length > 0 && (
            <RoundChooser rounds={overview.data.rounds} plan={plan} registrations={overview.data.registrations ?? []} officer={officer} refresh={refresh} />
          )}
          {officer && overview.data.registrations && <Registrations registrations={overview.data.registrations} />}
          {officer && running && <ScheduleRoundForm planId={plan.id} refresh={refresh} />}
          <Summary summary={overview.data.summary} />
        </>
      )}
    </section>
  );
}

function Counts({ counts }: { counts: Schemas['DialogueCounts'] }) {
  const { t, format } = useI18n();
  const n = (value: number) => format.number(value, 0);
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.dialogue.counts.title')}</Heading>
      <dl className="pt-facts">
        <dt>{t('tools.dialogue.counts.registered')}</dt>
        <dd>{t('tools.dialogue.counts.registeredValue', { count: n(counts.registeredSuppliers), sme: n(counts.smeSuppliers) })}</dd>
        <dt>{t('tools.dialogue.counts.rounds')}</dt>
        <dd>{n(counts.rounds)}</dd>
        <dt>{t('tools.dialogue.counts.responses')}</dt>
        <dd>{n(counts.responses)}</dd>
        <dt>{t('tools.dialogue.counts.questions')}</dt>
        <dd>{t('tools.dialogue.counts.questionsValue', { count: n(counts.questions), open: n(counts.unansweredQuestions) })}</dd>
        <dt>{t('tools.dialogue.counts.comments')}</dt>
        <dd>{n(counts.draftComments)}</dd>
        <dt>{t('tools.dialogue.counts.meetings')}</dt>
        <dd>{t('tools.dialogue.counts.meetingsValue', { offered: n(counts.meetingsOffered), held: n(counts.meetingsHeld) })}</dd>
      </dl>
    </div>
  );
}

function Rounds({ rounds }: { rounds: Round[] }) {
  const { t, format } = useI18n();
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.dialogue.rounds.title')}</Heading>
      {rounds.length === 0 ? (
        <Paragraph>{t('tools.dialogue.rounds.none')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <table className="data pt-table">
            <caption className="sr-only">{t('tools.dialogue.rounds.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tools.dialogue.round.title')}</th>
                <th scope="col">{t('tools.dialogue.round.type')}</th>
                <th scope="col">{t('tools.dialogue.round.opensAt')}</th>
                <th scope="col">{t('tools.dialogue.round.questionsUntil')}</th>
                <th scope="col">{t('tools.dialogue.round.clarificationsUntil')}</th>
                <th scope="col">{t('tools.dialogue.round.closesAt')}</th>
                <th scope="col">{t('tools.dialogue.round.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.title}</th>
                  <td>{t(roundTypeKey(r.type))}</td>
                  <td>{format.dateTime(r.opensAt)}</td>
                  <td>{format.dateTime(r.questionsUntil)}</td>
                  <td>{format.dateTime(r.clarificationsUntil)}</td>
                  <td>
                    {format.dateTime(r.closesAt)}
                    {r.extensions > 0 && (
                      <>
                        <br />
                        <span className="muted">{t('tools.dialogue.round.extended', { count: r.extensions })}</span>
                      </>
                    )}
                  </td>
                  <td className="pt-nowrap">
                    <span className={STATUS_BADGE[r.status]}>{t(roundStatusKey(r.status))}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The round being worked on: the open one by default, else the latest. */
function RoundChooser({
  rounds,
  plan,
  registrations,
  officer,
  refresh,
}: {
  rounds: Round[];
  plan: Schemas['PlanDetail'];
  registrations: Schemas['Registration'][];
  officer: boolean;
  refresh(): void;
}) {
  const { t } = useI18n();
  const fallback = rounds.find((r) => r.status === 'open')?.id ?? rounds[rounds.length - 1].id;
  const [chosen, setChosen] = useState<string>(fallback);
  const round = rounds.find((r) => r.id === chosen) ?? rounds.find((r) => r.id === fallback)!;
  return (
    <div className="panel">
      {rounds.length > 1 ? (
        <SelectField
          label={t('tools.dialogue.chooseRound')}
          value={round.id}
          onChange={setChosen}
          options={rounds.map((r) => ({ value: r.id, label: `${r.title} (${t(roundTypeKey(r.type))}, ${t(roundStatusKey(r.status))})` }))}
        />
      ) : null}
      <RoundPanel key={round.id} round={round} plan={plan} registrations={registrations} officer={officer} refresh={refresh} />
    </div>
  );
}

function Registrations({ registrations }: { registrations: Schemas['Registration'][] }) {
  const { t, format } = useI18n();
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.dialogue.registrations.title')}</Heading>
      {registrations.length === 0 ? (
        <Paragraph>{t('tools.dialogue.registrations.none')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <table className="data pt-table">
            <caption className="sr-only">{t('tools.dialogue.registrations.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tools.dialogue.registrations.supplier')}</th>
                <th scope="col">{t('tools.dialogue.registrations.businessId')}</th>
                <th scope="col">{t('tools.dialogue.registrations.contact')}</th>
                <th scope="col">{t('tools.dialogue.registrations.sme')}</th>
                <th scope="col">{t('tools.dialogue.registrations.registeredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {registrations.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td>{r.businessId}</td>
                  <td>
                    {r.contact.name}
                    <br />
                    <a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>
                    {r.contact.phone && (
                      <>
                        <br />
                        {r.contact.phone}
                      </>
                    )}
                  </td>
                  <td>{r.sme ? <span className="badge badge--ok">{t('tools.dialogue.registrations.smeYes')}</span> : t('app.no')}</td>
                  <td>{format.dateTime(r.registeredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Summary({ summary }: { summary: Schemas['DialogueSummary'] | null }) {
  const { t, format } = useI18n();
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.dialogue.summary.title')}</Heading>
      {summary ? (
        <>
          <Paragraph>
            <span className="badge badge--ok">{t('tools.dialogue.summary.published')}</span> {format.dateTime(summary.publishedAt)}
          </Paragraph>
          <p className="pt-quote">{summary.summary}</p>
          {summary.inputUse && (
            <>
              <Heading variant="h4" className="spaced">
                {t('tools.dialogue.summary.inputUse')}
              </Heading>
              <p className="pt-quote">{summary.inputUse}</p>
            </>
          )}
        </>
      ) : (
        <Paragraph>{t('tools.dialogue.summary.notYet')}</Paragraph>
      )}
    </div>
  );
}
