import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button, Dropdown, DropdownItem, Heading, Paragraph } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useCaller } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage, StatusMessage } from '../../ui/page';
import { CONTRACT_TYPES, canChangePlan, contractTypeText, type ContractType } from './team';
import './law.css';

type Plan = Schemas['PlanDetail'];
type Threshold = Schemas['Threshold'];

const APPLIES = {
  eu: 'law.regime.applies.eu',
  national: 'law.regime.applies.national',
  belowNationalThreshold: 'law.regime.applies.belowNationalThreshold',
} as const;

/**
 * Which procurement rules apply to the plan (GET /procurements/{id} `regime`): the regime in words,
 * the contract type, the value without VAT and the thresholds it was compared with, with their legal
 * sources and validity. Officers of the team change the contract type here (PATCH with If-Match).
 */
export function RegimePanel({ plan, refresh }: { plan: Plan; refresh(): void }) {
  const { t, format } = useI18n();
  const caller = useCaller();
  const regime = plan.regime;
  const headingId = useId();
  const threshold = (th: Threshold | null) =>
    th ? (
      <>
        {format.money(th.amount, th.currency)}
        <span className="law-facts__detail muted">
          {th.validTo
            ? t('law.regime.validBetween', { from: format.date(th.validFrom), to: format.date(th.validTo) })
            : t('law.regime.validFrom', { from: format.date(th.validFrom) })}
        </span>
        <span className="law-facts__detail muted">{t('law.regime.source', { source: th.source })}</span>
      </>
    ) : (
      t('law.regime.noThreshold')
    );
  const applies = regime.applies;

  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {t('law.regime.title')}
      </Heading>
      <Paragraph className="law-regime__applies">
        <strong className="badge">{applies ? t(APPLIES[applies]) : t('law.regime.applies.unknown')}</strong>
      </Paragraph>
      <dl className="law-facts">
        <div>
          <dt>{t('law.regime.contractType')}</dt>
          <dd>{t(contractTypeText(regime.contractType))}</dd>
        </div>
        <div>
          <dt>{t('law.regime.authorityKind')}</dt>
          <dd>{t(`authorityKind.${regime.authorityKind}`)}</dd>
        </div>
        <div>
          <dt>{t('law.regime.value')}</dt>
          <dd>{format.money(regime.estimatedValue.amount, regime.estimatedValue.currency)}</dd>
        </div>
        <div>
          <dt>{t('law.regime.national')}</dt>
          <dd>{threshold(regime.nationalThreshold)}</dd>
        </div>
        <div>
          <dt>{t('law.regime.eu')}</dt>
          <dd>{threshold(regime.euThreshold)}</dd>
        </div>
        <div>
          <dt>{t('law.regime.assessedOn')}</dt>
          <dd>{format.date(regime.assessedOn)}</dd>
        </div>
        {regime.procedures.length > 0 && (
          <div>
            <dt>{t('law.regime.procedures')}</dt>
            <dd>
              <ul className="law-facts__list">
                {regime.procedures.map((p) => (
                  <li key={p}>{t(`procedure.${p}`)}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
      <Paragraph className="muted">{t('law.regime.note')}</Paragraph>
      {caller.role === 'officer' && canChangePlan(plan, caller) && <ContractTypeForm plan={plan} refresh={refresh} />}
    </section>
  );
}

/** The contract type, changed with the plan's version as If-Match; a change in between reloads the plan. */
function ContractTypeForm({ plan, refresh }: { plan: Plan; refresh(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const status = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<ContractType>(plan.contractType);
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (contractType: ContractType) =>
      unwrap(api.PATCH('/procurements/{id}', { params: { path: { id: plan.id }, header: { 'If-Match': `"${plan.version}"` } }, body: { contractType } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['plan', plan.id], updated);
      setOpen(false);
      setMessage(t('law.regime.saved', { type: t(contractTypeText(updated.contractType)) }));
      status.current?.focus();
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) refresh();
    },
  });
  const stale = save.error instanceof ApiError && (save.error.status === 409 || save.error.status === 412);
  const toggle = () => {
    save.reset();
    setMessage('');
    setChosen(plan.contractType);
    setOpen((o) => !o);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    save.mutate(chosen);
  };
  return (
    <>
      <StatusMessage ref={status} message={message} />
      <button type="button" className="event-form__button" aria-expanded={open} aria-controls={formId} onClick={toggle}>
        {t('law.regime.change')}
      </button>
      {open && (
        <form id={formId} className="law-form" noValidate onSubmit={submit}>
          <Dropdown labelText={t('law.regime.contractType')} value={chosen} onChange={(v) => setChosen(v as ContractType)} fullWidth>
            {CONTRACT_TYPES.map((type) => (
              <DropdownItem key={type} value={type}>
                {t(contractTypeText(type))}
              </DropdownItem>
            ))}
          </Dropdown>
          <ErrorMessage error={save.error} />
          {stale && <Paragraph>{t('law.regime.stale')}</Paragraph>}
          <div className="row spaced">
            <Button type="submit" disabled={save.isPending || chosen === plan.contractType}>
              {save.isPending ? t('law.regime.saving') : t('law.regime.save')}
            </Button>
            <Button type="button" variant="secondaryNoBorder" onClick={toggle}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
