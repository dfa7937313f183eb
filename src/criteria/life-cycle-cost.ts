/**
 * Life-cycle costing (Directive 2014/24/EU art. 68): the net present cost of each option over the
 * same life, including the cost of its greenhouse-gas emissions. Pure arithmetic; the formula is
 * written out in docs/life-cycle-cost.md with a worked example the tests check to the cent.
 */
import { extended } from '../common/extended';

export interface LccOption {
  name: string;
  /** Paid at the start (year 0). */
  acquisition: number;
  /** Paid at the end of each year 1..N. */
  annualOperation: number;
  annualMaintenance: number;
  /** Tonnes of CO2-equivalent emitted each year 1..N. */
  annualCo2eTonnes: number;
  /** Disposal or decommissioning cost at the end of year N. */
  endOfLifeCost: number;
  /** What the option is worth at the end of year N (resale, material value); reduces the cost. */
  residualValue: number;
}

export interface LccInput {
  years: number;
  discountRatePercent: number;
  carbonPricePerTonne: number;
  options: LccOption[];
}

export interface LccResult {
  name: string;
  acquisition: number;
  operation: number;
  maintenance: number;
  externality: number;
  endOfLife: number;
  residualValue: number;
  netPresentCost: number;
  co2eTonnes: number;
  rank: number;
}

const cents = (value: number) => Math.round((value + Number.EPSILON * Math.sign(value)) * 100) / 100;

/** Σ_{t=1..N} 1/(1+r)^t: what a yearly amount of 1 paid at each year's end is worth today. */
export function annuityFactor(years: number, rate: number): number {
  if (rate === 0) return years;
  return (1 - (1 + rate) ** -years) / rate;
}

export function computeLcc(input: LccInput): LccResult[] {
  const r = input.discountRatePercent / 100;
  const annuity = annuityFactor(input.years, r);
  const atEnd = (1 + r) ** -input.years;
  const unranked = input.options.map((o) => {
    const operation = o.annualOperation * annuity;
    const maintenance = o.annualMaintenance * annuity;
    const externality = o.annualCo2eTonnes * input.carbonPricePerTonne * annuity;
    const endOfLife = o.endOfLifeCost * atEnd;
    const residualValue = o.residualValue * atEnd;
    return {
      name: o.name,
      acquisition: cents(o.acquisition),
      operation: cents(operation),
      maintenance: cents(maintenance),
      externality: cents(externality),
      endOfLife: cents(endOfLife),
      residualValue: cents(residualValue),
      netPresentCost: cents(o.acquisition + operation + maintenance + externality + endOfLife - residualValue),
      co2eTonnes: Math.round(o.annualCo2eTonnes * input.years * 1000) / 1000,
    };
  });
  const order = [...unranked].sort((a, b) => a.netPresentCost - b.netPresentCost || a.co2eTonnes - b.co2eTonnes || a.name.localeCompare(b.name));
  return unranked.map((result) => extended(result, { rank: order.indexOf(result) + 1 }));
}
