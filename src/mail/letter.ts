import { translate } from '../i18n/catalogue';
import type { MessageParams } from '../i18n/format';
import type { Language } from '../i18n/language';
import type { MailMessageKey } from '../i18n/messages/mail.en';

/** BCP 47 locale of each language as written in Finland (as the console formats them). */
const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };
const TIME_ZONE = 'Europe/Helsinki';

/** One e-mail before it is written out as text and HTML: every string already in the reader's language. */
export interface Letter {
  language: Language;
  subject: string;
  paragraphs: string[];
  /** Label and value, listed as such (dates, counts, the buyer). */
  facts: Array<{ label: string; value: string }>;
  /** Texts quoted as written: questions, answers, a reason. */
  quotes: Array<{ label: string; texts: string[] }>;
  link: { label: string; url: string };
  footer: string[];
}

/** The catalogue's text of a mail key in `language`. */
export const say = (language: Language, key: MailMessageKey, params: MessageParams = {}): string => translate(key, params, language);

/** A moment as a reader in Finland reads it, in their language: `keskiviikko 9. joulukuuta 2026 klo 12.00 (Suomen aikaa)`. */
export function moment(language: Language, at: Date | string): string {
  const time = new Intl.DateTimeFormat(LOCALES[language], { timeZone: TIME_ZONE, dateStyle: 'full', timeStyle: 'short' }).format(new Date(at));
  return say(language, 'mail.time', { time });
}

/** A header value on one line: titles are the buyer's text and must not break the subject. */
export const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
};

export function plainText(letter: Letter): string {
  const blocks: string[] = [letter.subject, ...letter.paragraphs];
  if (letter.facts.length > 0) blocks.push(letter.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
  for (const quote of letter.quotes) {
    blocks.push(
      `${quote.label}:\n${quote.texts
        .map((text) =>
          text
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n'),
        )
        .join('\n>\n')}`,
    );
  }
  blocks.push(`${letter.link.label}: ${letter.link.url}`);
  // "-- " is the signature separator mail readers recognise.
  blocks.push(`-- \n${letter.footer.join('\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
const paragraphOf = (text: string) => escapeHtml(text).replace(/\n/g, '<br>\n');

/**
 * The HTML version: one heading, paragraphs, a definition list, quotes, the link as a real anchor,
 * the footer; the document says its language; inline styles only, no remote images. Every value
 * is escaped, the catalogue's texts included.
 */
export function html(letter: Letter): string {
  const parts = [`<h1 style="font-size:1.25em;margin:0 0 1em">${escapeHtml(letter.subject)}</h1>`];
  for (const p of letter.paragraphs) parts.push(`<p>${paragraphOf(p)}</p>`);
  if (letter.facts.length > 0) {
    parts.push(
      `<dl>${letter.facts.map((f) => `<dt style="font-weight:bold">${escapeHtml(f.label)}</dt><dd style="margin:0 0 0.5em">${escapeHtml(f.value)}</dd>`).join('')}</dl>`,
    );
  }
  for (const quote of letter.quotes) {
    parts.push(`<p style="font-weight:bold;margin-bottom:0.25em">${escapeHtml(quote.label)}</p>`);
    for (const text of quote.texts)
      parts.push(`<blockquote style="margin:0 0 0.75em;padding-left:0.75em;border-left:3px solid #888"><p>${paragraphOf(text)}</p></blockquote>`);
  }
  parts.push(`<p><a href="${escapeHtml(letter.link.url)}">${escapeHtml(letter.link.label)}</a></p>`);
  const footer = `<footer style="font-size:0.875em;color:#444;border-top:1px solid #ccc;margin-top:1.5em">${letter.footer.map((line) => `<p>${paragraphOf(line)}</p>`).join('')}</footer>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${letter.language}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(letter.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">',
    `<main>\n${parts.join('\n')}\n</main>`,
    footer,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
