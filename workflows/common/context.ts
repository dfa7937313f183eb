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
    publishedAt: string;
    publishedBy: string;
  } | null;
  noticeWaiver: { reason: string; recordedAt: string; recordedBy: string } | null;
  dialogueSummary: { summary: string; inputUse: string; publishedAt: string; publishedBy: string } | null;
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
  } | null;
  closure: { kind: 'cancelled' | 'unsuccessful'; reason: string; at: string; by: string } | null;
  tender: { tenderId: string; url: string | null; linkedAt: string; linkedBy: string } | null;
}

export const INITIAL_CONTEXT: PlanContext = {
  needs: null,
  marketAnalysis: null,
  engagementNotice: null,
  noticeWaiver: null,
  dialogueSummary: null,
  coDevelopment: { activities: [], skipped: null },
  strategy: null,
  procedure: null,
  approval: null,
  closure: null,
  tender: null,
};
