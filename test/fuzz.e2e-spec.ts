const t0 = Date.now();
import { createTestApp, type TestApp } from './support/create-test-app';

describe('scratch', () => {
  let t: TestApp;
  beforeAll(async () => { console.log('import', Date.now() - t0); const t1 = Date.now(); t = await createTestApp(); console.log('create', Date.now() - t1); });
  afterAll(async () => { const t1 = Date.now(); await t.close({ dropDatabase: true }); console.log('close', Date.now() - t1); });
  it('dumps', async () => {
    const t1 = Date.now();
    for (let i = 0; i < 200; i++) await t.http().get('/procurements/not-a-uuid');
    console.log('200 reqs', Date.now() - t1);
  });
});
