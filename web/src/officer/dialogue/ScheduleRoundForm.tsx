import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Checkbox, Heading, Paragraph, Textarea, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { fromLocalInput, toLocalInput } from '../../i18n/format';
import { ErrorMessage } from '../../ui/page';
import { DateTimeField, parseNumber, SelectField } from './fields';
import { dialogueKey, QUESTION_TYPES, questionTypeKey, ROUND_TYPES, roundTypeKey, type QuestionType, type RoundType } from './shared';

interface DraftQuestion {
  key: number;
  id: string;
  text: string;
  type: QuestionType;
  mandatory: boolean;
  maxLength: string;
  unit: string;
  min: string;
  max: string;
  /** One option a line. */
  options: string;
}

interface DraftItem {
  key: number;
  id: string;
  title: string;
  text: string;
}

let nextKey = 1;
const DAY = 86_400_000;

function initialDates() {
  const now = Date.now();
  return {
    opensAt: toLocalInput(new Date(now)),
    questionsUntil: toLocalInput(new Date(now + 7 * DAY)),
    clarificationsUntil: toLocalInput(new Date(now + 10 * DAY)),
    closesAt: toLocalInput(new Date(now + 14 * DAY)),
  };
}

function newQuestion(position: number): DraftQuestion {
  return { key: nextKey++, id: `q${position}`, text: '', type: 'text', mandatory: true, maxLength: '', unit: '', min: '', max: '', options: '' };
}

/** The question as the API takes it: only the fields its type uses. */
function toQuestionDto(q: DraftQuestion): Schemas['QuestionDto'] {
  const dto: Schemas['QuestionDto'] = { id: q.id.trim(), text: q.text.trim(), type: q.type, mandatory: q.mandatory };
  if (q.type === 'text') {
    const maxLength = parseNumber(q.maxLength);
    if (maxLength !== undefined) dto.maxLength = maxLength;
  }
  if (q.type === 'number') {
    if (q.unit.trim()) dto.unit = q.unit.trim();
    const min = parseNumber(q.min);
    const max = parseNumber(q.max);
    if (min !== undefined) dto.min = min;
    if (max !== undefined) dto.max = max;
  }
  if (q.type === 'singleChoice' || q.type === 'multiChoice') {
    dto.options = q.options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
  }
  return dto;
}

/** Schedules a round: its type, texts, four deadlines in Helsinki time, and an RFI's questionnaire or a consultation's draft items. */
export function ScheduleRoundForm({ planId, refresh }: { planId: string; refresh(): void }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [type, setType] = useState<RoundType>('rfi');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dates, setDates] = useState(initialDates);
  const [questions, setQuestions] = useState<DraftQuestion[]>([]);
  const [items, setItems] = useState<DraftItem[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/procurements/{id}/dialogue/rounds', {
          params: { path: { id: planId } },
          body: {
            type,
            title: title.trim(),
            description: description.trim(),
            opensAt: fromLocalInput(dates.opensAt),
            questionsUntil: fromLocalInput(dates.questionsUntil),
            clarificationsUntil: fromLocalInput(dates.clarificationsUntil),
            closesAt: fromLocalInput(dates.closesAt),
            ...(type === 'rfi' ? { questionnaire: questions.map(toQuestionDto) } : {}),
            ...(type === 'draftConsultation' ? { draftItems: items.map((i) => ({ id: i.id.trim(), title: i.title.trim(), text: i.text.trim() })) } : {}),
          },
        }),
      ),
    onSuccess: (round) => {
      setDone(t('tools.dialogue.schedule.done', { title: round.title }));
      setTitle('');
      setDescription('');
      setDates(initialDates());
      setQuestions([]);
      setItems([]);
      void queries.invalidateQueries({ queryKey: dialogueKey(planId) });
      refresh();
    },
  });

  const setDate = (field: keyof ReturnType<typeof initialDates>) => (value: string) => setDates((d) => ({ ...d, [field]: value }));
  const missingDate = Object.values(dates).some((d) => !d);

  return (
    <form
      className="panel"
      aria-labelledby="schedule-round-heading"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(null);
        create.mutate();
      }}
    >
      <Heading variant="h3" id="schedule-round-heading">
        {t('tools.dialogue.schedule.title')}
      </Heading>
      <div className="pt-stack">
        <SelectField<RoundType>
          label={t('tools.dialogue.schedule.type')}
          value={type}
          onChange={(v) => setType(v)}
          options={ROUND_TYPES.map((r) => ({ value: r, label: t(roundTypeKey(r)) }))}
        />
        <TextInput labelText={t('tools.dialogue.schedule.roundTitle')} value={title} onChange={(v) => setTitle(String(v ?? ''))} fullWidth />
        <Textarea labelText={t('tools.dialogue.schedule.description')} value={description} onChange={(e) => setDescription(e.target.value)} fullWidth />
        <fieldset className="pt-fieldset">
          <legend>{t('tools.dialogue.schedule.deadlines')}</legend>
          <Paragraph mb="s">
            <span className="muted">{t('tools.dialogue.schedule.deadlinesHint')}</span>
          </Paragraph>
          <div className="grid-2">
            <DateTimeField label={t('tools.dialogue.round.opensAt')} value={dates.opensAt} onChange={setDate('opensAt')} required />
            <DateTimeField label={t('tools.dialogue.round.questionsUntil')} value={dates.questionsUntil} onChange={setDate('questionsUntil')} required />
            <DateTimeField
              label={t('tools.dialogue.round.clarificationsUntil')}
              value={dates.clarificationsUntil}
              onChange={setDate('clarificationsUntil')}
              required
            />
            <DateTimeField label={t('tools.dialogue.round.closesAt')} value={dates.closesAt} onChange={setDate('closesAt')} required />
          </div>
        </fieldset>
        {type === 'rfi' && <QuestionnaireEditor questions={questions} onChange={setQuestions} />}
        {type === 'draftConsultation' && <DraftItemsEditor items={items} onChange={setItems} />}
      </div>
      <ErrorMessage error={create.error} />
      <div role="status">{done && <Paragraph className="spaced">{done}</Paragraph>}</div>
      <div className="pt-actions">
        <Button type="submit" disabled={create.isPending || !title.trim() || !description.trim() || missingDate}>
          {t('tools.dialogue.schedule.submit')}
        </Button>
      </div>
    </form>
  );
}

/** Add, remove and reorder an RFI's questions; each question's own fields follow its type. */
function QuestionnaireEditor({ questions, onChange }: { questions: DraftQuestion[]; onChange(questions: DraftQuestion[]): void }) {
  const { t } = useI18n();
  const update = (key: number, change: Partial<DraftQuestion>) => onChange(questions.map((q) => (q.key === key ? { ...q, ...change } : q)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...questions];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  };
  return (
    <section aria-labelledby="questionnaire-heading">
      <Heading variant="h4" id="questionnaire-heading">
        {t('tools.dialogue.questionnaire.title')}
      </Heading>
      <Paragraph mb="s">
        {questions.length === 0 ? t('tools.dialogue.questionnaire.empty') : t('tools.dialogue.questionnaire.count', { count: questions.length })}
      </Paragraph>
      {questions.map((q, index) => {
        const n = index + 1;
        return (
          <fieldset key={q.key} className="pt-fieldset">
            <legend>{t('tools.dialogue.questionnaire.question', { n })}</legend>
            <div className="pt-stack">
              <TextInput
                labelText={t('tools.dialogue.questionnaire.id')}
                hintText={t('tools.dialogue.questionnaire.idHint')}
                value={q.id}
                onChange={(v) => update(q.key, { id: String(v ?? '') })}
              />
              <Textarea labelText={t('tools.dialogue.questionnaire.text')} value={q.text} onChange={(e) => update(q.key, { text: e.target.value })} fullWidth />
              <SelectField
                label={t('tools.dialogue.questionnaire.type')}
                value={q.type}
                onChange={(type) => update(q.key, { type })}
                options={QUESTION_TYPES.map((type) => ({ value: type, label: t(questionTypeKey(type)) }))}
              />
              <Checkbox checked={q.mandatory} onClick={({ checkboxState }) => update(q.key, { mandatory: checkboxState })}>
                {t('tools.dialogue.questionnaire.mandatory')}
              </Checkbox>
              {q.type === 'text' && (
                <TextInput
                  labelText={t('tools.dialogue.questionnaire.maxLength')}
                  optionalText={t('tools.dialogue.optional')}
                  hintText={t('tools.dialogue.questionnaire.maxLengthHint')}
                  type="number"
                  value={q.maxLength}
                  onChange={(v) => update(q.key, { maxLength: String(v ?? '') })}
                />
              )}
              {q.type === 'number' && (
                <div className="row">
                  <TextInput
                    labelText={t('tools.dialogue.questionnaire.unit')}
                    optionalText={t('tools.dialogue.optional')}
                    value={q.unit}
                    onChange={(v) => update(q.key, { unit: String(v ?? '') })}
                  />
                  <TextInput
                    labelText={t('tools.dialogue.questionnaire.min')}
                    optionalText={t('tools.dialogue.optional')}
                    type="number"
                    value={q.min}
                    onChange={(v) => update(q.key, { min: String(v ?? '') })}
                  />
                  <TextInput
                    labelText={t('tools.dialogue.questionnaire.max')}
                    optionalText={t('tools.dialogue.optional')}
                    type="number"
                    value={q.max}
                    onChange={(v) => update(q.key, { max: String(v ?? '') })}
                  />
                </div>
              )}
              {(q.type === 'singleChoice' || q.type === 'multiChoice') && (
                <Textarea
                  labelText={t('tools.dialogue.questionnaire.options')}
                  hintText={t('tools.dialogue.questionnaire.optionsHint')}
                  value={q.options}
                  onChange={(e) => update(q.key, { options: e.target.value })}
                  fullWidth
                />
              )}
            </div>
            <div className="pt-actions">
              <Button
                type="button"
                variant="secondary"
                disabled={index === 0}
                aria-label={t('tools.dialogue.questionnaire.moveUpNamed', { n })}
                onClick={() => move(index, -1)}
              >
                {t('tools.dialogue.questionnaire.moveUp')}
              </Button>
              <Button
                type="button"
                variant="secondary"
                disabled={index === questions.length - 1}
                aria-label={t('tools.dialogue.questionnaire.moveDownNamed', { n })}
                onClick={() => move(index, 1)}
              >
                {t('tools.dialogue.questionnaire.moveDown')}
              </Button>
              <Button
                type="button"
                variant="secondary"
                aria-label={t('tools.dialogue.questionnaire.removeNamed', { n })}
                onClick={() => onChange(questions.filter((x) => x.key !== q.key))}
              >
                {t('tools.dialogue.questionnaire.remove')}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button type="button" variant="secondary" onClick={() => onChange([...questions, newQuestion(questions.length + 1)])}>
        {t('tools.dialogue.questionnaire.add')}
      </Button>
    </section>
  );
}

/** A consultation round's draft items (the parts of the draft documents suppliers comment on). */
function DraftItemsEditor({ items, onChange }: { items: DraftItem[]; onChange(items: DraftItem[]): void }) {
  const { t } = useI18n();
  const update = (key: number, change: Partial<DraftItem>) => onChange(items.map((i) => (i.key === key ? { ...i, ...change } : i)));
  return (
    <section aria-labelledby="draft-items-heading">
      <Heading variant="h4" id="draft-items-heading">
        {t('tools.dialogue.draftItems.title')}
      </Heading>
      {items.map((item, index) => (
        <fieldset key={item.key} className="pt-fieldset">
          <legend>{t('tools.dialogue.draftItems.item', { n: index + 1 })}</legend>
          <div className="pt-stack">
            <TextInput labelText={t('tools.dialogue.questionnaire.id')} value={item.id} onChange={(v) => update(item.key, { id: String(v ?? '') })} />
            <TextInput
              labelText={t('tools.dialogue.draftItems.itemTitle')}
              value={item.title}
              onChange={(v) => update(item.key, { title: String(v ?? '') })}
              fullWidth
            />
            <Textarea
              labelText={t('tools.dialogue.draftItems.text')}
              value={item.text}
              onChange={(e) => update(item.key, { text: e.target.value })}
              fullWidth
            />
          </div>
          <div className="pt-actions">
            <Button
              type="button"
              variant="secondary"
              aria-label={t('tools.dialogue.draftItems.removeNamed', { n: index + 1 })}
              onClick={() => onChange(items.filter((x) => x.key !== item.key))}
            >
              {t('tools.dialogue.questionnaire.remove')}
            </Button>
          </div>
        </fieldset>
      ))}
      <Button type="button" variant="secondary" onClick={() => onChange([...items, { key: nextKey++, id: `item-${items.length + 1}`, title: '', text: '' }])}>
        {t('tools.dialogue.draftItems.add')}
      </Button>
    </section>
  );
}
