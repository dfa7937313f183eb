import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Button, Heading, InlineAlert, Textarea } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading, StatusMessage } from '../ui/page';
import './manager.css';

type Waiting = Schemas['ApprovalWaiting'];
type Decision = 'approve' | 'return';

/** The payload limits of the workflow's APPROVE (comment) and RETURN_FOR_REVISION (reason). */
const COMMENT_MAX = 5000;
const REASON_MAX = 2000;

/**
 * The manager's approvals queue (GET /portfolio/approvals, oldest request first): each plan links to
 * its plan page, and can be approved or returned for revision right here. The event goes with the
 * plan's version as If-Match; the server's refusal (four-eyes, a stale version, a plan no longer
 * waiting) is shown in the user's language and the queue is read again.
 */
export default function ApprovalsPage() {
  const { t, format } = useI18n();
  const caller = useCaller();
  const queries = useQueryClient();
  const approvals = useQuery({ queryKey: ['portfolio', 'approvals'], queryFn: () => unwrap(api.GET('/portfolio/approvals')) });
  const [message, setMessage] = useState('');
  const status = useRef<HTMLDivElement>(null);

  const decided = (text: string) => {
    setMessage(text);
    void queries.invalidateQueries({ queryKey: ['portfolio'] });
    // The decided plan leaves the queue; focus goes to the message rather than to nowhere.
    status.current?.focus();
  };

  const items = approvals.data ?? [];
  return (
    <>
      <PageHeading>{t('approvals.title')}</PageHeading>
      {approvals.data && <Lead>{items.length === 0 ? t('approvals.none') : t('approvals.lead', { count: format.number(items.length, 0) })}</Lead>}
      <StatusMessage ref={status} message={message} />
      <ErrorMessage error={approvals.error} />
      {approvals.isPending && <Loading />}
      {items.length > 0 && (
        <ul className="approvals">
          {items.map((item) => (
            <ApprovalItem
              key={item.id}
              item={item}
              mine={item.requestedBy?.id === caller.id}
              onDecided={decided}
              onStale={() => void queries.invalidateQueries({ queryKey: ['portfolio'] })}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function ApprovalItem({ item, mine, onDecided, onStale }: { item: Waiting; mine: boolean; onDecided(message: string): void; onStale(): void }) {
  const { t, format } = useI18n();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const headingId = useId();
  const formId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const toggles = { approve: useRef<HTMLButtonElement>(null), return: useRef<HTMLButtonElement>(null) };

  const send = useMutation({
    mutationFn: (event: Schemas['ApproveEvent'] | Schemas['ReturnForRevisionEvent']) =>
      unwrap(api.POST('/procurements/{id}/events', { params: { path: { id: item.id }, header: { 'If-Match': `"${item.version}"` } }, body: event })),
    onSuccess: (_plan, event) => onDecided(t(event.type === 'APPROVE' ? 'approvals.approved' : 'approvals.returned', { title: item.title })),
    onError: (error) => {
      // Someone else moved the plan on (412 stale version, 409 no longer waiting): read the queue again.
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) onStale();
    },
  });

  useEffect(() => {
    if (decision) field.current?.focus();
  }, [decision]);

  const open = (next: Decision) => {
    setDecision(decision === next ? null : next);
    setText('');
    setMissing(false);
    send.reset();
  };
  const close = () => {
    const back = decision;
    setDecision(null);
    send.reset();
    if (back) toggles[back].current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (decision === 'return') {
      if (!value) {
        setMissing(true);
        field.current?.focus();
        return;
      }
      send.mutate({ type: 'RETURN_FOR_REVISION', reason: value });
    } else if (decision === 'approve') {
      send.mutate(value ? { type: 'APPROVE', comment: value } : { type: 'APPROVE' });
    }
  };

  return (
    <li className="approval">
      <Heading variant="h2" id={headingId}>
        <Link to={`/plans/${item.id}`}>{item.title}</Link>
      </Heading>
      <dl>
        <dt>{t('approvals.requestedBy')}</dt>
        <dd>{item.requestedBy?.name ?? t('approvals.unknown')}</dd>
        <dt>{t('approvals.requestedAt')}</dt>
        <dd>
          {format.dateTime(item.requestedAt)} ({t('approvals.daysWaiting', { days: format.number(item.daysWaiting, 0) })})
        </dd>
        <dt>{t('approvals.value')}</dt>
        <dd>{format.money(item.estimatedValue.amount, item.estimatedValue.currency)}</dd>
        <dt>{t('approvals.owner')}</dt>
        <dd>{item.owner.name}</dd>
        <dt>{t('approvals.cpv')}</dt>
        <dd>{item.cpvCode}</dd>
      </dl>
      {mine && (
        <InlineAlert status="warning" mb="s">
          {t('approvals.ownRequest')}
        </InlineAlert>
      )}
      <div className="approval__actions">
        <Button
          ref={toggles.approve}
          variant={decision === 'approve' ? 'default' : 'secondary'}
          aria-label={t('approvals.approveFor', { title: item.title })}
          aria-expanded={decision === 'approve'}
          aria-controls={decision === 'approve' ? formId : undefined}
          onClick={() => open('approve')}
        >
          {t('approvals.approve')}
        </Button>
        <Button
          ref={toggles.return}
          variant={decision === 'return' ? 'default' : 'secondary'}
          aria-label={t('approvals.returnFor', { title: item.title })}
          aria-expanded={decision === 'return'}
          aria-controls={decision === 'return' ? formId : undefined}
          onClick={() => open('return')}
        >
          {t('approvals.return')}
        </Button>
      </div>
      {decision && (
        <form
          id={formId}
          className="approval__form"
          onSubmit={submit}
          noValidate
          aria-label={t(decision === 'approve' ? 'approvals.approveFor' : 'approvals.returnFor', { title: item.title })}
        >
          <Textarea
            ref={field}
            labelText={t(decision === 'approve' ? 'approvals.comment' : 'approvals.reason')}
            hintText={t(decision === 'approve' ? 'approvals.commentHint' : 'approvals.reasonHint')}
            optionalText={decision === 'approve' ? t('approvals.optional') : undefined}
            required={decision === 'return'}
            aria-required={decision === 'return' || undefined}
            maxLength={decision === 'approve' ? COMMENT_MAX : REASON_MAX}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value.trim()) setMissing(false);
            }}
            status={missing ? 'error' : 'default'}
            statusText={missing ? t('approvals.reasonMissing') : undefined}
            fullWidth
          />
          <ErrorMessage error={send.error} />
          <div className="approval__actions">
            <Button
              type="submit"
              disabled={send.isPending}
              aria-label={t(decision === 'approve' ? 'approvals.confirmApproveFor' : 'approvals.confirmReturnFor', { title: item.title })}
            >
              {t(decision === 'approve' ? 'approvals.confirmApprove' : 'approvals.confirmReturn')}
            </Button>
            <Button type="button" variant="secondaryNoBorder" onClick={close} aria-label={t('approvals.cancelFor', { title: item.title })}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}
