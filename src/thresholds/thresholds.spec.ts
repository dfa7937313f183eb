import { CONTRACT_TYPES, regimeOf, THRESHOLDS, thresholdAt } from './thresholds';

describe('Procurement thresholds', () => {
  it('has exactly one national threshold for every contract type, and one EU threshold for each but concessions, on every day of both periods', () => {
    for (const date of ['2024-01-01', '2025-12-31', '2026-01-01', '2030-06-30']) {
      for (const contractType of CONTRACT_TYPES) {
        for (const authority of ['centralGovernment', 'subCentral'] as const) {
          expect(thresholdAt('national', contractType, authority, date)).not.toBeNull();
          if (contractType !== 'concession') expect(thresholdAt('eu', contractType, authority, date)).not.toBeNull();
        }
      }
    }
  });

  it('uses the 2024–2025 EU figures until the last day of 2025 and the 2026 figures from the first day of 2026', () => {
    const eu = (contractType: (typeof CONTRACT_TYPES)[number], authority: 'centralGovernment' | 'subCentral', date: string) =>
      thresholdAt('eu', contractType, authority, date)?.amount;
    expect([
      eu('works', 'subCentral', '2025-12-31'),
      eu('supplies', 'centralGovernment', '2025-12-31'),
      eu('services', 'subCentral', '2025-12-31'),
      eu('socialAndHealthServices', 'subCentral', '2025-12-31'),
    ]).toEqual([5_538_000, 143_000, 221_000, 750_000]);
    expect([
      eu('works', 'subCentral', '2026-01-01'),
      eu('supplies', 'centralGovernment', '2026-01-01'),
      eu('services', 'subCentral', '2026-01-01'),
      eu('otherSpecificServices', 'centralGovernment', '2026-01-01'),
    ]).toEqual([5_404_000, 140_000, 216_000, 750_000]);
    expect(thresholdAt('eu', 'works', 'subCentral', '2026-01-01')?.source).toMatch(/2025\/2152/);
    expect(thresholdAt('eu', 'works', 'subCentral', '2025-06-01')?.source).toMatch(/2023\/2495/);
  });

  it('counts a value equal to a threshold as at or above it, both ways at each boundary', () => {
    const at = (
      contractType: (typeof CONTRACT_TYPES)[number],
      amount: number,
      date = '2026-12-01',
      authority: 'centralGovernment' | 'subCentral' = 'subCentral',
    ) => regimeOf({ contractType, authority, amount, date }).regime;
    expect([at('services', 59_999.99), at('services', 60_000), at('services', 215_999), at('services', 216_000)]).toEqual([
      'belowNationalThreshold',
      'national',
      'national',
      'eu',
    ]);
    expect([at('services', 139_999, '2026-12-01', 'centralGovernment'), at('services', 140_000, '2026-12-01', 'centralGovernment')]).toEqual([
      'national',
      'eu',
    ]);
    expect([at('works', 149_999), at('works', 150_000), at('works', 5_403_999), at('works', 5_404_000)]).toEqual([
      'belowNationalThreshold',
      'national',
      'national',
      'eu',
    ]);
    expect([at('works', 5_404_000, '2025-12-31'), at('works', 5_538_000, '2025-12-31')]).toEqual(['national', 'eu']);
    expect([at('socialAndHealthServices', 399_999), at('socialAndHealthServices', 400_000), at('socialAndHealthServices', 750_000)]).toEqual([
      'belowNationalThreshold',
      'national',
      'eu',
    ]);
    expect([at('otherSpecificServices', 299_999), at('otherSpecificServices', 300_000)]).toEqual(['belowNationalThreshold', 'national']);
    expect([at('concession', 499_999), at('concession', 500_000), at('concession', 50_000_000)]).toEqual(['belowNationalThreshold', 'national', 'national']);
  });

  it('names the threshold that decided, with its source', () => {
    const verdict = regimeOf({ contractType: 'services', authority: 'subCentral', amount: 4_800_000, date: '2026-12-01' });
    expect(verdict).toMatchObject({ regime: 'eu', threshold: { amount: 216_000, source: expect.stringMatching(/2014\/24\/EU/) } });
    expect(regimeOf({ contractType: 'services', authority: 'subCentral', amount: 10_000, date: '2026-12-01' }).threshold).toMatchObject({
      amount: 60_000,
      source: expect.stringMatching(/1397\/2016/),
    });
  });

  it('keeps every row well formed: a source, a positive amount, a period that starts before it ends', () => {
    for (const t of THRESHOLDS) {
      expect(t.source.length).toBeGreaterThan(10);
      expect(t.amount).toBeGreaterThan(0);
      if (t.validTo !== null) expect(t.validFrom < t.validTo).toBe(true);
    }
  });
});
