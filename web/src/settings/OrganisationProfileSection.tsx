import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button, Heading, Paragraph, RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, StatusMessage } from '../ui/page';

type AuthorityKind = Schemas['OrganisationProfile']['authorityKind'];
const KINDS: readonly AuthorityKind[] = ['subCentral', 'centralGovernment'];

/**
 * The organisation's profile (GET/PUT /organisations/{org}/profile): whether it is a central
 * government authority, which sets its EU thresholds. Managers of the organisation change it.
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
        {t('law.profile.title')}
      </Heading>
      <Paragraph mb="s">{t('law.profile.lead')}</Paragraph>
      <ErrorMessage error={profile.error} />
      {profile.isPending && <Loading />}
      {p && (
        <>
          <Paragraph mb="m">
            {t('law.profile.current', { kind: t(`authorityKind.${p.authorityKind}`) })}{' '}
            <span className="muted">({p.version === 0 || !p.updatedAt ? t('law.profile.default') : t('law.profile.updated', { at: format.dateTime(p.updatedAt) })})</span>
          </Paragraph>
          <ProfileForm org={org} profile={p} />
        </>
      )}
    </section>
  );
}

function ProfileForm({ org, profile }: { org: string; profile: Schemas['OrganisationProfile'] }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const status = useRef<HTMLDivElement>(null);
  const [kind, setKind] = useState<AuthorityKind>(profile.authorityKind);
  const [message, setMessage] = useState('');
  const save = useMutation({
    mutationFn: (body: Schemas['OrganisationProfileDto']) => unwrap(api.PUT('/organisations/{org}/profile', { params: { path: { org } }, body })),
    onSuccess: (next) => {
      queries.setQueryData(['organisation-profile', org], next);
      // Plans' regimes depend on the profile.
      void queries.invalidateQueries({ queryKey: ['plan'] });
      setMessage(t('law.profile.saved'));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage('');
    save.mutate({ authorityKind: kind });
  };
  return (
    <form noValidate onSubmit={submit}>
      <StatusMessage ref={status} message={message} />
      <RadioButtonGroup labelText={t('law.profile.kind')} name={`authority-kind-${org}`} value={kind} onChange={(v) => setKind(v as AuthorityKind)}>
        {KINDS.map((k) => (
          <RadioButton key={k} value={k}>
            {t(`authorityKind.${k}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <ErrorMessage error={save.error} />
      <Button type="submit" className="spaced" disabled={save.isPending}>
        {save.isPending ? t('law.profile.saving') : t('law.profile.save')}
      </Button>
    </form>
  );
}
