/** The languages every text a person reads exists in: Finnish and Swedish (the Language Act) and English. */
export const LANGUAGES = ['en', 'fi', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * The language of an answer from an `Accept-Language` header (RFC 9110 §12.5.4): the supported
 * language with the highest weight, matched on the primary subtag (`fi-FI` is `fi`, `sv-FI` is `sv`);
 * `fallback` when the header is missing or names none of them.
 */
export function negotiateLanguage(header: string | string[] | undefined, fallback: Language): Language {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return fallback;
  let best: { language: Language; weight: number; order: number } | null = null;
  text.split(',').forEach((part, order) => {
    const [range, ...parameters] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight) || weight <= 0 || weight > 1) return;
    const language = primary === '*' ? fallback : primary;
    if (!isLanguage(language)) return;
    if (!best || weight > best.weight || (weight === best.weight && order < best.order)) best = { language, weight, order };
  });
  return (best as { language: Language } | null)?.language ?? fallback;
}
