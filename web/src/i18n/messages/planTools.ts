import { defineMessages } from '../define';

/** Texts of the planTools pages. */
export const planTools = defineMessages({
  en: {},
  fi: {},
  sv: {},
});
