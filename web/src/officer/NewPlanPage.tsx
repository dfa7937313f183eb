import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dropdown, DropdownItem, Textarea, TextInput } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Lead, Loading, PageHeading } from '../ui/page';
import { CONTRACT_TYPES, contractTypeText, type ContractType } from './law/team';

type Field = 'title' | 'description' | 'cpvCode' | 'amount' | 'currency' | 'workflow' | 'contractType';

/** The contract type choice that leaves it to the CPV code (the API's default when none is sent). */
const FROM_CPV = 'fromCpv';

/** The form field a validation detail of POST /procurements names. */
function fieldOf(detailField: string): Field | null {
  if (detailField === 'title' || detailField === 'description' || detailField === 'cpvCode' || detailField === 'contractType') return detailField;
  if (detailField === 'estimatedValue' || detailField === 'estimatedValue.amount') return 'amount';
  if (detailField === 'estimatedValue.currency') return 'currency';
  if (detailField === 'workflowId' || detailField === 'workflowVersion') return 'workflow';
  return null;
}

/** The server's messages per field, from a `validation.failed` answer. */
function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  const details = error instanceof ApiError && Array.isArray(error.body?.details) ? (error.body.details as Array<{ field?: string; message?: string }>) : [];
  const errors: Partial<Record<Field, string>> = {};
  for (const d of details) {
    const field = d.field ? fieldOf(d.field) : null;
    if (field && d.message) errors[field] = errors[field] ? `${errors[field]}; ${d.message}` : d.message;
  }
  return errors;
}

const key = (w: Schemas['WorkflowSummary']) => `${w.id}@${w.version}`;

/** Creates a plan in the officer's organisation and opens it. */
export default function NewPlanPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const workflows = useQuery({ queryKey: ['workflows', language], queryFn: () => unwrap(api.GET('/workflows')) });
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [cpvCode, setCpvCode] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [chosen, setChosen] = useState<string | null>(null);
  const [contractType, setContractType] = useState<ContractType | typeof FROM_CPV>(FROM_CPV);
  const [amountInvalid, setAmountInvalid] = useState(false);

  const choices = workflows.data ?? [];
  const workflow = choices.find((w) => key(w) === chosen) ?? choices.find((w) => w.latest) ?? choices[0];
  const several = (id: string) => choices.filter((w) => w.id === id).length > 1;

  const create = useMutation({
    mutationFn: (body: Schemas['CreateProcurementDto']) => unwrap(api.POST('/procurements', { body })),
    onSuccess: (plan) => navigate(`/plans/${plan.id}`),
  });
  const errors = fieldErrors(create.error);
  if (amountInvalid) errors.amount = t('newPlan.amountInvalid');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Finnish and Swedish write decimals with a comma and group digits with spaces.
    const normalised = amount.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
    const value = Number(normalised);
    if (normalised === '' || !Number.isFinite(value)) {
      setAmountInvalid(true);
      return;
    }
    setAmountInvalid(false);
    if (!workflow) return;
    create.mutate({
      title,
      description,
      cpvCode: cpvCode.trim(),
      estimatedValue: { amount: value, currency: currency.trim() },
      workflowId: workflow.id,
      workflowVersion: workflow.version,
      ...(contractType === FROM_CPV ? {} : { contractType }),
    });
  };

  const status = (field: Field) => (errors[field] ? { status: 'error' as const, statusText: errors[field] } : {});

  return (
    <section className="narrow">
      <PageHeading>{t('newPlan.title')}</PageHeading>
      <Lead>{t('newPlan.lead')}</Lead>
      <ErrorMessage error={workflows.error} />
      <form onSubmit={submit} noValidate className="panel">
        <TextInput
          labelText={t('newPlan.field.title')}
          value={title}
          onChange={(v) => setTitle(String(v ?? ''))}
          fullWidth
          aria-required="true"
          maxLength={300}
          {...status('title')}
        />
        <Textarea
          labelText={t('newPlan.field.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          fullWidth
          aria-required="true"
          className="spaced"
          {...status('description')}
        />
        <TextInput
          labelText={t('newPlan.field.cpvCode')}
          hintText={t('newPlan.field.cpvHint')}
          value={cpvCode}
          onChange={(v) => setCpvCode(String(v ?? ''))}
          aria-required="true"
          inputMode="numeric"
          autoComplete="off"
          className="spaced"
          {...status('cpvCode')}
        />
        <div className="row spaced">
          <TextInput
            labelText={t('law.newPlan.amount')}
            hintText={t('law.newPlan.amountHint')}
            value={amount}
            onChange={(v) => {
              setAmount(String(v ?? ''));
              setAmountInvalid(false);
            }}
            aria-required="true"
            inputMode="decimal"
            autoComplete="off"
            {...status('amount')}
          />
          <TextInput
            labelText={t('newPlan.field.currency')}
            hintText={t('newPlan.field.currencyHint')}
            value={currency}
            onChange={(v) => setCurrency(String(v ?? '').toUpperCase())}
            aria-required="true"
            maxLength={3}
            autoComplete="off"
            {...status('currency')}
          />
        </div>
        <Dropdown
          labelText={t('law.newPlan.contractType')}
          hintText={t('law.newPlan.contractTypeHint')}
          value={contractType}
          onChange={(v) => setContractType(v as ContractType | typeof FROM_CPV)}
          fullWidth
          className="spaced"
          {...status('contractType')}
        >
          <DropdownItem value={FROM_CPV}>{t('contractType.fromCpv')}</DropdownItem>
          {CONTRACT_TYPES.map((type) => (
            <DropdownItem key={type} value={type}>
              {t(contractTypeText(type))}
            </DropdownItem>
          ))}
        </Dropdown>
        {workflows.isPending && <Loading />}
        {workflow && (
          <Dropdown
            labelText={t('newPlan.field.workflow')}
            hintText={workflow.description}
            value={key(workflow)}
            onChange={setChosen}
            fullWidth
            className="spaced"
            {...(errors.workflow ? { status: 'error' as const, statusText: errors.workflow } : {})}
          >
            {choices.map((w) => (
              <DropdownItem key={key(w)} value={key(w)}>
                {several(w.id) ? t('plan.workflowVersion', { title: w.title, version: w.version }) : w.title}
              </DropdownItem>
            ))}
          </Dropdown>
        )}
        <ErrorMessage error={create.error} />
        <Button type="submit" className="spaced" disabled={create.isPending || !workflow}>
          {create.isPending ? t('newPlan.creating') : t('newPlan.submit')}
        </Button>
      </form>
    </section>
  );
}
