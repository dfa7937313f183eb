import { defineMessages } from '../define';

/** Texts of the sign-in pages. */
export const auth = defineMessages({
  en: {
    'auth.title': 'Sign in',
    'auth.signIn': 'Sign in',
    'auth.persona': 'Sign in as',
    'auth.developmentIntro':
      'This service runs without an identity provider (development). Choose a person to sign in as; the server issues a token valid for 12 hours.',
    'auth.oidcIntro': 'Sign in with your organisation’s account.',
    'auth.oidcButton': 'Sign in with your organisation’s account',
    'auth.external': 'This service accepts tokens from your organisation’s identity service only. Ask your administrator how to sign in.',
  },
  fi: {
    'auth.title': 'Kirjaudu sisään',
    'auth.signIn': 'Kirjaudu',
    'auth.persona': 'Kirjaudu käyttäjänä',
    'auth.developmentIntro':
      'Palvelu toimii ilman tunnistuspalvelua (kehityskäyttö). Valitse henkilö, jona kirjaudut; palvelin antaa 12 tuntia voimassa olevan tunnisteen.',
    'auth.oidcIntro': 'Kirjaudu organisaatiosi käyttäjätunnuksella.',
    'auth.oidcButton': 'Kirjaudu organisaation tunnuksella',
    'auth.external': 'Palvelu hyväksyy vain organisaatiosi tunnistuspalvelun antamat tunnisteet. Kysy ylläpitäjältä, miten kirjaudut.',
  },
  sv: {
    'auth.title': 'Logga in',
    'auth.signIn': 'Logga in',
    'auth.persona': 'Logga in som',
    'auth.developmentIntro':
      'Tjänsten körs utan identitetstjänst (utveckling). Välj en person att logga in som; servern utfärdar en token som gäller i 12 timmar.',
    'auth.oidcIntro': 'Logga in med din organisations konto.',
    'auth.oidcButton': 'Logga in med organisationens konto',
    'auth.external': 'Tjänsten godtar endast token från din organisations identitetstjänst. Fråga administratören hur du loggar in.',
  },
});
