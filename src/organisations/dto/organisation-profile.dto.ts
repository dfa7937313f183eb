import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsObject, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Optional, Text } from '../../common/validation';
import type { AuthorityKind } from '../../thresholds/thresholds';
import { FinnishBusinessId } from '../business-id';

export const AUTHORITY_KINDS: readonly AuthorityKind[] = ['centralGovernment', 'subCentral'];

/** BT-11 Buyer Legal Type: the eForms code list buyer-legal-type (SDK 1.13); src/organisations/codes.spec.ts checks it against the SDK. */
export const BUYER_LEGAL_TYPES = [
  'body-pl',
  'body-pl-cga',
  'body-pl-la',
  'body-pl-ra',
  'cga',
  'def-cont',
  'eu-ins-bod-ag',
  'grp-p-aut',
  'int-org',
  'la',
  'org-sub',
  'org-sub-cga',
  'org-sub-la',
  'org-sub-ra',
  'pub-undert',
  'pub-undert-cga',
  'pub-undert-la',
  'pub-undert-ra',
  'ra',
  'spec-rights-entity',
] as const;

/** BT-10 Activity Authority: the eForms code list authority-activity (SDK 1.13). */
export const AUTHORITY_ACTIVITIES = ['defence', 'econ-aff', 'education', 'env-pro', 'gen-pub', 'hc-am', 'health', 'pub-os', 'rcr', 'soc-pro'] as const;

export class OfficialNameDto {
  @ApiPropertyOptional({ example: 'Espoon kaupunki', maxLength: 300, description: 'BT-500 in Finnish.' })
  @Optional()
  @Text(300)
  fi?: string;

  @ApiPropertyOptional({ example: 'Esbo stad', maxLength: 300, description: 'BT-500 in Swedish.' })
  @Optional()
  @Text(300)
  sv?: string;

  @ApiPropertyOptional({ example: 'City of Espoo', maxLength: 300, description: 'BT-500 in English (optional).' })
  @Optional()
  @Text(300)
  en?: string;
}

export class PostalAddressDto {
  @ApiPropertyOptional({ example: 'Espoonkatu 5', maxLength: 300, description: 'BT-510 street.' })
  @Optional()
  @Text(300)
  street?: string;

  @ApiPropertyOptional({ example: '02770', maxLength: 20, description: 'BT-512 postal code.' })
  @Optional()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z -]{1,18}$/, { message: 'postalCode must be a postal code, e.g. 02770' })
  postalCode?: string;

  @ApiPropertyOptional({ example: 'Espoo', maxLength: 100, description: 'BT-513 town.' })
  @Optional()
  @Text(100)
  city?: string;

  @ApiPropertyOptional({ example: 'FIN', description: 'BT-514 country, ISO 3166-1 alpha-3 (default FIN).' })
  @Optional()
  @Matches(/^[A-Z]{3}$/, { message: 'country must be an ISO 3166-1 alpha-3 code, e.g. FIN' })
  country?: string;

  @ApiPropertyOptional({ example: 'FI1B1', description: 'BT-507 NUTS 3 code of the organisation (Finland: FI1B1 Helsinki-Uusimaa, FI19B Pirkanmaa, …).' })
  @Optional()
  @Matches(/^[A-Z]{2}[0-9A-Z]{1,3}$/, { message: 'nuts must be a NUTS code, e.g. FI1B1' })
  nuts?: string;
}

/** The whole profile: PUT replaces it (a field left out is cleared; authorityKind is required). */
export class OrganisationProfileDto {
  @ApiProperty({
    enum: AUTHORITY_KINDS,
    example: 'subCentral',
    description:
      'centralGovernment: a central government authority (Annex I of Directive 2014/24/EU; lower EU thresholds for supplies and services). subCentral: any other contracting authority, such as a municipality.',
  })
  @IsIn(AUTHORITY_KINDS)
  authorityKind!: AuthorityKind;

  @ApiPropertyOptional({ type: OfficialNameDto, description: 'BT-500 Organisation Name: Finnish and Swedish for notices, English optional.' })
  @Optional()
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OfficialNameDto)
  officialName?: OfficialNameDto;

  @ApiPropertyOptional({ example: '0101263-6', description: 'BT-501 Organisation Identifier: the Finnish business id (Y-tunnus), check digit verified.' })
  @Optional()
  @FinnishBusinessId()
  businessId?: string;

  @ApiPropertyOptional({
    enum: BUYER_LEGAL_TYPES,
    example: 'la',
    description: 'BT-11 Buyer Legal Type (eForms code list buyer-legal-type): la = local authority.',
  })
  @Optional()
  @IsIn(BUYER_LEGAL_TYPES)
  legalType?: string;

  @ApiPropertyOptional({ enum: AUTHORITY_ACTIVITIES, example: 'gen-pub', description: 'BT-10 Activity Authority (eForms code list authority-activity).' })
  @Optional()
  @IsIn(AUTHORITY_ACTIVITIES)
  mainActivity?: string;

  @ApiPropertyOptional({ type: PostalAddressDto })
  @Optional()
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto;

  @ApiPropertyOptional({ example: 'kirjaamo@espoo.fi', description: 'BT-506 Organisation Contact Email.' })
  @Optional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+358 9 81621', description: 'BT-503 Organisation Contact Telephone Number.' })
  @Optional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a telephone number, e.g. +358 9 81621' })
  phone?: string;

  @ApiPropertyOptional({ example: 'https://www.espoo.fi', description: 'BT-505 Organisation Internet Address.' })
  @Optional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string;
}
