import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Button, Checkbox, Dropdown, DropdownItem, Heading, Paragraph, TextInput } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useCaller } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from '../ui/page';
import { EMAIL, FormErrors, LiveMessage, RequiredLabel, type FieldError } from './shared';

type Registration = Schemas['Registration'];
type MailLanguage = Registration['language'];
const MAIL_LANGUAGES: MailLanguage[] = ['fi', 'sv', 'en'];

/** The language of the supplier's e-mails: one of the service's three. */
function MailLanguageSelect({ id, value, onChange }: { id: string; value: MailLanguage; onChange(value: MailLanguage): void }) {
  const { t } = useI18n();
  return (
    <Dropdown
      id={id}
      labelText={t('supplier.register.mailLanguage')}
      hintText={t('supplier.register.mailLanguageHint')}
      value={value}
      onChange={(v) => onChange(v as MailLanguage)}
      fullWidth
    >
      {MAIL_LANGUAGES.map((language) => (
        <DropdownItem key={language} value={language}>
          {t(`language.${language}`)}
        </DropdownItem>
      ))}
    </Dropdown>
  );
}

/** The supplier's registration to the dialogue: the form until it has registered, then what it registered with. */
export function RegistrationPanel({ planId, registration }: { planId: string; registration: Registration | null }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState('');
  return (
    <section className="panel" aria-labelledby="registration-heading">
      <Heading variant="h2" id="registration-heading" ref={heading} tabIndex={-1}>
        {t('supplier.register.title')}
      </Heading>
      <LiveMessage>{message}</LiveMessage>
      {registration ? (
        <>
          <RegistrationDetails registration={registration} />
          <NotificationPreferences planId={planId} registration={registration} onSaved={() => setMessage(t('supplier.register.preferencesSaved'))} />
        </>
      ) : (
        <RegistrationForm
          planId={planId}
          onRegistered={() => {
            setMessage(t('supplier.register.saved'));
            // The form is gone with the focus in it: the section's heading takes it.
            setTimeout(() => heading.current?.focus(), 0);
          }}
        />
      )}
    </section>
  );
}

function RegistrationDetails({ registration }: { registration: Registration }) {
  const { t, format } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('supplier.register.company')}</dt>
      <dd>{registration.name}</dd>
      <dt>{t('supplier.register.businessId')}</dt>
      <dd>{registration.businessId}</dd>
      <dt>{t('supplier.register.contactName')}</dt>
      <dd>{registration.contact.name}</dd>
      <dt>{t('supplier.register.email')}</dt>
      <dd>{registration.contact.email}</dd>
      {registration.contact.phone && (
        <>
          <dt>{t('supplier.register.phone')}</dt>
          <dd>{registration.contact.phone}</dd>
        </>
      )}
      <dt>{t('supplier.register.smeShort')}</dt>
      <dd>{registration.sme ? t('app.yes') : t('app.no')}</dd>
      <dt>{t('supplier.register.registeredAt')}</dt>
      <dd>{format.dateTime(registration.registeredAt)}</dd>
    </dl>
  );
}

/** What the supplier is e-mailed in: the language, and whether it is reminded before a round closes. */
function NotificationPreferences({ planId, registration, onSaved }: { planId: string; registration: Registration; onSaved(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [language, setLanguage] = useState<MailLanguage>(registration.language);
  const [reminders, setReminders] = useState(registration.reminders);
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateRegistrationDto']) =>
      unwrap(api.PATCH('/procurements/{id}/dialogue/registration', { params: { path: { id: planId } }, body })),
    onSuccess: () => {
      onSaved();
      void queryClient.invalidateQueries({ queryKey: ['supplier'] });
    },
  });
  const changed = language !== registration.language || reminders !== registration.reminders;
  return (
    <form
      noValidate
      aria-labelledby="notifications-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ language, reminders });
      }}
    >
      <Heading variant="h3" id="notifications-heading" className="spaced">
        {t('supplier.register.notifications')}
      </Heading>
      <Paragraph mb="s">{t('supplier.register.notificationsIntro')}</Paragraph>
      <div className="grid-2">
        <MailLanguageSelect id="preferences-language" value={language} onChange={setLanguage} />
      </div>
      <Checkbox id="preferences-reminders" className="spaced" checked={reminders} onClick={({ checkboxState }) => setReminders(checkboxState)}>
        {t('supplier.register.reminders')}
      </Checkbox>
      <ErrorMessage error={save.error} />
      <Button type="submit" variant="secondary" className="spaced" disabled={save.isPending || !changed}>
        {t('supplier.register.savePreferences')}
      </Button>
    </form>
  );
}

function RegistrationForm({ planId, onRegistered }: { planId: string; onRegistered(): void }) {
  const { t, language: uiLanguage } = useI18n();
  const caller = useCaller();
  const queryClient = useQueryClient();
  const [name, setName] = useState(caller.name);
  const [contactName, setContactName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [sme, setSme] = useState(false);
  const [language, setLanguage] = useState<MailLanguage>(uiLanguage);
  const [reminders, setReminders] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const register = useMutation({
    mutationFn: (body: Schemas['RegisterSupplierDto']) =>
      unwrap(api.POST('/procurements/{id}/dialogue/registrations', { params: { path: { id: planId } }, body })),
    onSuccess: () => {
      onRegistered();
      void queryClient.invalidateQueries({ queryKey: ['supplier'] });
    },
  });
  const labels = {
    name: t('supplier.register.company'),
    contactName: t('supplier.register.contactName'),
    email: t('supplier.register.email'),
  };
  const problems: FieldError[] = [];
  if (name.trim() === '') problems.push({ inputId: 'register-name', text: t('supplier.form.missing', { field: labels.name }) });
  if (contactName.trim() === '') problems.push({ inputId: 'register-contact', text: t('supplier.form.missing', { field: labels.contactName }) });
  if (email.trim() === '') problems.push({ inputId: 'register-email', text: t('supplier.form.missing', { field: labels.email }) });
  else if (!EMAIL.test(email.trim())) problems.push({ inputId: 'register-email', text: t('supplier.form.email', { field: labels.email }) });
  const errors = attempt > 0 ? problems : [];
  const errorOf = (id: string) => errors.find((e) => e.inputId === id)?.text;
  const statusOf = (id: string) => (errorOf(id) ? ('error' as const) : ('default' as const));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length > 0) {
          setAttempt((n) => n + 1);
          return;
        }
        register.mutate({
          name: name.trim(),
          contact: { name: contactName.trim(), email: email.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) },
          sme,
          language,
          reminders,
        });
      }}
    >
      <Paragraph mb="m">{t('supplier.register.intro')}</Paragraph>
      <FormErrors errors={errors} attempt={attempt} level="h3" />
      <div className="grid-2">
        <TextInput
          id="register-name"
          labelText={<RequiredLabel required>{labels.name}</RequiredLabel>}
          aria-required
          autoComplete="organization"
          value={name}
          onChange={(v) => setName(String(v ?? ''))}
          status={statusOf('register-name')}
          statusText={errorOf('register-name')}
          fullWidth
        />
        <TextInput
          id="register-business-id"
          labelText={t('supplier.register.businessId')}
          hintText={t('supplier.register.businessIdHint')}
          value={caller.businessId ?? ''}
          readOnly
          fullWidth
        />
        <TextInput
          id="register-contact"
          labelText={<RequiredLabel required>{labels.contactName}</RequiredLabel>}
          aria-required
          autoComplete="name"
          value={contactName}
          onChange={(v) => setContactName(String(v ?? ''))}
          status={statusOf('register-contact')}
          statusText={errorOf('register-contact')}
          fullWidth
        />
        <TextInput
          id="register-email"
          type="email"
          labelText={<RequiredLabel required>{labels.email}</RequiredLabel>}
          aria-required
          autoComplete="email"
          value={email}
          onChange={(v) => setEmail(String(v ?? ''))}
          status={statusOf('register-email')}
          statusText={errorOf('register-email')}
          fullWidth
        />
        <TextInput
          id="register-phone"
          type="tel"
          labelText={t('supplier.register.phone')}
          optionalText={t('supplier.form.optional')}
          autoComplete="tel"
          value={phone}
          onChange={(v) => setPhone(String(v ?? ''))}
          fullWidth
        />
        <MailLanguageSelect id="register-language" value={language} onChange={setLanguage} />
      </div>
      <Checkbox id="register-sme" className="spaced" checked={sme} onClick={({ checkboxState }) => setSme(checkboxState)}>
        {t('supplier.register.sme')}
      </Checkbox>
      <Checkbox id="register-reminders" className="spaced" checked={reminders} onClick={({ checkboxState }) => setReminders(checkboxState)}>
        {t('supplier.register.reminders')}
      </Checkbox>
      <ErrorMessage error={register.error} />
      <Button type="submit" className="spaced" disabled={register.isPending}>
        {t('supplier.register.submit')}
      </Button>
    </form>
  );
}
