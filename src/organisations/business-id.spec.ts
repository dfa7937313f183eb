import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORITY_ACTIVITIES, BUYER_LEGAL_TYPES } from './dto/organisation-profile.dto';
import { isFinnishBusinessId } from './business-id';

describe(isFinnishBusinessId.name, () => {
  it.each(['0101263-6', '0211675-2', '0201256-6', '2345678-0', '0000001-9'])('accepts %s', (id) => expect(isFinnishBusinessId(id)).toBe(true));

  it.each([
    ['0101263-5', 'a wrong check digit'],
    ['0101263-7', 'a wrong check digit'],
    ['1111111-0', 'remainder 1: no valid check digit exists'],
    ['101263-6', 'six digits'],
    ['01012636', 'no hyphen'],
    ['0101263-X', 'a letter'],
    [' 0101263-6', 'a space'],
  ])('refuses %s (%s)', (id) => expect(isFinnishBusinessId(id)).toBe(false));
});

/** The code lists the profile takes are the eForms SDK's (../shared/eforms, read in place). */
describe('profile code lists', () => {
  // Jest runs from the repository's root; the shared data sits beside it.
  const codelists = join(process.cwd(), '..', 'shared', 'eforms', 'sdk-1.13.3', 'codelists');
  const codes = (file: string) =>
    [...readFileSync(join(codelists, file), 'utf8').matchAll(/<Value ColumnRef="code">\s*<SimpleValue>([^<]+)<\/SimpleValue>/g)].map((m) => m[1]).sort();
  const available = existsSync(codelists);

  (available ? it : it.skip)('BT-11 buyer legal types are the SDK 1.13 list buyer-legal-type', () => {
    expect([...BUYER_LEGAL_TYPES].sort()).toEqual(codes('buyer-legal-type.gc'));
  });

  (available ? it : it.skip)('BT-10 activities are the SDK 1.13 list authority-activity', () => {
    expect([...AUTHORITY_ACTIVITIES].sort()).toEqual(codes('main-activity_authority-activity.gc'));
  });
});
