export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * One area's texts in the three languages, side by side. The type makes every language hold exactly
 * the keys of the others: a text missing in Swedish is a build error, not an English word on screen.
 * Placeholders are written {name}.
 */
export function defineMessages<K extends string>(messages: { en: Record<K, string>; fi: Record<K, string>; sv: Record<K, string> }) {
  return messages;
}
