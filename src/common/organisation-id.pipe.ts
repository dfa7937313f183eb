import { Injectable, type PipeTransform } from '@nestjs/common';
import { BadRequestError } from './errors';

const ORGANISATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** An organisation id in a path, as it appears in tokens' `org` claim. */
@Injectable()
export class OrganisationIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ORGANISATION_ID.test(value)) throw new BadRequestError('request.organisationId');
    return value;
  }
}
