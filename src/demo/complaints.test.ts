// The demo council's weeks of complaints load on `npm start`, through the same functions staff use.
import { expect, it } from 'vitest';
import { forEachEngine } from '../../test/support/databases.js';
import { bootstrap } from '../bootstrap.js';

forEachEngine('demo complaints', (use) => {
  it('load with the demo council: one just in, one acknowledged, one at stage 2, one closed, one late awaiting a decision', async () => {
    const { db } = use();
    await bootstrap(db, { demo: true, demoHistory: true, demoPassword: 'demo password for the test', councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
    const rows = await db
      .selectFrom('complaint as c')
      .innerJoin('cases', 'cases.id', 'c.case_id')
      .select(['cases.status', 'c.stage', 'c.late', 'c.late_decision'])
      .orderBy('cases.received_at')
      .execute();
    expect(rows).toEqual([
      { status: 'closed', stage: 1, late: false, late_decision: null },
      { status: 'stage_2_acknowledged', stage: 2, late: false, late_decision: null },
      { status: 'acknowledged', stage: 1, late: false, late_decision: null },
      { status: 'received', stage: 1, late: true, late_decision: null },
      { status: 'received', stage: 1, late: false, late_decision: null },
    ]);
  });
});
