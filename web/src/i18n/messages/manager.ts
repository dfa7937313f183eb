import { defineMessages } from '../define';

/** Texts of the manager pages. */
export const manager = defineMessages({
  en: {},
  fi: {},
  sv: {},
});
