import { findLocalOriginPreference, findLocalOriginPreferences, findLocalOriginRestriction } from '.';
import { demonymBases, finnishForms, splitDemonym } from './finnish-forms';
import { MUNICIPALITIES, PLACES_SOURCE, REGIONS } from './places';

describe(findLocalOriginPreference.name, () => {
  it.each([
    ['Extra points for local suppliers.', 'local'],
    ['Preference is given to locally produced food.', 'local'],
    ['The contractor must be registered in the same municipality.', 'place'],
    ['The tenderer shall be located within 50 km of the city hall.', 'distance'],
    ['Country of origin of the furniture is assessed.', 'place'],
    ['Kotimaiset tuotteet saavat lisäpisteitä.', 'nationality'],
    ['Lokala leverantörer prioriteras.', 'local'],
    ['Regional producers are preferred.', 'local'],
    ['Only Helsinki-based companies may tender.', 'place'],
    ['Vain vantaalaisyritykset hyväksytään.', 'place'],
    ['Tarjoajan kotipaikan on oltava Uudessakaupungissa.', 'place'],
  ])('refuses %j under the rule %s', (text, rule) => {
    expect(findLocalOriginPreference(text)?.rule).toBe(rule);
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

  it('takes a criterion as restrictive by nature: a selection criterion needs no "must"', () => {
    expect(findLocalOriginPreference('The tenderer is located within 30 km of the city hall.')?.rule).toBe('distance');
  });

  it('quotes the phrase that decides', () => {
    expect(findLocalOriginPreference('Only suppliers located in Vantaa may tender.')).toEqual({ rule: 'place', phrase: 'suppliers located in Vantaa' });
    expect(findLocalOriginPreference('Fine title', null, 'Points for domestic manufacturers')).toEqual({
      rule: 'nationality',
      phrase: 'domestic manufacturers',
    });
  });

  it('judges each sentence on its own: a place of delivery and a restriction elsewhere do not add up', () => {
    expect(findLocalOriginPreferences('The schools are located in Vantaa. The supplier must deliver before 10 am.')).toEqual([]);
  });
});

describe(findLocalOriginRestriction.name, () => {
  it.each(['Onko yrityksenne kotipaikka Vantaalla?', 'Where is your head office?', 'Missä kunnassa toimipisteenne sijaitsee?', 'Var har ni ert säte?'])(
    'lets a question ask where a supplier is: %j',
    (text) => {
      expect(findLocalOriginRestriction(text)).toBeNull();
    },
  );

  it.each([
    'Vain vantaalaiset yritykset voivat vastata.',
    'Only companies located in Vantaa are invited to the negotiations.',
    'Suppliers with a head office in Espoo receive extra points.',
  ])('refuses a question that restricts or favours: %j', (text) => {
    expect(findLocalOriginRestriction(text)).not.toBeNull();
  });
});

describe('Finnish place forms', () => {
  it.each([
    ['Vantaa', ['vantaalla', 'vantaan', 'vantaalta', 'vantaalle']],
    ['Helsinki', ['helsingissä', 'helsingin', 'helsingistä', 'helsinkiin']],
    ['Turku', ['turussa', 'turun', 'turkuun']],
    ['Lahti', ['lahdessa', 'lahden', 'lahteen']],
    ['Tampere', ['tampereella', 'tampereen', 'tampereelta']],
    ['Jyväskylä', ['jyväskylässä', 'jyväskylän']],
    ['Seinäjoki', ['seinäjoella', 'seinäjoen']],
    ['Hanko', ['hangossa', 'hangon']],
    ['Uusimaa', ['uudellamaalla', 'uudenmaan']],
    ['Uusikaupunki', ['uudessakaupungissa', 'uudenkaupungin']],
    ['Ikaalinen', ['ikaalisissa', 'ikaalisten']],
    ['Varkaus', ['varkaudessa', 'varkauden']],
    ['Pohjois-Savo', ['pohjois-savossa', 'pohjois-savon']],
    ['Suomi', ['suomessa', 'suomen', 'suomeen', 'suomesta']],
  ])('derives the case forms of %s', (name, forms) => {
    expect(finnishForms(name)).toEqual(expect.arrayContaining(forms));
  });

  it.each([
    ['vantaalainen', 'Vantaa'],
    ['helsinkiläinen', 'Helsinki'],
    ['turkulaiset', 'Turku'],
    ['lahtelaisia', 'Lahti'],
    ['tamperelaisille', 'Tampere'],
    ['jyväskyläläisten', 'Jyväskylä'],
    ['seinäjokelainen', 'Seinäjoki'],
  ])('knows the demonym %s of %s', (word, name) => {
    expect(splitDemonym(word, new Set(demonymBases(name)))).not.toBeNull();
  });
});

describe('places data', () => {
  it('records its source and has every municipality and region once', () => {
    expect(PLACES_SOURCE.url).toMatch(/^https:\/\/stat\.fi\//);
    expect(new Set(MUNICIPALITIES.map(([code]) => code)).size).toBe(MUNICIPALITIES.length);
    expect(MUNICIPALITIES).toHaveLength(309);
    expect(REGIONS).toHaveLength(19);
    const regions = new Set(REGIONS.map((r) => r.code));
    expect(MUNICIPALITIES.filter(([, , , region]) => !regions.has(region))).toEqual([]);
  });

  it('recognises every municipality by its Finnish and Swedish name', () => {
    const missed = MUNICIPALITIES.flatMap(([, fi, sv]) => [fi, sv ?? fi]).filter(
      (name) => findLocalOriginPreference(`Only companies based in ${name} may tender.`) === null,
    );
    expect(missed).toEqual([]);
  });
});
