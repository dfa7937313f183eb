import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Heading, Paragraph, Textarea, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../../api/client';
import { useCaller } from '../../auth/session';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { ErrorMessage, Loading } from '../../ui/page';
import { parseNumber, SelectField } from '../dialogue/fields';
import '../dialogue/planTools.css';
import { SUSTAINABILITY_GOAL_CODES } from '../../../../workflows/common/codes';

export interface PlanTabProps {
  plan: Schemas['PlanDetail'];
  /** Reload the plan after a change (its stage, version and allowed events may have moved). */
  refresh(): void;
}

type CriterionDto = Schemas['CriterionDto'];
type Kind = NonNullable<CriterionDto['kind']>;
type GoalCode = NonNullable<CriterionDto['goalCode']>;
type Source = NonNullable<CriterionDto['source']>;
type Template = Schemas['CriterionTemplate'];

const KINDS: Kind[] = ['selectionCriteria', 'technicalSpecifications', 'awardCriteria', 'contractPerformanceConditions'];
const SOURCES: Source[] = ['own', 'euGPPCriteria', 'nationalGPPCriteria', 'otherGPPCriteria'];
const CATEGORIES = [
  'ictEquipmentAndDataCentres',
  'vehiclesAndTransport',
  'foodAndCatering',
  'constructionAndRenovation',
  'cleaning',
  'furniture',
  'energy',
] as const;
/** Environmental goals first, then social and economic: the order criteria are usually written in. */
const GOAL_GROUPS = ['environmental', 'social', 'economic'];
const GOAL_CODES: GoalCode[] = GOAL_GROUPS.flatMap((group) => SUSTAINABILITY_GOAL_CODES.filter((code) => code.split('.')[0] === group));

const kindKey = (kind: string) => `tools.criteria.kind.${kind}` as MessageKey;
const sourceKey = (source: string) => `tools.criteria.source.${source}` as MessageKey;
const categoryKey = (category: string) => `tools.criteria.category.${category}` as MessageKey;
const goalKey = (code: string) => `goal.${code}` as MessageKey;

/** A criterion being edited: every field as typed; the weight as text until saved. */
interface Draft {
  key: number;
  kind: Kind;
  title: string;
  text: string;
  verification: string;
  weight: string;
  subjectLink: string;
  goalCode: GoalCode | '';
  source: Source;
  sourceReference: string;
  templateId: string | null;
}

let nextKey = 1;

function fromCriterion(c: Schemas['Criterion']): Draft {
  return {
    key: nextKey++,
    kind: c.kind as Kind,
    title: c.title,
    text: c.text,
    verification: c.verification ?? '',
    weight: c.weight === null ? '' : String(c.weight),
    subjectLink: c.subjectLink ?? '',
    goalCode: (c.goalCode ?? '') as GoalCode | '',
    source: c.source as Source,
    sourceReference: c.sourceReference ?? '',
    templateId: c.templateId,
  };
}

function fromTemplate(tpl: Template, weight: number | undefined): Draft {
  const award = tpl.kind === 'awardCriteria';
  const w = award ? (weight ?? tpl.suggestedWeight) : undefined;
  return {
    key: nextKey++,
    kind: tpl.kind as Kind,
    title: tpl.title,
    text: tpl.text,
    verification: tpl.verification,
    weight: w === undefined ? '' : String(w),
    subjectLink: tpl.subjectLink ?? '',
    goalCode: tpl.goalCode as GoalCode,
    source: tpl.source as Source,
    sourceReference: tpl.sourceReference,
    templateId: tpl.id,
  };
}

const blank = (): Draft => ({
  key: nextKey++,
  kind: 'awardCriteria',
  title: '',
  text: '',
  verification: '',
  weight: '',
  subjectLink: '',
  goalCode: '',
  source: 'own',
  sourceReference: '',
  templateId: null,
});

/** The criterion as PUT takes it: every field explicit, empty optional texts left out, weight and subject link only for award criteria. */
function toDto(d: Draft): CriterionDto {
  const award = d.kind === 'awardCriteria';
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    ...(d.templateId ? { templateId: d.templateId } : {}),
    kind: d.kind,
    title: d.title.trim(),
    text: d.text.trim(),
    verification: d.verification.trim(),
    ...(d.goalCode ? { goalCode: d.goalCode } : {}),
    ...(award ? { weight: parseNumber(d.weight), subjectLink: optional(d.subjectLink) } : {}),
    source: d.source,
    ...(optional(d.sourceReference) ? { sourceReference: d.sourceReference.trim() } : {}),
  };
}

const awardTotal = (drafts: Draft[]) => drafts.filter((d) => d.kind === 'awardCriteria').reduce((sum, d) => sum + (parseNumber(d.weight) ?? 0), 0);

/**
 * The plan's criteria: a list edited in the browser and saved at once (PUT replaces them all; award
 * weights must then sum to exactly 100, which the running sum shows while editing). Criteria start
 * from a template of the API or from scratch. Editable only in the criteria and strategy stage.
 */
export default function CriteriaTab({ plan, refresh }: PlanTabProps) {
  const { t, format } = useI18n();
  const caller = useCaller();
  const queries = useQueryClient();
  const key = ['criteria', plan.id];
  const criteria = useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/procurements/{id}/criteria', { params: { path: { id: plan.id } } })) });
  const editable = caller.role === 'officer' && plan.tags.includes('criteria.editable');
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (criteria.data && !dirty) setDrafts(criteria.data.criteria.map(fromCriterion));
  }, [criteria.data, dirty]);

  const change = (next: Draft[]) => {
    setDrafts(next);
    setDirty(true);
    setSaved(false);
  };

  const save = useMutation({
    mutationFn: (list: Draft[]) => unwrap(api.PUT('/procurements/{id}/criteria', { params: { path: { id: plan.id } }, body: { criteria: list.map(toDto) } })),
    onSuccess: (data) => {
      queries.setQueryData(key, data);
      setDrafts(data.criteria.map(fromCriterion));
      setDirty(false);
      setEditing(null);
      setSaved(true);
      refresh();
    },
  });

  const list = drafts ?? [];
  const total = awardTotal(list);
  const awards = list.filter((d) => d.kind === 'awardCriteria').length;

  return (
    <section aria-labelledby="criteria-heading" className="pt-stack">
      <Heading variant="h2" id="criteria-heading">
        {t('tools.criteria.title')}
      </Heading>
      {criteria.isPending && <Loading />}
      <ErrorMessage error={criteria.error} />
      {!editable && criteria.data && <Paragraph>{caller.role === 'officer' ? t('tools.criteria.locked') : t('tools.criteria.readOnly')}</Paragraph>}
      {drafts && (
        <>
          <div className="panel">
            <Heading variant="h3">{t('tools.criteria.listTitle')}</Heading>
            <p aria-live="polite" className={`pt-total ${total === 100 ? 'pt-total--ok' : 'pt-total--bad'}`}>
              {awards === 0
                ? t('tools.criteria.totalNone')
                : total === 100
                  ? t('tools.criteria.totalOk', { total: format.number(total, 2) })
                  : t(total > 100 ? 'tools.criteria.totalOver' : 'tools.criteria.totalUnder', {
                      total: format.number(total, 2),
                      gap: format.number(Math.abs(100 - total), 2),
                    })}
            </p>
            {list.length === 0 && <Paragraph>{t('tools.criteria.none')}</Paragraph>}
            <ul className="pt-list">
              {list.map((d, index) => (
                <li key={d.key}>
                  {editing === d.key && editable ? (
                    <CriterionEditor
                      draft={d}
                      n={index + 1}
                      onChange={(next) => change(list.map((x) => (x.key === d.key ? next : x)))}
                      onDone={() => setEditing(null)}
                    />
                  ) : (
                    <CriterionView draft={d} />
                  )}
                  {editable && editing !== d.key && (
                    <div className="pt-actions">
                      <Button
                        type="button"
                        variant="secondary"
                        aria-label={t('tools.criteria.editNamed', { title: d.title || index + 1 })}
                        onClick={() => setEditing(d.key)}
                      >
                        {t('tools.criteria.edit')}
                      </Button>
                      <Button
                        type="button"
                        variant="secondary"
                        aria-label={t('tools.criteria.removeNamed', { title: d.title || index + 1 })}
                        onClick={() => change(list.filter((x) => x.key !== d.key))}
                      >
                        {t('tools.criteria.remove')}
                      </Button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
            {editable && (
              <>
                <div className="pt-actions">
                  <Button
                    type="button"
                    variant="secondary"
                    onClick={() => {
                      const d = blank();
                      change([...list, d]);
                      setEditing(d.key);
                    }}
                  >
                    {t('tools.criteria.addOwn')}
                  </Button>
                </div>
                <ErrorMessage error={save.error} />
                <div role="status">{saved && <Paragraph className="spaced">{t('tools.criteria.saved')}</Paragraph>}</div>
                <div className="pt-actions">
                  <Button type="button" disabled={save.isPending || !dirty} onClick={() => save.mutate(list)}>
                    {t('tools.criteria.save')}
                  </Button>
                  <Button
                    type="button"
                    variant="secondary"
                    disabled={save.isPending || !dirty}
                    onClick={() => {
                      setDirty(false);
                      setEditing(null);
                      save.reset();
                      if (criteria.data) setDrafts(criteria.data.criteria.map(fromCriterion));
                    }}
                  >
                    {t('tools.criteria.discard')}
                  </Button>
                </div>
                {dirty && <Paragraph className="spaced">{t('tools.criteria.unsaved')}</Paragraph>}
              </>
            )}
          </div>
          {editable && <TemplatePicker onAdd={(d) => change([...list, d])} />}
        </>
      )}
    </section>
  );
}

function CriterionView({ draft: d }: { draft: Draft }) {
  const { t, format } = useI18n();
  const weight = parseNumber(d.weight);
  return (
    <article>
      <Heading variant="h4">{d.title || t('tools.criteria.untitled')}</Heading>
      <Paragraph mb="s">
        <span className="badge">{t(kindKey(d.kind))}</span>
        {d.kind === 'awardCriteria' && (
          <>
            {' '}
            <span className="badge">
              {weight === undefined ? t('tools.criteria.noWeight') : t('tools.criteria.weightValue', { weight: format.number(weight, 2) })}
            </span>
          </>
        )}
      </Paragraph>
      <p className="pt-quote">{d.text}</p>
      <dl className="pt-facts spaced">
        <dt>{t('tools.criteria.verification')}</dt>
        <dd>{d.verification || '–'}</dd>
        {d.kind === 'awardCriteria' && (
          <>
            <dt>{t('tools.criteria.subjectLink')}</dt>
            <dd>{d.subjectLink || '–'}</dd>
          </>
        )}
        <dt>{t('tools.criteria.goalCode')}</dt>
        <dd>{d.goalCode ? t(goalKey(d.goalCode)) : '–'}</dd>
        <dt>{t('tools.criteria.sourceLabel')}</dt>
        <dd>
          {t(sourceKey(d.source))}
          {d.templateId && ` · ${t('tools.criteria.fromTemplate')}`}
          {d.sourceReference && (
            <>
              <br />
              <span className="muted">{d.sourceReference}</span>
            </>
          )}
        </dd>
      </dl>
    </article>
  );
}

function CriterionEditor({ draft: d, n, onChange, onDone }: { draft: Draft; n: number; onChange(d: Draft): void; onDone(): void }) {
  const { t } = useI18n();
  const set = (change: Partial<Draft>) => onChange({ ...d, ...change });
  const award = d.kind === 'awardCriteria';
  return (
    <fieldset className="pt-fieldset">
      <legend>{t('tools.criteria.editing', { n })}</legend>
      <div className="pt-stack">
        <SelectField
          label={t('tools.criteria.kindLabel')}
          value={d.kind}
          onChange={(kind) => set({ kind })}
          options={KINDS.map((k) => ({ value: k, label: t(kindKey(k)) }))}
        />
        <TextInput labelText={t('tools.criteria.titleLabel')} value={d.title} onChange={(v) => set({ title: String(v ?? '') })} fullWidth />
        <Textarea labelText={t('tools.criteria.text')} value={d.text} onChange={(e) => set({ text: e.target.value })} fullWidth />
        <Textarea
          labelText={t('tools.criteria.verification')}
          hintText={t('tools.criteria.verificationHint')}
          value={d.verification}
          onChange={(e) => set({ verification: e.target.value })}
          fullWidth
        />
        {award && (
          <>
            <TextInput
              labelText={t('tools.criteria.weight')}
              hintText={t('tools.criteria.weightHint')}
              type="number"
              value={d.weight}
              onChange={(v) => set({ weight: String(v ?? '') })}
            />
            <Textarea
              labelText={t('tools.criteria.subjectLink')}
              hintText={t('tools.criteria.subjectLinkHint')}
              value={d.subjectLink}
              onChange={(e) => set({ subjectLink: e.target.value })}
              fullWidth
            />
          </>
        )}
        <SelectField
          label={t('tools.criteria.goalCode')}
          value={d.goalCode}
          onChange={(goalCode) => set({ goalCode })}
          options={[{ value: '' as const, label: t('tools.criteria.noGoal') }, ...GOAL_CODES.map((code) => ({ value: code, label: t(goalKey(code)) }))]}
        />
        <SelectField
          label={t('tools.criteria.sourceLabel')}
          value={d.source}
          onChange={(source) => set({ source })}
          options={SOURCES.map((s) => ({ value: s, label: t(sourceKey(s)) }))}
        />
        <TextInput
          labelText={t('tools.criteria.sourceReference')}
          optionalText={t('tools.dialogue.optional')}
          value={d.sourceReference}
          onChange={(v) => set({ sourceReference: String(v ?? '') })}
          fullWidth
        />
      </div>
      <div className="pt-actions">
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('tools.criteria.done')}
        </Button>
      </div>
    </fieldset>
  );
}

/** Category → template → add, with an optional weight for award criteria; texts in the console's language as the API gives them. */
function TemplatePicker({ onAdd }: { onAdd(d: Draft): void }) {
  const { t, language } = useI18n();
  const templates = useQuery({ queryKey: ['criteria-templates', language], queryFn: () => unwrap(api.GET('/criteria/templates')), staleTime: Infinity });
  const [category, setCategory] = useState<string>(CATEGORIES[0]);
  const [templateId, setTemplateId] = useState('');
  const [weight, setWeight] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const inCategory = (templates.data ?? []).filter((tpl) => tpl.category === category);
  const chosen = inCategory.find((tpl) => tpl.id === templateId) ?? inCategory[0];
  const categories = CATEGORIES.filter((c) => (templates.data ?? []).some((tpl) => tpl.category === c));
  return (
    <div className="panel">
      <Heading variant="h3">{t('tools.criteria.templates')}</Heading>
      {templates.isPending && <Loading />}
      <ErrorMessage error={templates.error} />
      {templates.data && (
        <div className="pt-stack">
          <SelectField
            label={t('tools.criteria.category')}
            value={category}
            onChange={(c) => {
              setCategory(c);
              setTemplateId('');
              setAdded(null);
            }}
            options={categories.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
          />
          {chosen && (
            <>
              <SelectField
                label={t('tools.criteria.template')}
                value={chosen.id}
                onChange={(id) => {
                  setTemplateId(id);
                  setAdded(null);
                }}
                options={inCategory.map((tpl) => ({ value: tpl.id, label: `${tpl.title} (${t(kindKey(tpl.kind))})` }))}
              />
              <div className="pt-fieldset">
                <Paragraph mb="s">
                  <strong>{chosen.title}</strong> <span className="badge">{t(kindKey(chosen.kind))}</span>
                </Paragraph>
                <p className="pt-quote">{chosen.text}</p>
                <dl className="pt-facts spaced">
                  <dt>{t('tools.criteria.verification')}</dt>
                  <dd>{chosen.verification}</dd>
                  {chosen.subjectLink && (
                    <>
                      <dt>{t('tools.criteria.subjectLink')}</dt>
                      <dd>{chosen.subjectLink}</dd>
                    </>
                  )}
                  <dt>{t('tools.criteria.goalCode')}</dt>
                  <dd>{t(goalKey(chosen.goalCode))}</dd>
                  <dt>{t('tools.criteria.sourceLabel')}</dt>
                  <dd>
                    {t(sourceKey(chosen.source))}
                    <br />
                    <span className="muted">{chosen.sourceReference}</span>
                  </dd>
                </dl>
              </div>
              {chosen.kind === 'awardCriteria' && (
                <TextInput
                  labelText={t('tools.criteria.templateWeight')}
                  optionalText={t('tools.dialogue.optional')}
                  hintText={chosen.suggestedWeight !== undefined ? t('tools.criteria.suggestedWeight', { weight: chosen.suggestedWeight }) : undefined}
                  type="number"
                  value={weight}
                  onChange={(v) => setWeight(String(v ?? ''))}
                />
              )}
              <div className="pt-actions">
                <Button
                  type="button"
                  onClick={() => {
                    onAdd(fromTemplate(chosen, parseNumber(weight)));
                    setAdded(t('tools.criteria.added', { title: chosen.title }));
                    setWeight('');
                  }}
                >
                  {t('tools.criteria.addTemplate')}
                </Button>
              </div>
              <div role="status">{added && <Paragraph>{added}</Paragraph>}</div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
