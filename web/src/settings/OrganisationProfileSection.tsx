import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import { Button, Dropdown, DropdownItem, Heading, InlineAlert, Paragraph, RadioButton, RadioButtonGroup, TextInput } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { allCodes } from '../api/codes';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { ErrorMessage, Loading, StatusMessage } from '../ui/page';

type Profile = Schemas['OrganisationProfile'];
type Body = Schemas['OrganisationProfileDto'];
type AuthorityKind = Profile['authorityKind'];
type LegalType = NonNullable<Body['legalType']>;
type Activity = NonNullable<Body['mainActivity']>;

const KINDS = allCodes<AuthorityKind>({ subCentral: true, centralGovernment: true });

/** BT-11 buyer-legal-type codes (eForms SDK 1.13), in the code list's order. */
const LEGAL_TYPES = allCodes<LegalType>({
  'body-pl': true,
  'body-pl-cga': true,
  'body-pl-la': true,
  'body-pl-ra': true,
  cga: true,
  'def-cont': true,
  'eu-ins-bod-ag': true,
  'grp-p-aut': true,
  'int-org': true,
  la: true,
  'org-sub': true,
  'org-sub-cga': true,
  'org-sub-la': true,
  'org-sub-ra': true,
  'pub-undert': true,
  'pub-undert-cga': true,
  'pub-undert-la': true,
  'pub-undert-ra': true,
  ra: true,
  'spec-rights-entity': true,
});

/** BT-10 authority-activity codes (eForms SDK 1.13). */
const ACTIVITIES = allCodes<Activity>({
  defence: true,
  'econ-aff': true,
  education: true,
  'env-pro': true,
  'gen-pub': true,
  'hc-am': true,
  health: true,
  'pub-os': true,
  rcr: true,
  'soc-pro': true,
});

/** The choice of a select that states nothing (the field is left out of the PUT, so cleared). */
const NONE = 'none';

/** The business terms GET names in `missingForNotices`, in words; an unknown one is shown by its id. */
const TERMS: Record<string, MessageKey> = {
  'BT-500': 'profile.term.BT-500',
  'BT-501': 'profile.term.BT-501',
  'BT-11': 'profile.term.BT-11',
  'BT-10': 'profile.term.BT-10',
  'BT-513': 'profile.term.BT-513',
  'BT-507': 'profile.term.BT-507',
  'BT-506': 'profile.term.BT-506',
};

interface Values {
  authorityKind: AuthorityKind;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  businessId: string;
  legalType: LegalType | typeof NONE;
  mainActivity: Activity | typeof NONE;
  street: string;
  postalCode: string;
  city: string;
  nuts: string;
  country: string;
  email: string;
  phone: string;
  website: string;
}
type Field = keyof Values;

/** The form field of each field a `validation.failed` answer of PUT names. */
const FIELD_OF: Record<string, Field> = {
  authorityKind: 'authorityKind',
  officialName: 'nameFi',
  'officialName.fi': 'nameFi',
  'officialName.sv': 'nameSv',
  'officialName.en': 'nameEn',
  businessId: 'businessId',
  legalType: 'legalType',
  mainActivity: 'mainActivity',
  address: 'street',
  'address.street': 'street',
  'address.postalCode': 'postalCode',
  'address.city': 'city',
  'address.nuts': 'nuts',
  'address.country': 'country',
  email: 'email',
  phone: 'phone',
  website: 'website',
};

/** The server's messages per field, from a `validation.failed` answer. */
function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  const details = error instanceof ApiError && Array.isArray(error.body?.details) ? (error.body.details as Array<{ field?: string; message?: string }>) : [];
  const errors: Partial<Record<Field, string>> = {};
  for (const d of details) {
    const field = d.field ? FIELD_OF[d.field] : undefined;
    if (field && d.message) errors[field] = errors[field] ? `${errors[field]}; ${d.message}` : d.message;
  }
  return errors;
}

function valuesOf(p: Profile): Values {
  return {
    authorityKind: p.authorityKind,
    nameFi: p.officialName.fi ?? '',
    nameSv: p.officialName.sv ?? '',
    nameEn: p.officialName.en ?? '',
    businessId: p.businessId ?? '',
    legalType: LEGAL_TYPES.find((code) => code === p.legalType) ?? NONE,
    mainActivity: ACTIVITIES.find((code) => code === p.mainActivity) ?? NONE,
    street: p.address.street ?? '',
    postalCode: p.address.postalCode ?? '',
    city: p.address.city ?? '',
    nuts: p.address.nuts ?? '',
    country: p.address.country || 'FIN',
    email: p.email ?? '',
    phone: p.phone ?? '',
    website: p.website ?? '',
  };
}

/** The whole profile for PUT: an empty field is left out, which clears it. */
function bodyOf(v: Values): Body {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const officialName = { fi: text(v.nameFi), sv: text(v.nameSv), en: text(v.nameEn) };
  const address = {
    street: text(v.street),
    postalCode: text(v.postalCode),
    city: text(v.city),
    nuts: text(v.nuts)?.toUpperCase(),
    country: text(v.country)?.toUpperCase(),
  };
  const stated = (o: object) => Object.values(o).some((value) => value !== undefined);
  return {
    authorityKind: v.authorityKind,
    ...(stated(officialName) ? { officialName } : {}),
    ...(text(v.businessId) ? { businessId: text(v.businessId) } : {}),
    ...(v.legalType !== NONE ? { legalType: v.legalType } : {}),
    ...(v.mainActivity !== NONE ? { mainActivity: v.mainActivity } : {}),
    ...(stated(address) ? { address } : {}),
    ...(text(v.email) ? { email: text(v.email) } : {}),
    ...(text(v.phone) ? { phone: text(v.phone) } : {}),
    ...(text(v.website) ? { website: text(v.website) } : {}),
  };
}

/**
 * The organisation's profile (GET/PUT /organisations/{org}/profile): its details for eForms notices
 * and whether it is a central government authority, which sets its EU thresholds. Managers of the
 * organisation change it; PUT replaces the whole profile.
 */
export function OrganisationProfileSection({ org }: { org: string }) {
  const { t, format } = useI18n();
  const headingId = useId();
  const profile = useQuery({
    queryKey: ['organisation-profile', org],
    queryFn: () => unwrap(api.GET('/organisations/{org}/profile', { params: { path: { org } } })),
  });
  const p = profile.data;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {t('profile.title')}
      </Heading>
      <Paragraph mb="s">{t('profile.lead')}</Paragraph>
      <ErrorMessage error={profile.error} />
      {profile.isPending && <Loading />}
      {p && (
        <>
          <Paragraph mb="m">
            {t('profile.current', { kind: t(`authorityKind.${p.authorityKind}`) })}{' '}
            <span className="muted">
              ({p.version === 0 || !p.updatedAt ? t('profile.default') : t('profile.updated', { at: format.dateTime(p.updatedAt) })})
            </span>
          </Paragraph>
          <MissingForNotices terms={p.missingForNotices} />
          <ProfileForm org={org} profile={p} />
        </>
      )}
    </section>
  );
}

/** What notices still need from the profile (BT ids with their names), or that nothing is missing. */
function MissingForNotices({ terms }: { terms: string[] }) {
  const { t } = useI18n();
  if (terms.length === 0) return <Paragraph mb="m">{t('profile.missing.none')}</Paragraph>;
  return (
    <InlineAlert status="warning" labelText={t('profile.missing.title')} mb="m">
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {terms.map((term) => (
          <li key={term}>{TERMS[term] ? `${t(TERMS[term])} (${term})` : term}</li>
        ))}
      </ul>
    </InlineAlert>
  );
}

const FIELDSET: CSSProperties = { border: 0, padding: 0, margin: '28px 0 0', minWidth: 0 };
const LEGEND: CSSProperties = { padding: 0, marginBottom: 4, fontSize: 20, fontWeight: 600 };

function Group({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  const hintId = useId();
  return (
    <fieldset style={FIELDSET} aria-describedby={hint ? hintId : undefined}>
      <legend style={LEGEND}>{legend}</legend>
      {hint && (
        <p id={hintId} className="muted" style={{ margin: '0 0 8px', fontSize: 16 }}>
          {hint}
        </p>
      )}
      {children}
    </fieldset>
  );
}

function ProfileForm({ org, profile }: { org: string; profile: Profile }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const id = useId();
  const [values, setValues] = useState<Values>(() => valuesOf(profile));
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (body: Body) => unwrap(api.PUT('/organisations/{org}/profile', { params: { path: { org } }, body })),
    onSuccess: (next) => {
      queries.setQueryData(['organisation-profile', org], next);
      setValues(valuesOf(next));
      // Plans' regimes depend on the profile.
      void queries.invalidateQueries({ queryKey: ['plan'] });
      setMessage(t('profile.saved'));
    },
  });
  const errors = fieldErrors(save.error);

  const set =
    <F extends Field>(field: F, transform: (value: string) => string = (value) => value) =>
    (value: unknown) =>
      setValues((current) => ({ ...current, [field]: transform(String(value ?? '')) }));
  const text = (field: Exclude<Field, 'authorityKind' | 'legalType' | 'mainActivity'>) => ({
    id: `${id}-${field}`,
    value: values[field],
    onChange: set(field),
    ...(errors[field] ? { status: 'error' as const, statusText: errors[field] } : {}),
  });
  const select = (field: 'legalType' | 'mainActivity') => ({
    id: `${id}-${field}`,
    value: values[field],
    onChange: set(field),
    ...(errors[field] ? { status: 'error' as const, statusText: errors[field] } : {}),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    save.mutate(bodyOf(values));
  };

  return (
    <form noValidate onSubmit={submit}>
      <Paragraph mb="m">{t('profile.replaces')}</Paragraph>
      <RadioButtonGroup
        labelText={t('profile.kind')}
        groupHintText={t('profile.kindHint')}
        name={`authority-kind-${org}`}
        value={values.authorityKind}
        onChange={(v) => setValues((current) => ({ ...current, authorityKind: v as AuthorityKind }))}
        {...(errors.authorityKind ? { groupStatus: 'error' as const, groupStatusText: errors.authorityKind } : {})}
      >
        {KINDS.map((k) => (
          <RadioButton key={k} value={k}>
            {t(`authorityKind.${k}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>

      <Group legend={t('profile.name.legend')} hint={t('profile.name.hint')}>
        <TextInput labelText={t('profile.name.fi')} lang="fi" maxLength={300} fullWidth {...text('nameFi')} />
        <TextInput labelText={t('profile.name.sv')} lang="sv" maxLength={300} fullWidth className="spaced" {...text('nameSv')} />
        <TextInput
          labelText={t('profile.name.en')}
          hintText={t('profile.name.enHint')}
          lang="en"
          maxLength={300}
          fullWidth
          className="spaced"
          {...text('nameEn')}
        />
      </Group>

      <TextInput
        labelText={t('profile.businessId')}
        hintText={t('profile.businessIdHint')}
        autoComplete="off"
        maxLength={20}
        className="spaced"
        {...text('businessId')}
      />
      <Dropdown labelText={t('profile.legalType')} fullWidth className="spaced" {...select('legalType')}>
        <DropdownItem value={NONE}>{t('profile.notStated')}</DropdownItem>
        {LEGAL_TYPES.map((code) => (
          <DropdownItem key={code} value={code}>
            {t(`profile.legalType.${code}`)}
          </DropdownItem>
        ))}
      </Dropdown>
      <Dropdown labelText={t('profile.activity')} fullWidth className="spaced" {...select('mainActivity')}>
        <DropdownItem value={NONE}>{t('profile.notStated')}</DropdownItem>
        {ACTIVITIES.map((code) => (
          <DropdownItem key={code} value={code}>
            {t(`profile.activity.${code}`)}
          </DropdownItem>
        ))}
      </Dropdown>

      <Group legend={t('profile.address.legend')}>
        <TextInput labelText={t('profile.address.street')} autoComplete="off" maxLength={300} fullWidth {...text('street')} />
        <div className="row spaced">
          <TextInput labelText={t('profile.address.postalCode')} maxLength={20} autoComplete="off" {...text('postalCode')} />
          <TextInput labelText={t('profile.address.city')} autoComplete="off" maxLength={100} {...text('city')} />
        </div>
        <TextInput
          labelText={t('profile.address.nuts')}
          hintText={t('profile.address.nutsHint')}
          maxLength={5}
          autoComplete="off"
          className="spaced"
          {...text('nuts')}
          onChange={set('nuts', (value) => value.toUpperCase())}
        />
        <TextInput
          labelText={t('profile.address.country')}
          hintText={t('profile.address.countryHint')}
          maxLength={3}
          autoComplete="off"
          className="spaced"
          {...text('country')}
          onChange={set('country', (value) => value.toUpperCase())}
        />
      </Group>

      <Group legend={t('profile.contact.legend')}>
        <TextInput
          type="email"
          labelText={t('profile.email')}
          hintText={t('profile.emailHint')}
          autoComplete="off"
          maxLength={320}
          fullWidth
          {...text('email')}
        />
        <TextInput
          type="tel"
          labelText={t('profile.phone')}
          hintText={t('profile.phoneHint')}
          autoComplete="off"
          maxLength={30}
          className="spaced"
          {...text('phone')}
        />
        <TextInput
          type="url"
          labelText={t('profile.website')}
          hintText={t('profile.websiteHint')}
          autoComplete="off"
          maxLength={500}
          fullWidth
          className="spaced"
          {...text('website')}
        />
      </Group>

      <ErrorMessage error={save.error} />
      <StatusMessage ref={null} message={message} />
      <Button type="submit" className="spaced" disabled={save.isPending}>
        {save.isPending ? t('profile.saving') : t('profile.save')}
      </Button>
    </form>
  );
}
