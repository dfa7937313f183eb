import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Heading, Paragraph, Textarea, TextInput } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useCaller } from '../../auth/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ErrorMessage, Loading } from '../../ui/page';
import { parseNumber } from '../dialogue/fields';
import '../dialogue/planTools.css';
import { CostChart } from './CostChart';

export interface PlanTabProps {
  plan: Schemas['PlanDetail'];
  /** Reload the plan after a change (its stage, version and allowed events may have moved). */
  refresh(): void;
}

type Model = Schemas['LifeCycleCost'];
const AMOUNTS = ['acquisition', 'annualOperation', 'annualMaintenance', 'annualCo2eTonnes', 'endOfLifeCost', 'residualValue'] as const;
type Amount = (typeof AMOUNTS)[number];

interface OptionDraft extends Record<Amount, string> {
  key: number;
  name: string;
}

interface ModelDraft {
  currency: string;
  years: string;
  discountRatePercent: string;
  carbonPricePerTonne: string;
  method: string;
  /** One item a line. */
  tendererData: string;
  options: OptionDraft[];
}

let nextKey = 1;
const text = (n: number) => String(n);

function fromModel(m: Model | null): ModelDraft {
  if (!m) return { currency: 'EUR', years: '', discountRatePercent: '', carbonPricePerTonne: '', method: '', tendererData: '', options: [] };
  return {
    currency: m.currency,
    years: text(m.years),
    discountRatePercent: text(m.discountRatePercent),
    carbonPricePerTonne: text(m.carbonPricePerTonne),
    method: m.method ?? '',
    tendererData: m.tendererData.join('\n'),
    options: m.options.map((o) => ({
      key: nextKey++,
      name: o.name,
      acquisition: text(o.acquisition),
      annualOperation: text(o.annualOperation),
      annualMaintenance: text(o.annualMaintenance),
      annualCo2eTonnes: text(o.annualCo2eTonnes),
      endOfLifeCost: text(o.endOfLifeCost),
      residualValue: text(o.residualValue),
    })),
  };
}

const blankOption = (): OptionDraft => ({
  key: nextKey++,
  name: '',
  acquisition: '',
  annualOperation: '',
  annualMaintenance: '',
  annualCo2eTonnes: '',
  endOfLifeCost: '',
  residualValue: '',
});

/** The model as PUT takes it; an empty number field is sent as 0 for amounts (the server checks the rest). */
function toDto(d: ModelDraft): Schemas['LifeCycleCostDto'] {
  const lines = d.tendererData
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    currency: d.currency.trim().toUpperCase(),
    years: parseNumber(d.years) ?? Number.NaN,
    discountRatePercent: parseNumber(d.discountRatePercent) ?? Number.NaN,
    carbonPricePerTonne: parseNumber(d.carbonPricePerTonne) ?? 0,
    ...(d.method.trim() ? { method: d.method.trim() } : {}),
    tendererData: lines,
    options: d.options.map((o) => ({
      name: o.name.trim(),
      acquisition: parseNumber(o.acquisition) ?? 0,
      annualOperation: parseNumber(o.annualOperation) ?? 0,
      annualMaintenance: parseNumber(o.annualMaintenance) ?? 0,
      annualCo2eTonnes: parseNumber(o.annualCo2eTonnes) ?? 0,
      endOfLifeCost: parseNumber(o.endOfLifeCost) ?? 0,
      residualValue: parseNumber(o.residualValue) ?? 0,
    })),
  };
}

/**
 * The plan's life-cycle cost model (Directive 2014/24/EU art. 68): options compared by net present
 * cost over their life, with CO2e priced in. The server computes the results; the chart shows them
 * and the table beside it is their accessible equivalent.
 */
export default function LifeCycleCostTab({ plan, refresh }: PlanTabProps) {
  const { t } = useI18n();
  const caller = useCaller();
  const queries = useQueryClient();
  const key = ['life-cycle-cost', plan.id];
  const model = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/procurements/{id}/life-cycle-cost', { params: { path: { id: plan.id } } }));
      } catch (error) {
        // No model yet is an answer, not a failure.
        if (error instanceof ApiError && error.status === 404 && error.code === 'lcc.notFound') return null;
        throw error;
      }
    },
  });
  const editable = caller.role === 'officer' && plan.tags.includes('lcc.editable');
  const [draft, setDraft] = useState<ModelDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (model.data !== undefined && !dirty) setDraft(fromModel(model.data));
  }, [model.data, dirty]);

  const change = (next: ModelDraft) => {
    setDraft(next);
    setDirty(true);
    setSaved(null);
  };
  const save = useMutation({
    mutationFn: (d: ModelDraft) => unwrap(api.PUT('/procurements/{id}/life-cycle-cost', { params: { path: { id: plan.id } }, body: toDto(d) })),
    onSuccess: (data) => {
      queries.setQueryData(key, data);
      setDirty(false);
      setDraft(fromModel(data));
      setSaved(t('tools.lcc.saved'));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/procurements/{id}/life-cycle-cost', { params: { path: { id: plan.id } } })),
    onSuccess: () => {
      queries.setQueryData(key, null);
      setDirty(false);
      setDraft(fromModel(null));
      setSaved(t('tools.lcc.removed'));
      refresh();
    },
  });

  return (
    <section aria-labelledby="lcc-heading" className="pt-stack">
      <Heading variant="h2" id="lcc-heading">
        {t('tools.lcc.title')}
      </Heading>
      {model.isPending && <Loading />}
      <ErrorMessage error={model.error} />
      {model.data === null && <Paragraph>{editable ? t('tools.lcc.noneEditable') : t('tools.lcc.none')}</Paragraph>}
      {model.data !== undefined && !editable && <Paragraph>{caller.role === 'officer' ? t('tools.lcc.locked') : t('tools.lcc.readOnly')}</Paragraph>}
      {model.data && <Results model={model.data} stale={dirty} />}
      {model.data && !editable && <ModelFacts model={model.data} />}
      {editable && draft && (
        <form
          className="panel"
          aria-labelledby="lcc-editor-heading"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            save.mutate(draft);
          }}
        >
          <Heading variant="h3" id="lcc-editor-heading">
            {t('tools.lcc.editor')}
          </Heading>
          <div className="pt-stack">
            <div className="row">
              <TextInput labelText={t('tools.lcc.years')} type="number" value={draft.years} onChange={(v) => change({ ...draft, years: String(v ?? '') })} />
              <TextInput
                labelText={t('tools.lcc.discountRate')}
                hintText={t('tools.lcc.discountRateHint')}
                type="number"
                value={draft.discountRatePercent}
                onChange={(v) => change({ ...draft, discountRatePercent: String(v ?? '') })}
              />
              <TextInput
                labelText={t('tools.lcc.carbonPrice', { currency: draft.currency || '–' })}
                type="number"
                value={draft.carbonPricePerTonne}
                onChange={(v) => change({ ...draft, carbonPricePerTonne: String(v ?? '') })}
              />
              <TextInput
                labelText={t('tools.lcc.currency')}
                hintText={t('tools.lcc.currencyHint')}
                value={draft.currency}
                onChange={(v) => change({ ...draft, currency: String(v ?? '') })}
              />
            </div>
            <Textarea
              labelText={t('tools.lcc.method')}
              hintText={t('tools.lcc.methodHint')}
              value={draft.method}
              onChange={(e) => change({ ...draft, method: e.target.value })}
              fullWidth
            />
            <Textarea
              labelText={t('tools.lcc.tendererData')}
              hintText={t('tools.lcc.tendererDataHint')}
              value={draft.tendererData}
              onChange={(e) => change({ ...draft, tendererData: e.target.value })}
              fullWidth
            />
            <Heading variant="h4">{t('tools.lcc.options')}</Heading>
            {draft.options.length === 0 && <Paragraph>{t('tools.lcc.noOptions')}</Paragraph>}
            {draft.options.map((o, index) => (
              <fieldset key={o.key} className="pt-fieldset">
                <legend>{o.name.trim() ? t('tools.lcc.optionNamed', { n: index + 1, name: o.name.trim() }) : t('tools.lcc.option', { n: index + 1 })}</legend>
                <div className="pt-stack">
                  <TextInput
                    labelText={t('tools.lcc.optionName')}
                    value={o.name}
                    onChange={(v) => change({ ...draft, options: draft.options.map((x) => (x.key === o.key ? { ...x, name: String(v ?? '') } : x)) })}
                    fullWidth
                  />
                  <div className="grid-2">
                    {AMOUNTS.map((field) => (
                      <TextInput
                        key={field}
                        labelText={t(`tools.lcc.field.${field}` as MessageKey, { currency: draft.currency || '–' })}
                        type="number"
                        value={o[field]}
                        onChange={(v) => change({ ...draft, options: draft.options.map((x) => (x.key === o.key ? { ...x, [field]: String(v ?? '') } : x)) })}
                      />
                    ))}
                  </div>
                </div>
                <div className="pt-actions">
                  <Button
                    type="button"
                    variant="secondary"
                    aria-label={t('tools.lcc.removeOptionNamed', { name: o.name.trim() || index + 1 })}
                    onClick={() => change({ ...draft, options: draft.options.filter((x) => x.key !== o.key) })}
                  >
                    {t('tools.lcc.removeOption')}
                  </Button>
                </div>
              </fieldset>
            ))}
            <div>
              <Button type="button" variant="secondary" onClick={() => change({ ...draft, options: [...draft.options, blankOption()] })}>
                {t('tools.lcc.addOption')}
              </Button>
            </div>
          </div>
          <ErrorMessage error={save.error ?? remove.error} />
          <div role="status">{saved && <Paragraph className="spaced">{saved}</Paragraph>}</div>
          <div className="pt-actions">
            <Button type="submit" disabled={save.isPending || !dirty || draft.options.length === 0}>
              {t('tools.lcc.save')}
            </Button>
            {dirty && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setDirty(false);
                  save.reset();
                  setDraft(fromModel(model.data ?? null));
                }}
              >
                {t('tools.lcc.discard')}
              </Button>
            )}
            {model.data && (
              <Button type="button" variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
                {t('tools.lcc.remove')}
              </Button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function ModelFacts({ model }: { model: Model }) {
  const { t, format } = useI18n();
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.lcc.assumptions')}</Heading>
      <dl className="pt-facts">
        <dt>{t('tools.lcc.years')}</dt>
        <dd>{format.number(model.years, 0)}</dd>
        <dt>{t('tools.lcc.discountRate')}</dt>
        <dd>{format.percent(model.discountRatePercent)}</dd>
        <dt>{t('tools.lcc.carbonPrice', { currency: model.currency })}</dt>
        <dd>{format.money(model.carbonPricePerTonne, model.currency)}</dd>
        <dt>{t('tools.lcc.method')}</dt>
        <dd>{model.method || '–'}</dd>
        <dt>{t('tools.lcc.tendererData')}</dt>
        <dd>{model.tendererData.length ? model.tendererData.join('; ') : '–'}</dd>
      </dl>
    </div>
  );
}

function Results({ model, stale }: { model: Model; stale: boolean }) {
  const { t, format } = useI18n();
  const results = [...model.results].sort((a, b) => a.rank - b.rank);
  const money = (n: number) => format.money(n, model.currency);
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.lcc.results')}</Heading>
      <Paragraph mb="s">
        {t('tools.lcc.resultsIntro', {
          years: format.number(model.years, 0),
          rate: format.percent(model.discountRatePercent),
          price: money(model.carbonPricePerTonne),
          updated: format.dateTime(model.updatedAt),
        })}
      </Paragraph>
      {stale && (
        <Paragraph mb="s">
          <span className="badge badge--warn">{t('tools.lcc.staleBadge')}</span> {t('tools.lcc.stale')}
        </Paragraph>
      )}
      {results.length > 0 && <CostChart results={results} currency={model.currency} />}
      <div className="table-scroll spaced">
        <table className="data pt-table">
          <caption>{t('tools.lcc.tableCaption', { currency: model.currency })}</caption>
          <thead>
            <tr>
              <th scope="col" className="number">
                {t('tools.lcc.rank')}
              </th>
              <th scope="col">{t('tools.lcc.optionName')}</th>
              <th scope="col" className="number">
                {t('tools.lcc.col.acquisition')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.operation')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.maintenance')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.externality')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.endOfLife')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.residualValue')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.netPresentCost')}
              </th>
              <th scope="col" className="number">
                {t('tools.lcc.col.co2e')}
              </th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.name}>
                <td className="number">{t('tools.lcc.rankValue', { rank: r.rank })}</td>
                <th scope="row">{r.name}</th>
                <td className="number">{money(r.acquisition)}</td>
                <td className="number">{money(r.operation)}</td>
                <td className="number">{money(r.maintenance)}</td>
                <td className="number">{money(r.externality)}</td>
                <td className="number">{money(r.endOfLife)}</td>
                <td className="number">{money(r.residualValue > 0 ? -r.residualValue : 0)}</td>
                <td className="number">
                  <strong>{money(r.netPresentCost)}</strong>
                </td>
                <td className="number">{format.number(r.co2eTonnes, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
