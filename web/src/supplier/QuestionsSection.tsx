import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Heading, Paragraph, Textarea } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { FormErrors, LiveMessage, RequiredLabel, type FieldError, TableScroll } from './shared';

type Round = Schemas['Round'];
type Published = Schemas['PublishedAnswer'];

/**
 * Clarification questions of one round: the form to ask one (until the question deadline), the
 * supplier's own questions with their state, and the answers published to every supplier.
 */
export function QuestionsSection({ planId, round, now }: { planId: string; round: Round; now: Date }) {
  const { t, format } = useI18n();
  const questions = useQuery({
    queryKey: ['supplier', 'questions', planId, round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/questions', { params: { path: { id: planId, roundId: round.id } } })),
  });
  const asking = round.status !== 'closed' && round.status !== 'cancelled' && now >= new Date(round.opensAt) && now < new Date(round.questionsUntil);
  const published = questions.data?.published ?? [];
  const mine = questions.data?.mine ?? [];
  const answerOf = (answerId: string | null) => published.find((a) => a.id === answerId);
  return (
    <>
      <Heading variant="h3">{t('supplier.questions.title')}</Heading>
      {asking ? (
        <AskForm planId={planId} round={round} />
      ) : (
        <Paragraph mb="m">
          {now < new Date(round.opensAt) ? t('supplier.questions.notYet') : t('supplier.questions.closed', { until: format.dateTime(round.questionsUntil) })}
        </Paragraph>
      )}
      {questions.isPending && <Loading />}
      <ErrorMessage error={questions.error} />
      {questions.isSuccess && (
        <>
          <Heading variant="h4">{t('supplier.questions.mine')}</Heading>
          {mine.length === 0 ? (
            <Paragraph>{t('supplier.questions.noneMine')}</Paragraph>
          ) : (
            <TableScroll label={t('supplier.questions.mineCaption')}>
              <table className="data supplier-table">
                <caption className="sr-only">{t('supplier.questions.mineCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('supplier.questions.question')}</th>
                    <th scope="col">{t('supplier.questions.askedAt')}</th>
                    <th scope="col">{t('supplier.questions.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mine.map((q) => {
                    const answer = answerOf(q.answerId);
                    return (
                      <tr key={q.id}>
                        <td className="pre-line">{q.question}</td>
                        <td>{format.dateTime(q.askedAt)}</td>
                        <td>
                          {!q.answered ? (
                            <span className="badge">{t('supplier.questions.waiting')}</span>
                          ) : answer?.kind === 'dismissal' ? (
                            <span className="badge badge--warn">{t('supplier.questions.dismissed')}</span>
                          ) : (
                            <span className="badge badge--ok">{t('supplier.questions.answered')}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
          <Heading variant="h4">{t('supplier.questions.published')}</Heading>
          {published.length === 0 ? (
            <Paragraph>{t('supplier.questions.nonePublished')}</Paragraph>
          ) : (
            <ul className="qa-list">
              {published.map((a) => (
                <PublishedItem key={a.id} answer={a} mine={new Set(mine.map((q) => q.id))} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function PublishedItem({ answer, mine }: { answer: Published; mine: Set<string> }) {
  const { t, format } = useI18n();
  return (
    <li>
      {answer.questions.map((q) => (
        <div key={q.id}>
          <p className="muted">
            {t('supplier.questions.askedBy', { who: q.askedBy, time: format.dateTime(q.askedAt) })}
            {mine.has(q.id) && ` (${t('supplier.questions.yours')})`}
          </p>
          <blockquote className="pre-line">{q.question}</blockquote>
        </div>
      ))}
      <p>
        <strong>{answer.kind === 'dismissal' ? t('supplier.questions.dismissalKind') : t('supplier.questions.answerKind')}:</strong>{' '}
        <span className="pre-line">{answer.text}</span>
      </p>
      <p className="muted">{t('supplier.questions.publishedAt', { time: format.dateTime(answer.publishedAt) })}</p>
    </li>
  );
}

function AskForm({ planId, round }: { planId: string; round: Round }) {
  const { t, format } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState('');
  const id = `ask-${round.id}`;
  const label = t('supplier.questions.field');
  const errors: FieldError[] = attempt > 0 && text.trim() === '' ? [{ inputId: id, text: t('supplier.form.missing', { field: label }) }] : [];
  const ask = useMutation({
    mutationFn: (question: string) =>
      unwrap(api.POST('/procurements/{id}/dialogue/rounds/{roundId}/questions', { params: { path: { id: planId, roundId: round.id } }, body: { question } })),
    onSuccess: (asked) => {
      setText('');
      setAttempt(0);
      setMessage(t('supplier.questions.sent', { time: format.dateTime(asked.askedAt) }));
      void queryClient.invalidateQueries({ queryKey: ['supplier', 'questions', planId, round.id] });
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setMessage('');
        if (text.trim() === '') {
          setAttempt((n) => n + 1);
          return;
        }
        ask.mutate(text.trim());
      }}
    >
      <Paragraph mb="m">{t('supplier.questions.intro', { until: format.dateTime(round.questionsUntil) })}</Paragraph>
      <FormErrors errors={errors} attempt={attempt} />
      <Textarea
        id={id}
        labelText={<RequiredLabel required>{label}</RequiredLabel>}
        aria-required
        value={text}
        onChange={(event) => setText(event.target.value)}
        status={errors.length > 0 ? 'error' : 'default'}
        statusText={errors[0]?.text}
        fullWidth
      />
      <ErrorMessage error={ask.error} />
      <LiveMessage>{message}</LiveMessage>
      <Button type="submit" className="spaced" disabled={ask.isPending}>
        {t('supplier.questions.send')}
      </Button>
    </form>
  );
}
