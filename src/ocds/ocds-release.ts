import type { PlanContext } from '../../workflows/common/context';
import type { CriterionEntity } from '../criteria/criteria.entities';
import type { DialogueRoundEntity } from '../dialogue/dialogue.entities';
import type { ProcurementPlanEntity } from '../engine/procurement-plan.entity';
import type { PlanRegimeView } from '../thresholds/threshold-rules.service';
import type { OrganisationProfile } from '../organisations/organisations.service';

export const SUSTAINABILITY_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json';

const PROCUREMENT_METHOD: Record<string, string> = {
  open: 'open',
  restricted: 'selective',
  competitiveProcedureWithNegotiation: 'selective',
  competitiveDialogue: 'selective',
  innovationPartnership: 'selective',
  belowThresholdDirect: 'direct',
};

/** CPV divisions 45 are works, 50 and above services, the rest goods. */
export function mainProcurementCategory(cpvCode: string): 'goods' | 'works' | 'services' {
  const division = Number(cpvCode.slice(0, 2));
  if (division === 45) return 'works';
  return division >= 50 ? 'services' : 'goods';
}

export const LEGAL_BASIS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_legalBasis_extension/master/extension.json';

/**
 * The law a plan's procurement falls under (the legal basis extension): the directive from the EU
 * threshold up, the national act from the national threshold up; below both, none of the two.
 */
export function legalBasis(regime: PlanRegimeView) {
  if (regime.applies === 'eu') {
    return {
      scheme: 'CELEX',
      id: '32014L0024',
      description: `Directive 2014/24/EU: the estimated value is at or above the EU threshold of ${regime.euThreshold!.amount} EUR without VAT (${regime.euThreshold!.source}).`,
      uri: 'http://data.europa.eu/eli/dir/2014/24/oj',
    };
  }
  if (regime.applies === 'national') {
    return {
      scheme: 'ELI',
      id: 'http://data.finlex.fi/eli/sd/2016/1397/ajantasa',
      description: `Laki julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016), national procedure: the estimated value is at or above the national threshold of ${regime.nationalThreshold!.amount} EUR without VAT.`,
      uri: 'https://www.finlex.fi/fi/laki/ajantasa/2016/20161397',
    };
  }
  return undefined;
}

export interface ReleaseInput {
  plan: ProcurementPlanEntity;
  regime: PlanRegimeView;
  /** The buyer's profile: its name and identifier in the release. */
  profile: OrganisationProfile;
  rounds: DialogueRoundEntity[];
  criteria: CriterionEntity[];
}

const clean = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/**
 * The plan as an OCDS 1.1 planning release with the sustainability extension. It holds only what
 * the buyer has made public or decided: never supplier responses, comments or anything marked
 * buyerOnly, never internal needs or market notes.
 */
export function planningRelease({ plan, regime, profile, rounds, criteria }: ReleaseInput) {
  const context: PlanContext = plan.snapshot.context;
  // The buyer as its profile names it: the official name and the business id (org-id scheme FI-PRO,
  // the Finnish Patent and Registration Office's trade register); the organisation's slug until stated.
  const buyerId = profile.businessId ? `FI-PRO-${profile.businessId}` : `org-${plan.organisationId}`;
  const buyerName = profile.officialName.fi ?? profile.officialName.sv ?? profile.officialName.en ?? plan.organisationId;
  const documents = [
    context.engagementNotice &&
      clean({
        id: 'engagement-notice',
        documentType: 'plannedProcurementNotice',
        title: context.engagementNotice.title,
        description: `${context.engagementNotice.description}\n\n${context.engagementNotice.process}`,
        datePublished: context.engagementNotice.publishedAt,
      }),
    context.dialogueSummary &&
      clean({
        id: 'dialogue-summary',
        documentType: 'marketStudies',
        title: 'Market dialogue summary',
        description: `${context.dialogueSummary.summary}\n\nHow the input is used: ${context.dialogueSummary.inputUse}`,
        datePublished: context.dialogueSummary.publishedAt,
      }),
  ].filter((d) => Boolean(d));

  const milestones = [
    ...rounds.map((r) => {
      const schedule = context.dialogue.rounds[r.id];
      return clean({
        id: `dialogue-round-${r.id}`,
        title: r.title,
        type: 'engagement',
        description: `Market dialogue round (${r.type}); questions until ${r.questionsUntil.toISOString()}.`,
        dueDate: r.closesAt.toISOString(),
        dateMet: schedule?.closedAt ?? undefined,
        status: schedule?.closedAt ? 'met' : 'scheduled',
      });
    }),
    ...(context.approval
      ? [
          clean({
            id: 'approval',
            title: 'Approval of the procurement plan',
            type: 'approval',
            status: context.approval.decision === 'approved' ? 'met' : 'scheduled',
            dateMet: context.approval.decision === 'approved' ? (context.approval.decidedAt ?? undefined) : undefined,
            dateModified: context.approval.decidedAt ?? context.approval.requestedAt,
          }),
        ]
      : []),
  ];

  const goals = context.strategy?.goals ?? [];
  const sustainability = goals.map((goal) => {
    const linked = criteria.filter((c) => c.goalCode === goal.code);
    const strategies = [...new Set([...linked.map((c) => c.kind), ...linked.filter((c) => c.source !== 'own').map((c) => c.source)])];
    return clean({ goal: goal.code, description: goal.strategy, strategies: strategies.length > 0 ? strategies : undefined });
  });
  const award = criteria.filter((c) => c.kind === 'awardCriteria');
  const procedure = context.procedure;

  return {
    ocid: plan.ocid,
    id: `${plan.ocid}-planning-${plan.version}`,
    date: plan.updatedAt.toISOString(),
    tag: ['planning'],
    initiationType: 'tender',
    language: 'en',
    parties: [
      clean({
        id: buyerId,
        name: buyerName,
        identifier: profile.businessId ? { scheme: 'FI-PRO', id: profile.businessId, legalName: buyerName } : undefined,
        address:
          profile.address.city || profile.address.street
            ? clean({
                streetAddress: profile.address.street ?? undefined,
                locality: profile.address.city ?? undefined,
                postalCode: profile.address.postalCode ?? undefined,
                countryName: profile.address.country === 'FIN' ? 'Finland' : profile.address.country,
              })
            : undefined,
        contactPoint:
          profile.email || profile.website
            ? clean({ email: profile.email ?? undefined, telephone: profile.phone ?? undefined, url: profile.website ?? undefined })
            : undefined,
        roles: ['buyer', 'procuringEntity'],
      }),
    ],
    buyer: { id: buyerId, name: buyerName },
    planning: clean({
      rationale: plan.rationale ?? context.needs?.rationale ?? undefined,
      budget: { description: 'Estimated value of the procurement', amount: { amount: plan.budgetAmount, currency: plan.budgetCurrency } },
      documents: documents.length > 0 ? documents : undefined,
      milestones: milestones.length > 0 ? milestones : undefined,
    }),
    tender: clean({
      id: `${plan.ocid}-tender`,
      title: plan.title,
      description: plan.description,
      status: 'planning',
      procuringEntity: { id: buyerId, name: buyerName },
      mainProcurementCategory: mainProcurementCategory(plan.cpvCode),
      value: { amount: plan.budgetAmount, currency: plan.budgetCurrency },
      legalBasis: legalBasis(regime),
      items: [{ id: '1', description: plan.title, classification: { scheme: 'CPV', id: plan.cpvCode.slice(0, 8) } }],
      procurementMethod: procedure ? PROCUREMENT_METHOD[procedure.procedure] : undefined,
      procurementMethodDetails: procedure?.procedure,
      procurementMethodRationale: procedure?.rationale,
      awardCriteria: award.length > 0 ? 'ratedCriteria' : undefined,
      awardCriteriaDetails: award.length > 0 ? award.map((c) => `${c.title} (${c.weight} %): ${c.text}`).join('\n') : undefined,
      hasSustainability: sustainability.length > 0,
      sustainability: sustainability.length > 0 ? sustainability : undefined,
    }),
  };
}

export function releasePackage(releases: ReturnType<typeof planningRelease>[], uri: string, publisher: string, publishedDate: Date) {
  return {
    uri,
    version: '1.1',
    extensions: [SUSTAINABILITY_EXTENSION, LEGAL_BASIS_EXTENSION],
    publishedDate: publishedDate.toISOString(),
    publisher: { name: publisher },
    releases,
  };
}
