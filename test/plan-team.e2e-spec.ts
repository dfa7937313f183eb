import { createTestApp, type TestApp } from './support/create-test-app';
import { digestDatabase } from './support/db-digest';
import { periods, suppliers } from './support/dialogue';
import { addToTeam, people } from './support/factories';
import { A_CRITERION, LCC_MODEL, planInCriteria, planInDialogue, planInNeedsAssessment } from './support/route-fixtures';
import { settleOutbound } from './support/outbound';

/**
 * The plan team (issue 13): only the owner and the members change a plan, its dialogue, criteria and
 * goals; the organisation's other officers read it; managers change the owner and the team, the owner
 * its members; every change of team is in the audit trail.
 */
describe('Plan team', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const member = { sub: 'officer-liisa', name: 'Liisa Member', role: 'officer' as const, org: people.officer.org };
  let plans: { draft: string; criteria: string; dialogue: string };

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, claims] of Object.entries({ ...people, member, supplierA: suppliers.a, supplierB: suppliers.b })) tokens[key] = await t.token(claims);
    const fixtureTokens = { officer: tokens.officer, manager: tokens.manager, supplier: tokens.supplierA, otherSupplier: tokens.supplierB };
    plans = {
      draft: await planInNeedsAssessment(t, fixtureTokens),
      criteria: (await planInCriteria(t, fixtureTokens, people.officer.org)).planId,
      dialogue: (await planInDialogue(t, fixtureTokens)).planId,
    };
    // The colleague is known to the service too: known is not enough to change a plan.
    await t.http().get('/me/notifications').set('Authorization', `Bearer ${tokens.secondOfficer}`).expect(200);
    for (const id of Object.values(plans)) await addToTeam(t, tokens.manager, id, [{ id: member.sub, token: tokens.member }]);
  });

  afterAll(async () => {
    await t.close({ dropDatabase: true });
  });

  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

  /** Writes of an officer on a plan: each must be open to the team and closed to the organisation's other officers. */
  const WRITES: Array<{
    name: string;
    plan: keyof typeof plans;
    send: (who: string, n: number) => ReturnType<ReturnType<TestApp['http']>['post']>;
    status: number;
  }> = [
    {
      name: 'PATCH the plan',
      plan: 'draft',
      status: 200,
      send: (who, n) =>
        t
          .http()
          .patch(`/procurements/${plans.draft}`)
          .set(as(who))
          .send({ title: `Laptops ${n}` }),
    },
    {
      name: 'send an officer event',
      plan: 'draft',
      status: 200,
      send: (who, n) =>
        t
          .http()
          .post(`/procurements/${plans.draft}/events`)
          .set(as(who))
          .send({ type: 'RECORD_NEEDS', need: `Durable laptops, take ${n}.` }),
    },
    {
      name: 'add a criterion',
      plan: 'criteria',
      status: 201,
      send: (who, n) =>
        t
          .http()
          .post(`/procurements/${plans.criteria}/criteria`)
          .set(as(who))
          .send({ ...A_CRITERION, title: `Spare parts ${n}` }),
    },
    {
      name: 'set the life-cycle cost model',
      plan: 'criteria',
      status: 200,
      send: (who) => t.http().put(`/procurements/${plans.criteria}/life-cycle-cost`).set(as(who)).send(LCC_MODEL),
    },
    {
      name: 'declare strategic goals',
      plan: 'criteria',
      status: 200,
      send: (who) => t.http().put(`/procurements/${plans.criteria}/strategic-goals`).set(as(who)).send({ strategicGoalIds: [] }),
    },
    {
      name: 'schedule a dialogue round',
      plan: 'dialogue',
      status: 201,
      send: (who, n) =>
        t
          .http()
          .post(`/procurements/${plans.dialogue}/dialogue/rounds`)
          .set(as(who))
          .send({
            type: 'supplierDay',
            title: `Supplier day ${n}`,
            description: 'Open session.',
            ...periods(inDays(1), { questions: 2, clarifications: 3, closes: 4 }),
          }),
    },
  ];

  it.each(WRITES.map((w) => [w.name, w] as const))(
    '%s: the owner and a member may, another officer of the organisation gets 403 plan.teamOnly and changes nothing',
    async (_name, write) => {
      expect((await write.send('officer', 1)).status).toBe(write.status);
      expect((await write.send('member', 2)).status).toBe(write.status);
      await settleOutbound(t);
      const before = await digestDatabase(t);
      const refused = await write.send('secondOfficer', 3);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'plan.teamOnly', params: { owner: people.officer.name } });
      expect(await digestDatabase(t)).toEqual(before);
    },
  );

  it('lets every officer of the organisation read the plan, its criteria and its dialogue', async () => {
    for (const who of ['secondOfficer', 'member', 'officer']) {
      await t.http().get(`/procurements/${plans.criteria}`).set(as(who)).expect(200);
      await t.http().get(`/procurements/${plans.criteria}/criteria`).set(as(who)).expect(200);
      await t.http().get(`/procurements/${plans.dialogue}/dialogue/rounds`).set(as(who)).expect(200);
      await t.http().get(`/procurements/${plans.dialogue}/team`).set(as(who)).expect(200);
    }
    // Another organisation's officer does not see it at all.
    await t.http().get(`/procurements/${plans.dialogue}/team`).set(as('otherOrgOfficer')).expect(404);
  });

  it('shows the team on the plan and offers the known officers of the organisation as candidates', async () => {
    const team = (await t.http().get(`/procurements/${plans.draft}/team`).set(as('secondOfficer')).expect(200)).body;
    expect(team).toMatchObject({ owner: { id: people.officer.sub, name: people.officer.name }, members: [{ id: member.sub, name: member.name }] });
    expect(team.candidates.map((c: { id: string }) => c.id)).toContain(people.secondOfficer.sub);
    expect(team.candidates.map((c: { id: string }) => c.id)).not.toContain(people.officer.sub);
    const plan = (await t.http().get(`/procurements/${plans.draft}`).set(as('officer')).expect(200)).body;
    expect(plan.team).toEqual([{ id: member.sub, name: member.name }]);
  });

  it('lets managers change the owner, the owner change the members, and nobody else; each change is in the trail', async () => {
    const id = plans.draft;
    const put = (who: string, body: object, version?: number) => {
      const req = t.http().put(`/procurements/${id}/team`).set(as(who));
      return version === undefined ? req.send(body) : req.set('If-Match', `"${version}"`).send(body);
    };
    // A member and a colleague may not change the team; the owner may not hand the plan over.
    expect((await put('member', { ownerId: people.officer.sub, memberIds: [] }).expect(403)).body.code).toBe('plan.teamChangeRefused');
    expect((await put('secondOfficer', { ownerId: people.officer.sub, memberIds: [people.secondOfficer.sub] }).expect(403)).body.code).toBe(
      'plan.teamChangeRefused',
    );
    expect((await put('officer', { ownerId: people.secondOfficer.sub, memberIds: [] }).expect(403)).body.code).toBe('plan.teamChangeRefused');
    // Only officers of the organisation whom the service knows.
    expect((await put('manager', { ownerId: people.officer.sub, memberIds: ['officer-nobody'] }).expect(422)).body).toMatchObject({
      code: 'plan.teamMemberUnknown',
      params: { id: 'officer-nobody' },
    });
    await t.http().get('/me/notifications').set(as('otherOrgOfficer')).expect(200);
    expect((await put('manager', { ownerId: people.officer.sub, memberIds: [people.otherOrgOfficer.sub] }).expect(422)).body.code).toBe(
      'plan.teamMemberUnknown',
    );
    expect((await put('manager', { ownerId: people.manager.sub, memberIds: [] }).expect(422)).body.code).toBe('plan.teamMemberUnknown');
    await put('otherOrgManager', { ownerId: people.officer.sub, memberIds: [] }).expect(404);
    await put('manager', { ownerId: people.officer.sub, memberIds: 'x' }).expect(400);

    // The owner adds the colleague as a member.
    const version = (await t.http().get(`/procurements/${id}`).set(as('officer')).expect(200)).body.version as number;
    await put('officer', { ownerId: people.officer.sub, memberIds: [member.sub, people.secondOfficer.sub] }, version - 1).expect(412);
    const added = await put('officer', { ownerId: people.officer.sub, memberIds: [member.sub, people.secondOfficer.sub] }, version).expect(200);
    expect(added.body.version).toBe(version + 1);
    expect(added.headers.etag).toBe(`"${version + 1}"`);
    await t.http().patch(`/procurements/${id}`).set(as('secondOfficer')).send({ title: 'Laptops for every school' }).expect(200);

    // The manager hands the plan to the colleague and takes the former owner off the team.
    const handed = await put('manager', { ownerId: people.secondOfficer.sub, memberIds: [member.sub] }).expect(200);
    expect(handed.body).toMatchObject({ owner: { id: people.secondOfficer.sub, name: people.secondOfficer.name }, members: [{ id: member.sub }] });
    expect((await t.http().patch(`/procurements/${id}`).set(as('officer')).send({ title: 'Back to me' }).expect(403)).body.code).toBe('plan.teamOnly');
    await t.http().post(`/procurements/${id}/events`).set(as('secondOfficer')).send({ type: 'RECORD_NEEDS', need: 'Laptops for every school.' }).expect(200);
    // Unchanged team: nothing recorded.
    await put('manager', { ownerId: people.secondOfficer.sub, memberIds: [member.sub] }).expect(200);

    const history = (await t.http().get(`/procurements/${id}/history?limit=100`).set(as('member')).expect(200)).body.items as Array<{
      type: string;
      actor: { id: string };
      payload: Record<string, unknown>;
    }>;
    const changes = history.filter((e) => e.type === 'PLAN_TEAM_CHANGED');
    expect(changes.map((e) => [e.actor.id, e.payload])).toEqual([
      [people.manager.sub, { owner: null, added: [{ id: member.sub, name: member.name }], removed: [] }],
      [people.officer.sub, { owner: null, added: [{ id: people.secondOfficer.sub, name: people.secondOfficer.name }], removed: [] }],
      [
        people.manager.sub,
        {
          owner: { from: { id: people.officer.sub, name: people.officer.name }, to: { id: people.secondOfficer.sub, name: people.secondOfficer.name } },
          added: [],
          removed: [{ id: people.secondOfficer.sub, name: people.secondOfficer.name }],
        },
      ],
    ]);
    const verified = await t.http().get(`/procurements/${id}/history/verify`).set(as('manager')).expect(200);
    expect(verified.body).toMatchObject({ intact: true });
    // The new owner finds the plan among its own.
    const mine = await t.http().get(`/procurements?owner=${people.secondOfficer.sub}`).set(as('secondOfficer')).expect(200);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(id);
  });
});
