import { ValidateBy } from 'class-validator';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/**
 * A Finnish business id (Y-tunnus): seven digits, a hyphen and a check digit. The check digit is
 * 11 minus the remainder of the weighted sum (weights 7, 9, 10, 5, 8, 4, 2) divided by 11; remainder 0
 * gives 0, and remainder 1 gives no valid id (Finnish Patent and Registration Office, "Y-tunnuksen
 * tarkistusmerkki").
 */
export function isFinnishBusinessId(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{7}-\d$/.test(value)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  const remainder = sum % 11;
  if (remainder === 1) return false;
  return Number(value[8]) === (remainder === 0 ? 0 : 11 - remainder);
}

export function FinnishBusinessId(): PropertyDecorator {
  return ValidateBy({
    name: 'finnishBusinessId',
    validator: {
      validate: isFinnishBusinessId,
      defaultMessage: () => '$property must be a Finnish business id (Y-tunnus) with a valid check digit, e.g. 0201256-6',
    },
  });
}
