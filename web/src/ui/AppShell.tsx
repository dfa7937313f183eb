import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { Button, LanguageMenu, LanguageMenuItem, SkipLink, Text } from 'suomifi-ui-components';
import { api, unwrap } from '../api/client';
import { useSession, type Role } from '../auth/session';
import { LANGUAGES } from '../i18n/define';
import { useI18n, type MessageKey } from '../i18n/i18n';

const NAVIGATION: Record<Role, Array<{ to: string; label: MessageKey }>> = {
  officer: [
    { to: '/plans', label: 'nav.plans' },
    { to: '/plans/new', label: 'nav.newPlan' },
    { to: '/settings/notifications', label: 'nav.notificationSettings' },
  ],
  supplier: [{ to: '/dialogues', label: 'nav.dialogues' }],
  manager: [
    { to: '/portfolio', label: 'nav.portfolio' },
    { to: '/approvals', label: 'nav.approvals' },
    { to: '/integrations', label: 'nav.integrations' },
    { to: '/workflows', label: 'nav.workflowVersions' },
    { to: '/settings/notifications', label: 'nav.notificationSettings' },
  ],
  admin: [
    { to: '/portfolio', label: 'nav.portfolio' },
    { to: '/integrations', label: 'nav.integrations' },
    { to: '/workflows', label: 'nav.workflowVersions' },
    { to: '/settings/notifications', label: 'nav.notificationSettings' },
  ],
};

/** Sends the browser to the provider's logout (RP-initiated logout); false when it offers none or cannot be reached. */
async function endProviderSession(idToken: string | undefined): Promise<boolean> {
  try {
    const config = await unwrap(api.GET('/auth/config'));
    // The OIDC client loads only for people who signed in with it.
    const url = config.mode === 'oidc' ? await (await import('../auth/oidc')).oidcSignOutUrl(config, idToken) : null;
    if (url) window.location.assign(url);
    return url !== null;
  } catch {
    return false;
  }
}

/** The header every page shares: service name, navigation of the signed-in role, language menu, who is signed in. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <>
      <SkipLink href="#main">{t('app.skipToContent')}</SkipLink>
      <header className="app-header">
        <div className="app-header__top">
          <a className="app-header__name" href="/app/">
            {t('app.name')}
          </a>
          <div className="app-header__tools">
            <LanguageMenu buttonText={language.toUpperCase()} aria-label={t('app.languageMenu', { language: t(`language.${language}`) })}>
              {LANGUAGES.map((lang) => (
                <LanguageMenuItem key={lang} lang={lang} selected={lang === language} onSelect={() => setLanguage(lang)}>
                  {t(`language.${lang}`)}
                </LanguageMenuItem>
              ))}
            </LanguageMenu>
            {session && (
              <>
                <Text smallScreen className="app-header__user">
                  {t('app.signedInAs', { name: session.name })} · {t(`role.${session.role}`)}
                </Text>
                <Button
                  variant="secondaryNoBorder"
                  onClick={() => {
                    const { source, idToken } = session;
                    signOut();
                    // Signed in at the organisation's provider: end that session too, where it offers logout.
                    if (source === 'oidc') void endProviderSession(idToken).then((ended) => ended || navigate('/sign-in'));
                    else navigate('/sign-in');
                  }}
                >
                  {t('app.signOut')}
                </Button>
              </>
            )}
          </div>
        </div>
        {session && (
          <nav aria-label={t('app.mainNavigation')} className="app-nav">
            <ul>
              {NAVIGATION[session.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}
