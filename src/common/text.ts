/**
 * Unicode rules for text that people type and that the audit trail hashes: one normal form (NFC),
 * no lone surrogates (they cannot be encoded as UTF-8, so a hash over them is not reproducible),
 * and no text that is only invisible characters (a title of zero-width spaces looks empty).
 */

/** Characters that render as nothing: white space, default-ignorable code points (zero-width, bidi marks, fillers), controls, the braille blank. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/gu;
const LONE_SURROGATE = /\p{Cs}/u;

export const hasLoneSurrogate = (value: string): boolean => LONE_SURROGATE.test(value);

/** True for text that holds characters but none that a reader can see. */
export const isInvisibleOnly = (value: string): boolean => value.length > 0 && value.replace(INVISIBLE, '').length === 0;

/** True when the text has at least one character a reader can see. */
export const hasVisibleCharacter = (value: string): boolean => value.replace(INVISIBLE, '').length > 0;

/** Length as PostgreSQL's varchar(n) counts it: code points, not UTF-16 units. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * A business id as one business has only one: compatibility-normalised (full-width digits and
 * look-alike letters fold to their plain forms), without invisible characters, trimmed.
 */
export function normaliseBusinessId(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, '')
    .trim();
}
