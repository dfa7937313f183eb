import { defineMessages } from '../define';

/** Texts of the officer pages. */
export const officer = defineMessages({
  en: {},
  fi: {},
  sv: {},
});
