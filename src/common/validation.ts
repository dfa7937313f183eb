import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A string of at most `maxLength` characters that is not only white space. */
export function Text(maxLength: number): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(maxLength), Matches(/\S/, { message: '$property must not be blank' }));
}
