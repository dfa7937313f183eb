import { LANGUAGES, type Language } from './define';
import { auth } from './messages/auth';
import { common } from './messages/common';
import { goals } from './messages/goals';
import { integrations } from './messages/integrations';
import { law } from './messages/law';
import { manager } from './messages/manager';
import { officer } from './messages/officer';
import { plan } from './messages/plan';
import { planTools } from './messages/planTools';
import { profile } from './messages/profile';
import { statistics } from './messages/statistics';
import { supplier } from './messages/supplier';
import { workflowVersions } from './messages/workflowVersions';

/** Every area's texts, merged per language (plain data: the console and its browser tests read the same). */
const AREAS = [common, auth, goals, officer, plan, planTools, supplier, manager, integrations, law, profile, statistics, workflowVersions] as const;
type Area = (typeof AREAS)[number];
type KeysOf<T> = T extends { en: infer E } ? keyof E : never;
export type MessageKey = KeysOf<Area> & string;
export type Params = Record<string, string | number>;

export const CATALOGUES = Object.fromEntries(
  LANGUAGES.map((language) => [language, Object.assign({}, ...AREAS.map((area) => area[language])) as Record<MessageKey, string>]),
) as Record<Language, Record<MessageKey, string>>;

/** Fills {name} placeholders; a placeholder without a value stays visible, so a missing one is noticed. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
