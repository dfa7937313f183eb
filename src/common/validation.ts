import { applyDecorators } from '@nestjs/common';
import { IsNumber, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';

/** A string of at most `maxLength` characters that is not only white space. */
export function Text(maxLength: number): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(maxLength), Matches(/\S/, { message: '$property must not be blank' }));
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
