import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Dropdown, DropdownItem, Heading, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { LANGUAGES } from '../i18n/define';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { EMAIL, FormErrors, LiveMessage } from '../supplier/shared';
import { ErrorMessage, Lead, Loading, PageHeading } from '../ui/page';
import { OrganisationProfileSection } from './OrganisationProfileSection';

type Preferences = Schemas['NotificationPreferences'];
type MailLanguage = Preferences['language'];

const ROLE_TEXT: Record<'officer' | 'manager' | 'admin', MessageKey> = {
  officer: 'settings.role.officer',
  manager: 'settings.role.manager',
  admin: 'settings.role.admin',
};

/**
 * The signed-in officer's, manager's or admin's own e-mail settings (GET/PUT /me/notifications):
 * what the service uses now, and the form to change the address, the language and reminders. An
 * empty address follows the sign-in's again.
 */
export default function NotificationSettingsPage() {
  const { t } = useI18n();
  const caller = useCaller();
  const preferences = useQuery({ queryKey: ['me', 'notifications'], queryFn: () => unwrap(api.GET('/me/notifications')) });
  const role = caller.role === 'supplier' ? null : caller.role;
  return (
    <div className="narrow">
      <PageHeading>{t('settings.title')}</PageHeading>
      {role && <Lead>{t(ROLE_TEXT[role])}</Lead>}
      <ErrorMessage error={preferences.error} />
      {preferences.isPending && <Loading />}
      {preferences.data && (
        <>
          <Current preferences={preferences.data} />
          <SettingsForm preferences={preferences.data} />
        </>
      )}
      {caller.role === 'manager' && caller.org && <OrganisationProfileSection org={caller.org} />}
    </div>
  );
}

function Current({ preferences }: { preferences: Preferences }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="settings-current">
      <Heading variant="h2" id="settings-current">
        {t('settings.current.title')}
      </Heading>
      <dl className="facts">
        <dt>{t('settings.current.email')}</dt>
        <dd>
          {preferences.email ? (
            <>
              {preferences.email}{' '}
              <span className="muted">({t(preferences.emailChosen ? 'settings.current.emailChosen' : 'settings.current.emailFromSignIn')})</span>
            </>
          ) : (
            t('settings.current.noEmail')
          )}
        </dd>
        <dt>{t('settings.current.language')}</dt>
        <dd>
          {t(`language.${preferences.language}`)}{' '}
          <span className="muted">({t(preferences.languageChosen ? 'settings.current.languageChosen' : 'settings.current.languageFromSignIn')})</span>
        </dd>
        <dt>{t('settings.current.reminders')}</dt>
        <dd>{t(preferences.reminders ? 'settings.current.remindersOn' : 'settings.current.remindersOff')}</dd>
      </dl>
    </section>
  );
}

function SettingsForm({ preferences }: { preferences: Preferences }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  // The address field holds a chosen address; one that follows the sign-in stays empty, so saving keeps following it.
  const [email, setEmail] = useState(preferences.emailChosen ? (preferences.email ?? '') : '');
  const [language, setLanguage] = useState<MailLanguage>(preferences.language);
  const [reminders, setReminders] = useState(preferences.reminders);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState('');
  const save = useMutation({
    mutationFn: (body: Schemas['NotificationPreferencesDto']) => unwrap(api.PUT('/me/notifications', { body })),
    onSuccess: (next) => {
      setSaved(t('settings.saved'));
      queries.setQueryData(['me', 'notifications'], next);
    },
  });

  const invalid = email.trim() !== '' && !EMAIL.test(email.trim());
  const errors = attempt > 0 && invalid ? [{ inputId: 'settings-email', text: t('settings.form.emailInvalid') }] : [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) {
      setAttempt((n) => n + 1);
      return;
    }
    setSaved('');
    save.mutate({ email: email.trim() || null, language, reminders });
  };

  return (
    <section className="panel" aria-labelledby="settings-form">
      <Heading variant="h2" id="settings-form">
        {t('settings.form.title')}
      </Heading>
      <LiveMessage>{saved}</LiveMessage>
      <form noValidate onSubmit={submit} aria-labelledby="settings-form">
        <FormErrors errors={errors} attempt={attempt} level="h3" />
        <TextInput
          id="settings-email"
          type="email"
          labelText={t('settings.form.email')}
          hintText={t('settings.form.emailHint')}
          autoComplete="email"
          maxLength={320}
          value={email}
          onChange={(value) => setEmail(String(value ?? ''))}
          status={errors.length > 0 ? 'error' : 'default'}
          statusText={errors[0]?.text}
          fullWidth
        />
        <Dropdown
          id="settings-language"
          className="spaced"
          labelText={t('settings.form.language')}
          value={language}
          onChange={(value) => setLanguage(value as MailLanguage)}
          fullWidth
        >
          {LANGUAGES.map((lang) => (
            <DropdownItem key={lang} value={lang}>
              {t(`language.${lang}`)}
            </DropdownItem>
          ))}
        </Dropdown>
        <Checkbox
          id="settings-reminders"
          className="spaced"
          checked={reminders}
          hintText={t('settings.form.remindersHint')}
          onClick={({ checkboxState }) => setReminders(checkboxState)}
        >
          {t('settings.form.reminders')}
        </Checkbox>
        <ErrorMessage error={save.error} />
        <Button type="submit" className="spaced" disabled={save.isPending}>
          {t('settings.form.submit')}
        </Button>
      </form>
    </section>
  );
}
