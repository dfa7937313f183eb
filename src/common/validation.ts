import { applyDecorators } from '@nestjs/common';
import { IsNumber, IsString, isISO4217CurrencyCode, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { hasVisibleCharacter } from './text';

/**
 * A body field that may be left out. Unlike class-validator's `IsOptional`, `null` is not "left out":
 * it must pass the field's rules like any value, so a `null` never reaches a service that expects the
 * field's type (or a NOT NULL column).
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A string of at most `maxLength` characters with at least one a reader can see (not only white space or zero-width characters). */
export function Text(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(maxLength),
    ValidateBy({
      name: 'visibleText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasVisibleCharacter(value),
        defaultMessage: () => '$property must not be blank',
      },
    }),
  );
}

/**
 * An ISO 4217 currency code as OCDS and eForms write it: three upper-case letters. class-validator's
 * `IsISO4217CurrencyCode` alone also takes `eur`.
 */
export function Currency(): PropertyDecorator {
  return ValidateBy({
    name: 'isCurrency',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && /^[A-Z]{3}$/.test(value) && isISO4217CurrencyCode(value),
      defaultMessage: () => '$property must be an upper-case ISO 4217 currency code, e.g. EUR',
    },
  });
}

/**
 * A finite number with at most `places` decimals. class-validator's own `maxDecimalPlaces` reads the
 * decimals from `toString()` and throws on numbers printed in exponent form (1e-7); this does not.
 */
export function Decimal(places: number): PropertyDecorator {
  return applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false }),
    ValidateBy({
      name: 'maxDecimalPlaces',
      constraints: [places],
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: () => `$property must have at most ${places} decimal places`,
      },
    }),
  );
}
