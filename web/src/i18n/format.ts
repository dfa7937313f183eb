import type { Language } from './define';

/** BCP 47 locale of each language as written in Finland. */
export const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' };
/** Every date and time is shown as it is in Finland, wherever the browser is. */
export const TIME_ZONE = 'Europe/Helsinki';

export interface Formatters {
  date(value: string | Date | null | undefined): string;
  dateTime(value: string | Date | null | undefined): string;
  money(amount: number, currency?: string): string;
  number(value: number, maximumFractionDigits?: number): string;
  percent(value: number): string;
  /** "in 3 days", "2 hours ago": for countdowns and ages. */
  relative(value: string | Date, now?: Date): string;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

export function formatters(language: Language): Formatters {
  const locale = LOCALES[language];
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, day: 'numeric', month: 'numeric', year: 'numeric' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const money = new Map<string, Intl.NumberFormat>();
  return {
    date: (value) => (value ? date.format(toDate(value)) : '–'),
    dateTime: (value) => (value ? dateTime.format(toDate(value)) : '–'),
    money: (amount, currency = 'EUR') => {
      let format = money.get(currency);
      if (!format) money.set(currency, (format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 })));
      return format.format(amount);
    },
    number: (value, maximumFractionDigits = 1) => new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value),
    percent: (value) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100),
    relative: (value, now = new Date()) => {
      const seconds = (toDate(value).getTime() - now.getTime()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(Math.round(seconds), 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

/** A value for <input type="datetime-local"> of an instant, in Helsinki time. */
export function toLocalInput(value: string | Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(toDate(value))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a Helsinki wall-clock time ("2027-03-01T12:00" from <input type="datetime-local">) stands for. */
export function fromLocalInput(local: string): string {
  const [date, time = '00:00'] = local.split('T');
  const guess = new Date(`${date}T${time}:00Z`);
  // The offset of Helsinki at that moment (+2 or +3 hours), found by formatting the guess there.
  const shown = new Date(`${toLocalInput(guess)}:00Z`);
  const offset = shown.getTime() - guess.getTime();
  return new Date(guess.getTime() - offset).toISOString();
}
