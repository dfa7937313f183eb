/**
 * Goal codes of the OCDS sustainability extension (sustainabilityGoal.csv), the vocabulary in
 * which plans state which sustainability goals they serve.
 */
export const SUSTAINABILITY_GOAL_CODES = [
  'economic',
  'economic.formalEmploymentPromotion',
  'economic.innovativePurchase',
  'economic.localEconomyPromotion',
  'economic.marketInnovationPromotion',
  'economic.processInnovationPromotion',
  'economic.productInnovationPromotion',
  'economic.researchDevelopmentActivities',
  'environmental',
  'environmental.biodiversityProtectionRestoration',
  'environmental.carbonEmissionsReduction',
  'environmental.circularEconomy',
  'environmental.climateChangeAdaptation',
  'environmental.climateChangeMitigation',
  'environmental.energyEfficiency',
  'environmental.pollutionPrevention',
  'environmental.recycling',
  'environmental.resourceReuse',
  'environmental.waterResourcesProtection',
  'environmental.wasteReduction',
  'social',
  'social.accessibility',
  'social.disadvantagedEmploymentOpportunities',
  'social.ethnicEquality',
  'social.genderEquality',
  'social.humanRightsInSupplyChains',
  'social.laborRightsPromotion',
  'social.smeInclusion',
  'social.womenInclusion',
] as const;

export type SustainabilityGoalCode = (typeof SUSTAINABILITY_GOAL_CODES)[number];

export const PROCEDURES = [
  'open',
  'restricted',
  'competitiveProcedureWithNegotiation',
  'competitiveDialogue',
  'innovationPartnership',
  'belowThresholdDirect',
] as const;

export type Procedure = (typeof PROCEDURES)[number];
