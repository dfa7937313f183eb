import { defineMessages } from '../define';

/** Texts of the plan pages. */
export const plan = defineMessages({
  en: {},
  fi: {},
  sv: {},
});
