import type { CriterionKind, CriterionSource } from './criteria.entities';

export const TEMPLATE_CATEGORIES = [
  'ictEquipmentAndDataCentres',
  'vehiclesAndTransport',
  'foodAndCatering',
  'constructionAndRenovation',
  'cleaning',
  'furniture',
  'energy',
] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export interface CriterionTemplate {
  id: string;
  category: TemplateCategory;
  kind: CriterionKind;
  title: string;
  text: string;
  goalCode: string;
  verification: string;
  /** For award criteria: a weight to start from; the officer sets the final one. */
  suggestedWeight?: number;
  subjectLink?: string;
  source: CriterionSource;
  /** The public guidance the template was written from. */
  sourceReference: string;
}

/** The fields of a template a person reads; each is in the catalogues as `template.<id>.<field>` in every language. */
export const TEMPLATE_TEXT_FIELDS = ['title', 'text', 'verification', 'subjectLink'] as const;
export type TemplateTextField = (typeof TEMPLATE_TEXT_FIELDS)[number];

export const templateMessageKey = (id: string, field: TemplateTextField): string => `template.${id}.${field}`;

const EU_ICT = 'EU GPP criteria for computers, monitors, tablets and smartphones (European Commission, 2021)';
const EU_DC = 'EU GPP criteria for data centres, server rooms and cloud services (European Commission, 2020)';
const EU_TRANSPORT = 'EU GPP criteria for road transport (European Commission, 2019)';
const EU_FOOD = 'EU GPP criteria for food, catering services and vending machines (European Commission, 2019)';
const EU_BUILDINGS = 'EU GPP criteria for office building design, construction and management (European Commission, 2016)';
const EU_CLEANING = 'EU GPP criteria for cleaning products and services (European Commission, 2018)';
const EU_FURNITURE = 'EU GPP criteria for furniture (European Commission, 2017)';
const EU_ELECTRICITY = 'EU GPP criteria for electricity (European Commission, 2012)';
const CLEAN_VEHICLES = 'Directive (EU) 2019/1161 on clean and energy-efficient road transport vehicles';

/**
 * Reusable digi-green criteria written by the team from public guidance; each names its source.
 * They are starting points: the officer adapts text, verification and weight to the procurement.
 */
export const CRITERION_TEMPLATES: readonly CriterionTemplate[] = [
  {
    id: 'ict-durability-warranty',
    category: 'ictEquipmentAndDataCentres',
    kind: 'technicalSpecifications',
    title: 'Durability: warranty and spare parts',
    text: 'Devices come with a warranty of at least three years covering parts and labour, and spare parts (battery, keyboard, display, charger) stay available for at least five years after delivery.',
    goalCode: 'environmental.circularEconomy',
    verification: 'Warranty terms and the manufacturer’s spare-part availability commitment.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_ICT}: product durability and spare parts criteria`,
  },
  {
    id: 'ict-battery-endurance',
    category: 'ictEquipmentAndDataCentres',
    kind: 'awardCriteria',
    title: 'Battery endurance',
    text: 'Points in proportion to the battery capacity guaranteed after 300 full charge cycles, from 80 % (no points) to 95 % (full points).',
    goalCode: 'environmental.resourceReuse',
    verification: 'Test report to IEC 61960-3 or an equivalent standard.',
    suggestedWeight: 10,
    subjectLink: 'Battery endurance determines how long the purchased devices remain usable.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_ICT}: battery endurance award criterion`,
  },
  {
    id: 'ict-refurbished-share',
    category: 'ictEquipmentAndDataCentres',
    kind: 'awardCriteria',
    title: 'Refurbished devices',
    text: 'Points in proportion to the share of refurbished devices offered that meet the functional specification, with a warranty equal to new devices.',
    goalCode: 'environmental.circularEconomy',
    verification: 'List of offered devices marking refurbished ones, with refurbishment process description and warranty terms.',
    suggestedWeight: 15,
    subjectLink: 'The origin of the delivered devices (new or refurbished) is a characteristic of the goods purchased.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_ICT}: criteria for refurbished and remanufactured devices`,
  },
  {
    id: 'dc-renewable-energy',
    category: 'ictEquipmentAndDataCentres',
    kind: 'contractPerformanceConditions',
    title: 'Renewable electricity for hosted services',
    text: 'Electricity used by the data centres delivering the service is 100 % renewable, reported yearly with the data centre’s Power Usage Effectiveness (PUE).',
    goalCode: 'environmental.climateChangeMitigation',
    verification: 'Guarantees of origin or power purchase agreements; yearly PUE report.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_DC}: renewable energy and PUE reporting`,
  },
  {
    id: 'transport-zero-emission-vehicles',
    category: 'vehiclesAndTransport',
    kind: 'technicalSpecifications',
    title: 'Zero-emission vehicles',
    text: 'Light-duty vehicles delivered have zero tailpipe emissions of CO2.',
    goalCode: 'environmental.carbonEmissionsReduction',
    verification: 'Certificate of conformity stating CO2 emissions of 0 g/km.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_TRANSPORT}; ${CLEAN_VEHICLES}`,
  },
  {
    id: 'transport-service-emissions',
    category: 'vehiclesAndTransport',
    kind: 'awardCriteria',
    title: 'Transport service emissions',
    text: 'Points in proportion to the share of service kilometres driven with zero-emission vehicles.',
    goalCode: 'environmental.climateChangeMitigation',
    verification: 'Fleet list with vehicle registrations and emission classes, and a plan allocating vehicles to the service.',
    suggestedWeight: 15,
    subjectLink: 'The vehicles used determine the emissions of the transport service purchased.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_TRANSPORT}: award criteria for transport services`,
  },
  {
    id: 'food-organic-share',
    category: 'foodAndCatering',
    kind: 'technicalSpecifications',
    title: 'Organic produce',
    text: 'At least 25 % of the purchased value of food and drink is organic (Regulation (EU) 2018/848).',
    goalCode: 'environmental.biodiversityProtectionRestoration',
    verification: 'Invoices and organic certificates, reported quarterly.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_FOOD}: organic production criterion`,
  },
  {
    id: 'food-waste-prevention',
    category: 'foodAndCatering',
    kind: 'contractPerformanceConditions',
    title: 'Food waste prevention',
    text: 'The contractor measures food waste monthly, reports it, and carries out an agreed reduction plan; unserved edible food is donated where safe.',
    goalCode: 'environmental.wasteReduction',
    verification: 'Monthly waste measurement reports and the reduction plan.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_FOOD}: food waste prevention in catering services`,
  },
  {
    id: 'construction-recycled-content',
    category: 'constructionAndRenovation',
    kind: 'awardCriteria',
    title: 'Recycled and reused materials',
    text: 'Points in proportion to the share (by mass) of recycled or reused content in concrete, steel and insulation used.',
    goalCode: 'environmental.circularEconomy',
    verification: 'Material declarations or environmental product declarations (EN 15804).',
    suggestedWeight: 10,
    subjectLink: 'The materials built into the works are part of the works purchased.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_BUILDINGS}: recycled content award criterion`,
  },
  {
    id: 'construction-demolition-waste',
    category: 'constructionAndRenovation',
    kind: 'contractPerformanceConditions',
    title: 'Construction and demolition waste',
    text: 'At least 70 % by weight of non-hazardous construction and demolition waste is prepared for reuse or recycled.',
    goalCode: 'environmental.recycling',
    verification: 'Site waste management plan and waste transfer notes.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_BUILDINGS}: site waste management`,
  },
  {
    id: 'cleaning-ecolabel-products',
    category: 'cleaning',
    kind: 'technicalSpecifications',
    title: 'Ecolabelled cleaning products',
    text: 'At least 80 % of the cleaning products used (by volume) meet the EU Ecolabel criteria for cleaning products or equivalent.',
    goalCode: 'environmental.pollutionPrevention',
    verification: 'Product list with EU Ecolabel (or equivalent type I ecolabel) licences.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_CLEANING}: products used in the service`,
  },
  {
    id: 'cleaning-staff-training',
    category: 'cleaning',
    kind: 'contractPerformanceConditions',
    title: 'Staff training on dosing and equipment',
    text: 'Cleaning staff receive training on correct dosing, microfibre equipment and waste sorting at start and yearly.',
    goalCode: 'environmental.pollutionPrevention',
    verification: 'Training records for staff assigned to the contract.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_CLEANING}: staff training`,
  },
  {
    id: 'furniture-repairability',
    category: 'furniture',
    kind: 'technicalSpecifications',
    title: 'Repairable and disassemblable furniture',
    text: 'Furniture can be disassembled with common tools, and replacement parts are available for at least five years.',
    goalCode: 'environmental.circularEconomy',
    verification: 'Disassembly instructions and the spare-part availability commitment.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_FURNITURE}: design for disassembly and spare parts`,
  },
  {
    id: 'furniture-refurbished',
    category: 'furniture',
    kind: 'awardCriteria',
    title: 'Refurbished and remanufactured furniture',
    text: 'Points in proportion to the share of items offered that are refurbished or remanufactured and meet the functional specification.',
    goalCode: 'environmental.resourceReuse',
    verification: 'Item list marking refurbished items, with a description of the refurbishment.',
    suggestedWeight: 15,
    subjectLink: 'Whether the items are new or refurbished is a characteristic of the goods purchased.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_FURNITURE}: refurbishment services criteria`,
  },
  {
    id: 'energy-renewable-electricity',
    category: 'energy',
    kind: 'technicalSpecifications',
    title: 'Renewable electricity',
    text: 'All electricity supplied under the contract comes from renewable energy sources, proven by cancelled guarantees of origin.',
    goalCode: 'environmental.climateChangeMitigation',
    verification: 'Guarantees of origin cancelled on the buyer’s behalf each year.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_ELECTRICITY}: renewable electricity supply`,
  },
  {
    id: 'energy-additionality',
    category: 'energy',
    kind: 'awardCriteria',
    title: 'New renewable generation',
    text: 'Points in proportion to the share of supplied electricity from installations commissioned in the last five years.',
    goalCode: 'environmental.climateChangeMitigation',
    verification: 'Guarantees of origin stating the commissioning date of each installation.',
    suggestedWeight: 10,
    subjectLink: 'How the supplied electricity is generated is a characteristic of the electricity purchased.',
    source: 'euGPPCriteria',
    sourceReference: `${EU_ELECTRICITY}: award criterion for additional renewable capacity`,
  },
];
