import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage, Loading, PageHeading } from '../ui/page';
import { completeOidcSignIn } from './oidc';
import { homeOf, useSession } from './session';

/** Where the identity provider sends the browser back with the authorization code. */
export default function CallbackPage() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => unwrap(api.GET('/auth/config')) });
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (config.data?.mode !== 'oidc' || started.current) return;
    started.current = true;
    completeOidcSignIn(config.data, new URL(window.location.href))
      .then(({ session, returnTo }) => {
        signIn(session);
        navigate(returnTo !== '/' ? returnTo : homeOf(session.role), { replace: true });
      })
      .catch(setError);
  }, [config.data, navigate, signIn]);
  return (
    <section className="narrow">
      <PageHeading>{t('auth.title')}</PageHeading>
      {!error && <Loading />}
      <ErrorMessage error={error ?? config.error} />
    </section>
  );
}
