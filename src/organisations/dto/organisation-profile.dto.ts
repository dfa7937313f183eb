import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { AuthorityKind } from '../../thresholds/thresholds';

export const AUTHORITY_KINDS: readonly AuthorityKind[] = ['centralGovernment', 'subCentral'];

export class OrganisationProfileDto {
  @ApiProperty({
    enum: AUTHORITY_KINDS,
    example: 'subCentral',
    description:
      'centralGovernment: a central government authority (Annex I of Directive 2014/24/EU; lower EU thresholds for supplies and services). subCentral: any other contracting authority, such as a municipality.',
  })
  @IsIn(AUTHORITY_KINDS)
  authorityKind!: AuthorityKind;
}
