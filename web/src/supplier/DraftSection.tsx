import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Heading, Paragraph, Textarea } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading } from '../ui/page';
import { FormErrors, LiveMessage, RequiredLabel, type FieldError } from './shared';

type Round = Schemas['Round'];
type DraftItem = Round['draftItems'][number];
type DraftComment = Schemas['DraftComment'];

/** The longest comment the server accepts (CommentDraftDto in src/dialogue/dto/supplier-input.dto.ts). */
const MAX_COMMENT_LENGTH = 20000;

/**
 * The draft items of a commenting round. A registered supplier sees, under each item, its own
 * comments on it and (while the round is open) a form to send another; once the round has closed
 * the comments stay readable. Without a registration only the items are shown.
 */
export function DraftSection({ planId, round, registered, closed }: { planId: string; round: Round; registered: boolean; closed: boolean }) {
  const { t, format } = useI18n();
  const comments = useQuery({
    queryKey: ['supplier', 'comments', planId, round.id],
    queryFn: () => unwrap(api.GET('/procurements/{id}/dialogue/rounds/{roundId}/comments', { params: { path: { id: planId, roundId: round.id } } })),
    enabled: registered,
  });
  const notYetOpen = !closed && round.status === 'scheduled';
  const open = registered && !closed && !notYetOpen;
  return (
    <>
      <Heading variant="h3">{t('supplier.draft.title')}</Heading>
      {registered &&
        (closed ? (
          <Paragraph mb="s">{t('supplier.draft.closed', { time: format.dateTime(round.closedAt ?? round.closesAt) })}</Paragraph>
        ) : notYetOpen ? (
          <Paragraph mb="s">{t('supplier.draft.notOpen', { time: format.dateTime(round.opensAt) })}</Paragraph>
        ) : (
          <Paragraph mb="s">{t('supplier.draft.intro', { until: format.dateTime(round.closesAt) })}</Paragraph>
        ))}
      {registered && comments.isPending && <Loading />}
      <ErrorMessage error={comments.error} />
      <ul className="draft-list">
        {round.draftItems.map((item, index) => (
          <li key={item.id} className="draft-item">
            <Heading variant="h4" id={`draft-${round.id}-${index}-title`}>
              {item.title}
            </Heading>
            <p className="pre-line">{item.text}</p>
            {registered && comments.isSuccess && <ItemComments item={item} comments={comments.data.filter((c) => c.itemId === item.id)} />}
            {open && <CommentForm planId={planId} roundId={round.id} item={item} index={index} />}
          </li>
        ))}
      </ul>
    </>
  );
}

function ItemComments({ item, comments }: { item: DraftItem; comments: DraftComment[] }) {
  const { t, format } = useI18n();
  return (
    <>
      <Heading variant="h5">{t('supplier.draft.mine', { item: item.title })}</Heading>
      {comments.length === 0 ? (
        <Paragraph mb="s">{t('supplier.draft.noneMine')}</Paragraph>
      ) : (
        <ul className="qa-list">
          {comments.map((c) => (
            <li key={c.id}>
              <p className="muted">
                {t('supplier.draft.sentAt', { time: format.dateTime(c.submittedAt) })}
                {c.confidentiality === 'buyerOnly' && ` (${t('supplier.rfi.tradeSecretBadge')})`}
              </p>
              <blockquote className="pre-line">{c.comment}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CommentForm({ planId, roundId, item, index }: { planId: string; roundId: string; item: DraftItem; index: number }) {
  const { t, format } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState('');
  const id = `draft-${roundId}-${index}-comment`;
  const label = t('supplier.draft.field', { item: item.title });
  const problem =
    text.trim() === ''
      ? t('supplier.form.missing', { field: label })
      : text.length > MAX_COMMENT_LENGTH
        ? t('supplier.draft.tooLong', { max: format.number(MAX_COMMENT_LENGTH, 0) })
        : null;
  const errors: FieldError[] = attempt > 0 && problem ? [{ inputId: id, text: problem }] : [];
  const send = useMutation({
    mutationFn: (comment: string) =>
      unwrap(
        api.POST('/procurements/{id}/dialogue/rounds/{roundId}/comments', { params: { path: { id: planId, roundId } }, body: { itemId: item.id, comment } }),
      ),
    onSuccess: (sent) => {
      setText('');
      setAttempt(0);
      setMessage(t('supplier.draft.sent', { item: item.title, time: format.dateTime(sent.submittedAt) }));
      void queryClient.invalidateQueries({ queryKey: ['supplier', 'comments', planId, roundId] });
    },
  });
  return (
    <form
      noValidate
      className="draft-form"
      aria-labelledby={`draft-${roundId}-${index}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        setMessage('');
        if (problem) {
          setAttempt((n) => n + 1);
          return;
        }
        send.mutate(text);
      }}
    >
      <FormErrors errors={errors} attempt={attempt} level="h5" />
      <Textarea
        id={id}
        labelText={<RequiredLabel required>{label}</RequiredLabel>}
        hintText={t('supplier.draft.hint', { max: format.number(MAX_COMMENT_LENGTH, 0) })}
        aria-required
        value={text}
        onChange={(event) => setText(event.target.value)}
        status={errors.length > 0 ? 'error' : 'default'}
        statusText={errors[0]?.text}
        fullWidth
      />
      <ErrorMessage error={send.error} />
      <LiveMessage>{message}</LiveMessage>
      <Button type="submit" className="spaced" disabled={send.isPending}>
        {t('supplier.draft.send')}
        <span className="sr-only"> {t('supplier.draft.sendOn', { item: item.title })}</span>
      </Button>
    </form>
  );
}
