import { defineMessages } from '../define';

/** Texts of the supplier pages. */
export const supplier = defineMessages({
  en: {},
  fi: {},
  sv: {},
});
