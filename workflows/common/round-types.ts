import type { RoundType } from './context';

/** Whether a round of a type is created with a part: it must, it may, or it must not. */
export type RoundPart = 'required' | 'allowed' | 'forbidden';

/**
 * What a dialogue round of one type takes, in one workflow version. The dialogue module asks this of
 * the plan's version instead of naming round types, so a version may add a type or change what one
 * takes without touching the rounds of plans on another version.
 */
export interface RoundTypeSpec {
  /** The questionnaire the officer writes when creating the round. */
  questionnaire: RoundPart;
  /** The draft items (of criteria or documents) the officer puts up for comment. */
  draftItems: RoundPart;
  /** Suppliers answer the round's questionnaire. */
  responses: boolean;
  /** Suppliers comment on the round's draft items. */
  comments: boolean;
  /** The officer offers one-to-one meeting slots to every registered supplier. */
  meetings: boolean;
}

/**
 * The round types a workflow version offers, with what each takes; a type it does not list is
 * refused. Part of the version's golden description: a released version's table is never edited.
 */
export type RoundTypeTable = Readonly<Partial<Record<RoundType, Readonly<RoundTypeSpec>>>>;

/** The round types of the market dialogue as first released (digigreen-planning v1). */
export const DIALOGUE_ROUND_TYPES: RoundTypeTable = {
  rfi: { questionnaire: 'required', draftItems: 'forbidden', responses: true, comments: false, meetings: false },
  supplierDay: { questionnaire: 'forbidden', draftItems: 'forbidden', responses: false, comments: false, meetings: false },
  oneToOne: { questionnaire: 'forbidden', draftItems: 'forbidden', responses: false, comments: false, meetings: true },
  draftConsultation: { questionnaire: 'forbidden', draftItems: 'required', responses: false, comments: true, meetings: false },
};

/** For a version without a market dialogue. */
export const NO_ROUND_TYPES: RoundTypeTable = {};

/** The round types of a table that take a part (for example every type with meetings). */
export function roundTypesTaking(table: RoundTypeTable, part: 'responses' | 'comments' | 'meetings'): RoundType[] {
  return (Object.entries(table) as Array<[RoundType, RoundTypeSpec]>).filter(([, spec]) => spec[part]).map(([type]) => type);
}
