import { apiSchemas, boolean, nullable, object, string } from '../common/openapi';

/** What /me/notifications answers. */
export const MAIL_SCHEMAS = apiSchemas({
  NotificationPreferences: object({
    email: { ...nullable(string), description: "Where e-mails go: the chosen address, else the sign-in token's; null: no e-mail." },
    language: {
      type: 'string',
      enum: ['fi', 'sv', 'en'],
      description: "The language of e-mails: the chosen one, else the token's locale or the language of the requests.",
    },
    reminders: { ...boolean, description: 'Whether reminders (approval waiting) are sent.' },
    emailChosen: { ...boolean, description: 'true: the address was chosen here; false: it follows the token.' },
    languageChosen: { ...boolean, description: 'true: the language was chosen here; false: it follows the token or the requests.' },
  }),
});
