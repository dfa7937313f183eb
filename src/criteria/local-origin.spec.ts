import { findLocalOriginPreference } from './local-origin';

describe(findLocalOriginPreference.name, () => {
  it.each([
    'Extra points for local suppliers.',
    'Preference is given to locally produced food.',
    'The contractor must be registered in the same municipality.',
    'The tenderer shall be located within 50 km of the city hall.',
    'Country of origin of the furniture is assessed.',
    'Kotimaiset tuotteet saavat lisäpisteitä.',
    'Lokala leverantörer prioriteras.',
    'Regional producers are preferred.',
  ])('refuses %j', (text) => {
    expect(findLocalOriginPreference(text)).not.toBeNull();
  });

  it.each([
    'Deliveries within 24 hours of the order.',
    'Transport emissions are at most 50 g CO2e per delivered meal.',
    'Seasonal vegetables according to the seasonal calendar.',
    'The supplier takes back packaging for reuse.',
    'Organic produce is at least 25 % of the purchased value.',
  ])('accepts %j', (text) => {
    expect(findLocalOriginPreference(text)).toBeNull();
  });

  it('looks through every text it is given', () => {
    expect(findLocalOriginPreference('Fine title', null, 'Points for domestic manufacturers')).toMatch(/domestic manufacturers/);
  });
});
