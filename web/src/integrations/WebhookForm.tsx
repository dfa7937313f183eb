import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, TextInput } from 'suomifi-ui-components';
import { useI18n } from '../i18n/i18n';
import { FormErrors, RequiredLabel, type FieldError } from '../supplier/shared';
import { ErrorMessage } from '../ui/page';
import { ALL_EVENTS, EVENT_TYPES } from './event-types';

export interface WebhookValues {
  url: string;
  description: string;
  events: string[];
}

/** The payload limits of CreateWebhookDto / UpdateWebhookDto. */
const URL_MAX = 2000;
const DESCRIPTION_MAX = 300;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A webhook's address, description and event types, for creating one and for editing one. The
 * event types are a checkbox group led by "all event types"; each type is named by its description,
 * with the type itself as the hint the receiving system's developers look for. What the form can
 * check it checks here; the rest (a private address, an unknown type) the API refuses in words.
 */
export function WebhookForm({
  idPrefix,
  label,
  initial,
  submitText,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  label: string;
  initial: WebhookValues;
  submitText: string;
  pending: boolean;
  error: unknown;
  onSubmit(values: WebhookValues): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [url, setUrl] = useState(initial.url);
  const [description, setDescription] = useState(initial.description);
  const [events, setEvents] = useState<string[]>(initial.events);
  const [attempt, setAttempt] = useState(0);
  const first = useRef<HTMLInputElement>(null);
  const all = events.includes(ALL_EVENTS);
  const ids = { url: `${idPrefix}-url`, description: `${idPrefix}-description`, events: `${idPrefix}-events`, all: `${idPrefix}-events-all` };

  useEffect(() => {
    first.current?.focus();
  }, []);

  const problems: FieldError[] = [];
  if (url.trim() === '') problems.push({ inputId: ids.url, text: t('integrations.form.urlMissing') });
  else if (!isWebUrl(url.trim())) problems.push({ inputId: ids.url, text: t('integrations.form.urlInvalid') });
  if (events.length === 0) problems.push({ inputId: ids.all, text: t('integrations.form.eventsMissing') });
  const errors = attempt > 0 ? problems : [];
  const errorOf = (id: string) => errors.find((e) => e.inputId === id)?.text;

  const toggle = (type: string, on: boolean) => setEvents((chosen) => (on ? [...chosen.filter((c) => c !== type), type] : chosen.filter((c) => c !== type)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    // "All" stands alone: the API delivers every type to "*", named ones beside it would mean nothing.
    onSubmit({ url: url.trim(), description: description.trim(), events: all ? [ALL_EVENTS] : EVENT_TYPES.filter((type) => events.includes(type)) });
  };

  return (
    <form noValidate aria-label={label} onSubmit={submit} className="webhook-form">
      <FormErrors errors={errors} attempt={attempt} level="h3" />
      <TextInput
        id={ids.url}
        ref={first}
        type="url"
        labelText={<RequiredLabel required>{t('integrations.form.url')}</RequiredLabel>}
        hintText={t('integrations.form.urlHint')}
        aria-required
        autoComplete="off"
        maxLength={URL_MAX}
        value={url}
        onChange={(value) => setUrl(String(value ?? ''))}
        status={errorOf(ids.url) ? 'error' : 'default'}
        statusText={errorOf(ids.url)}
        fullWidth
      />
      <TextInput
        id={ids.description}
        className="spaced"
        labelText={t('integrations.form.description')}
        hintText={t('integrations.form.descriptionHint')}
        optionalText={t('integrations.form.optional')}
        maxLength={DESCRIPTION_MAX}
        value={description}
        onChange={(value) => setDescription(String(value ?? ''))}
        fullWidth
      />
      <CheckboxGroup
        id={ids.events}
        className="spaced"
        labelText={<RequiredLabel required>{t('integrations.form.events')}</RequiredLabel>}
        groupHintText={t('integrations.form.eventsHint')}
        groupStatus={errorOf(ids.all) ? 'error' : 'default'}
        groupStatusText={errorOf(ids.all)}
      >
        <Checkbox id={ids.all} checked={all} onClick={({ checkboxState }) => setEvents(checkboxState ? [ALL_EVENTS] : [])}>
          {t('integrations.form.allEvents')}
        </Checkbox>
        {!all &&
          EVENT_TYPES.map((type) => (
            <Checkbox
              key={type}
              id={`${ids.events}-${type.replace('.', '-')}`}
              checked={events.includes(type)}
              hintText={type}
              onClick={({ checkboxState }) => toggle(type, checkboxState)}
            >
              {t(`eventType.${type}`)}
            </Checkbox>
          ))}
      </CheckboxGroup>
      <ErrorMessage error={error} />
      <div className="button-row spaced">
        <Button type="submit" disabled={pending}>
          {submitText}
        </Button>
        <Button type="button" variant="secondaryNoBorder" onClick={onCancel}>
          {t('app.cancel')}
        </Button>
      </div>
    </form>
  );
}
