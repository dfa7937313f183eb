import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Button, Paragraph, RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, PageHeading } from '../ui/page';
import { startOidcSignIn } from './oidc';
import { homeOf, sessionFromToken, useSession } from './session';

type Persona = Schemas['DevPersona'];

/**
 * Sign-in: with the organisation's OpenID Connect provider when the service has one; otherwise
 * (development, never with NODE_ENV=production) by picking a persona, for which the server issues a
 * development token.
 */
export default function SignInPage() {
  const { t } = useI18n();
  const { expired } = useSession();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => unwrap(api.GET('/auth/config')) });
  const returnTo = (useLocation().state as { from?: string } | null)?.from ?? null;
  return (
    <section className="narrow">
      <PageHeading>{t('auth.title')}</PageHeading>
      {expired && <Paragraph mb="m">{t('app.sessionExpired')}</Paragraph>}
      {config.isPending && <Loading />}
      <ErrorMessage error={config.error} />
      {config.data?.mode === 'development' && <DevelopmentSignIn personas={config.data.personas} returnTo={returnTo} />}
      {config.data?.mode === 'oidc' && <OidcSignIn config={config.data} returnTo={returnTo} />}
      {config.data?.mode === 'external' && <Paragraph>{t('auth.external')}</Paragraph>}
    </section>
  );
}

function OidcSignIn({ config, returnTo }: { config: Extract<Schemas['AuthConfig'], { mode: 'oidc' }>; returnTo: string | null }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <Paragraph mb="m">{t('auth.oidcIntro')}</Paragraph>
      <ErrorMessage error={error} />
      <Button onClick={() => startOidcSignIn(config, returnTo ?? '/').catch(setError)}>{t('auth.oidcButton')}</Button>
    </>
  );
}

function DevelopmentSignIn({ personas, returnTo }: { personas: Persona[]; returnTo: string | null }) {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [chosen, setChosen] = useState(personas[0]?.id ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const describe = (p: Persona) => `${t(`role.${p.role}`)} · ${p.org ?? p.businessId ?? ''}`;
  const submit = async () => {
    const persona = personas.find((p) => p.id === chosen);
    if (!persona) return;
    setBusy(true);
    setError(null);
    try {
      const { token } = await unwrap(
        api.POST('/auth/dev-token', {
          body: {
            role: persona.role,
            name: persona.name,
            id: persona.id,
            ...(persona.org ? { org: persona.org } : {}),
            ...(persona.businessId ? { businessId: persona.businessId } : {}),
            ...(persona.email ? { email: persona.email } : {}),
          },
        }),
      );
      const session = sessionFromToken(token, 'development');
      if (!session) throw new Error(t('app.error'));
      signIn(session);
      navigate(returnTo ?? homeOf(session.role), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Paragraph mb="m">{t('auth.developmentIntro')}</Paragraph>
      <RadioButtonGroup labelText={t('auth.persona')} name="persona" value={chosen} onChange={setChosen}>
        {personas.map((p) => (
          <RadioButton key={p.id} value={p.id} hintText={describe(p)}>
            {p.name}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <ErrorMessage error={error} />
      <Button type="submit" disabled={busy || !chosen} className="spaced">
        {t('auth.signIn')}
      </Button>
    </form>
  );
}
