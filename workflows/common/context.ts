import type { Procedure, SustainabilityGoalCode } from './codes';

/** Stage records a plan accumulates; kept in the machine context and persisted with the snapshot. */
export interface PlanContext {
  needs: {
    need: string;
    usersConsulted: string[];
    strategicGoals: string[];
    rationale: string | null;
    recordedAt: string;
    recordedBy: string;
  } | null;
  marketAnalysis: {
    knownSuppliers: number;
    solutions: string[];
    maturity: 'emerging' | 'developing' | 'mature';
    risks: string[];
    noSolutionOnMarket: boolean;
    recordedAt: string;
    recordedBy: string;
  } | null;
  engagementNotice: {
    title: string;
    description: string;
    process: string;
    plannedStart: string | null;
    plannedEnd: string | null;
    /** The last day suppliers are asked to register (ISO date); the planned end when not given. */
    registrationUntil?: string | null;
    /** What the eForms E1 notice needs besides (absent in notices published before it existed; defaults apply). */
    titleSv?: string | null;
    descriptionSv?: string | null;
    /** BT-800: the deadline for answers (ISO instant). */
    answersDeadline?: string | null;
    submissionLanguages?: SubmissionLanguage[] | null;
    contactPoint?: { name?: string; email?: string; phone?: string } | null;
    documentsUrl?: string | null;
    euDirectiveApplies?: boolean | null;
    publishedAt: string;
    publishedBy: string;
  } | null;
  noticeWaiver: { reason: string; recordedAt: string; recordedBy: string } | null;
  dialogue: {
    /** When the market dialogue started; from then on suppliers can see the plan's dialogue. */
    startedAt: string | null;
    /** Deadlines of each dialogue round, keyed by round id; the round's content lives in its own table. */
    rounds: Record<string, RoundSchedule>;
  };
  dialogueSummary: {
    summary: string;
    inputUse: string;
    noSolutionOnMarket: boolean;
    /** noSupplierRegistered: the dialogue ends without any supplier (absent in summaries published before it existed). */
    outcome?: 'dialogueHeld' | 'noSupplierRegistered';
    publishedAt: string;
    publishedBy: string;
  } | null;
  coDevelopment: {
    activities: Array<{
      kind: 'workshop' | 'pilot';
      title: string;
      date: string;
      participants: string[];
      outcomes: string;
      recordedAt: string;
      recordedBy: string;
    }>;
    skipped: { reason: string; recordedAt: string; recordedBy: string } | null;
  };
  strategy: {
    goals: Array<{ code: SustainabilityGoalCode; strategy: string }>;
    justification: string | null;
    recordedAt: string;
    recordedBy: string;
  } | null;
  procedure: { procedure: Procedure; rationale: string; selectedAt: string; selectedBy: string } | null;
  approval: {
    requestedBy: string;
    requestedAt: string;
    decision: 'approved' | 'returned' | null;
    decidedBy: string | null;
    decidedAt: string | null;
    comment: string | null;
    /** Set when a change to the plan voided an earlier approval (or pending request). */
    voidedAt?: string | null;
    voidReason?: string | null;
  } | null;
  closure: { kind: 'cancelled' | 'unsuccessful'; reason: string; at: string; by: string } | null;
  tender: { tenderId: string; url: string | null; linkedAt: string; linkedBy: string } | null;
}

export const ROUND_TYPES = ['rfi', 'supplierDay', 'oneToOne', 'draftConsultation'] as const;
/** Languages suppliers may answer a notice in (eForms BT-97, eu-official-language codes). */
export const SUBMISSION_LANGUAGES = ['FIN', 'SWE', 'ENG'] as const;
export type SubmissionLanguage = (typeof SUBMISSION_LANGUAGES)[number];
export type RoundType = (typeof ROUND_TYPES)[number];

export interface RoundSchedule {
  type: RoundType;
  opensAt: string;
  questionsUntil: string;
  clarificationsUntil: string;
  closesAt: string;
  /** When the close deadline fired; null while the round is open. */
  closedAt: string | null;
  clarificationsClosedAt: string | null;
  scheduledBy: string;
  extensions: number;
}

export const INITIAL_CONTEXT: PlanContext = {
  needs: null,
  marketAnalysis: null,
  engagementNotice: null,
  noticeWaiver: null,
  dialogue: { startedAt: null, rounds: {} },
  dialogueSummary: null,
  coDevelopment: { activities: [], skipped: null },
  strategy: null,
  procedure: null,
  approval: null,
  closure: null,
  tender: null,
};
