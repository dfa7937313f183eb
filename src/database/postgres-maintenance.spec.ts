import { maintenanceWarning } from './postgres-maintenance';

describe('maintenanceWarning: what an operator hears about PostgreSQL maintaining its tables', () => {
  it('says nothing when autovacuum runs and has its counts', () => {
    expect(maintenanceWarning({ autovacuum: 'on', track_counts: 'on' })).toBeNull();
  });

  it('warns when autovacuum is off, and says how to put it right', () => {
    const warning = maintenanceWarning({ autovacuum: 'off', track_counts: 'on' });
    expect(warning).toMatch(/autovacuum is off/);
    expect(warning).toMatch(/VACUUM \(ANALYZE\)/);
  });

  it('warns when track_counts is off, without which autovacuum never runs', () => {
    expect(maintenanceWarning({ autovacuum: 'on', track_counts: 'off' })).toMatch(/track_counts is off/);
  });
});
