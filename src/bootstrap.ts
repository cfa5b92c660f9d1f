// First start of an empty database: load the demo council, or set up an empty council with its
// first administrator. Serialised by an advisory lock so that several processes starting together
// on one PostgreSQL database do it once.
import { sql } from 'kysely';
import type { Config } from './config.js';
import { DEMO_CLOSURE_DAYS } from './demo/calendar.js';
import { DEMO_COUNCIL, DEMO_STAFF } from './demo/council.js';
import { loadDemoCatalogue } from './demo/load-catalogue.js';
import { loadDemoComplaints } from './demo/complaints.js';
import { loadDemoCustomers } from './demo/customers.js';
import { loadDemoLocations } from './demo/locations.js';
import { loadDemoTeamMembers } from './demo/team-members.js';
import { addCalendarDays, getWorkingCalendar } from './features/calendar/service.js';
import { findCouncil, setUpCouncil } from './features/council/service.js';
import { adoptNationProcedure } from './features/complaints/service.js';
import { createClientSystem } from './platform/api-keys/service.js';
import { systemActor } from './platform/audit/audit.js';
import { countUsers, createUser } from './platform/auth/users.js';
import type { Db } from './platform/db/database.js';

export type BootstrapOutcome =
  | { kind: 'demo-loaded'; open311Key: { key: string; fromEnvironment: boolean } }
  | { kind: 'existing' }
  | { kind: 'empty-council'; adminCreated: string | undefined; usersExist: boolean };

type BootstrapConfig = Partial<Pick<Config, 'demoApiKey' | 'publicUrl'>> &
  Pick<Config, 'demo' | 'demoPassword' | 'councilName' | 'councilNation' | 'adminEmail' | 'adminPassword'> & {
    /** Weeks of demo history (complaints) as well: `npm start` asks for it, tests do not. */
    demoHistory?: boolean;
  };

export async function bootstrap(db: Db, config: BootstrapConfig): Promise<BootstrapOutcome> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7314001)`.execute(trx);
    const existing = await findCouncil(trx);
    if (existing && (await countUsers(trx)) > 0) return { kind: 'existing' };
    if (!existing && config.demo) {
      await setUpCouncil(trx, systemActor, DEMO_COUNCIL);
      await addCalendarDays(trx, systemActor, DEMO_CLOSURE_DAYS);
      await loadDemoCatalogue(trx, systemActor);
      await adoptNationProcedure(trx, systemActor, DEMO_COUNCIL.nation, new Date());
      for (const person of DEMO_STAFF) await createUser(trx, systemActor, { ...person, password: config.demoPassword });
      await loadDemoTeamMembers(trx, systemActor);
      await loadDemoLocations(trx, systemActor);
      await loadDemoCustomers(trx, systemActor);
      if (config.demoHistory) await loadDemoComplaints(trx, systemActor, new Date(), config.publicUrl ?? 'http://localhost:3000');
      // An Open311 client to try FixMyStreet (or any GeoReport v2 client) against, with a known key when DEMO_API_KEY is set.
      const client = await createClientSystem(trx, systemActor, { name: 'FixMyStreet (demo)', scopes: ['open311'], rateLimitPerMinute: 600 }, config.demoApiKey ? { key: config.demoApiKey } : {});
      return { kind: 'demo-loaded', open311Key: { key: client.key, fromEnvironment: !!config.demoApiKey } };
    }
    if (!existing) {
      await setUpCouncil(trx, systemActor, {
        name: config.councilName,
        nation: config.councilNation,
        population: null,
        logoUrl: null,
        email: null,
        phone: null,
        website: null,
        address: null,
      });
      // The first calendar version, so that the first due date names a version recorded at set-up.
      await getWorkingCalendar(trx);
      await adoptNationProcedure(trx, systemActor, config.councilNation, new Date());
    }
    if (config.adminEmail && config.adminPassword && (await countUsers(trx)) === 0) {
      await createUser(trx, systemActor, {
        email: config.adminEmail.toLowerCase(),
        displayName: 'Administrator',
        roles: ['administrator'],
        password: config.adminPassword,
      });
      return { kind: 'empty-council', adminCreated: config.adminEmail, usersExist: true };
    }
    return { kind: 'empty-council', adminCreated: undefined, usersExist: (await countUsers(trx)) > 0 };
  });
}
