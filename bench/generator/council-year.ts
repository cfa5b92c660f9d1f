// A council-year, generated: the demo council (bootstrap) with a year of cases, their clocks and
// events, and contacts on every channel, seeded so that the same seed gives the same rows.
//
// What it makes, over the 12 months before `until`:
// - staff: a few dozen advisors (who log contacts) and officers (who hold cases, in teams);
// - customers (people with a name, an address and a postcode);
// - cases across the demo's request types (not complaints: they have their own tables) on the
//   channels each service takes, web and Open311 a good share and growing through the year
//   (channel shift); received on working days mostly, in office hours for assisted channels;
//   acknowledged, visited and resolved at times drawn so that each standard is met at about its
//   target (a third of standards a few points under, so the review has red items) and a little
//   better as the year goes on; closed a few days after resolution; some cancelled or duplicates
//   (their running clocks void); those still running at `until` open, their clocks running;
// - each case's clocks (case_standard, met/missed/void), its received and last status events;
// - contacts on every channel, about 77% resolved at first contact (channels differ), a case
//   raised for some (linked to the case received then), chasing-progress contacts linked to an
//   earlier case, about 18% avoidable with NI14's types, advisors and locations on assisted channels.
// Loaded by COPY in one transaction (copy.ts) with triggers and foreign-key checks off
// (session_replication_role = replica; cases.next_due_at, which a trigger keeps, is written
// directly), then ANALYZE: the local PostgreSQL runs with autovacuum off.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db/database.js';
import { bootstrap } from '../../src/bootstrap.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { checkCharacter, REFERENCE_ALPHABET } from '../../src/features/cases/reference.js';
import { copyLine, withPgliteCopy, withPostgresCopy, type CopyTarget } from './copy.js';
import { generatedId, hash32, seeded, weighted, type Random } from './random.js';

export interface GenerateOptions {
  contacts: number;
  cases: number;
  /** Default: about one for every 16 contacts, at most 60,000. */
  customers?: number;
  seed: number;
  /** The year ends here (exclusive): default the start of the current calendar quarter (UTC). */
  until?: Date;
  /** Rows per COPY statement. */
  chunk?: number;
  log?: (line: string) => void;
}

export interface GenerateTarget {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** PostgreSQL: the database's URL, for the COPY connection. */
  url?: string;
}

export interface GenerateResult {
  counts: Record<'staff' | 'customers' | 'cases' | 'clocks' | 'events' | 'contacts', number>;
  from: Date;
  until: Date;
  seconds: number;
  rowsPerSecond: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TAG = { case: 1, contact: 2, customer: 3, staff: 4 } as const;
const DEMO_PASSWORD_UNUSED = 'generated council-year: demo password not used';

/** The start of the calendar quarter `now` is in (UTC): the default end of the generated year. */
export function startOfQuarter(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
}

// ---- what the demo council has, read after bootstrap

interface Standard { id: string; version: number; code: string; unit: string; amount: number; start: string; stop: string; target: number; p: number }
interface RequestType { id: string; version: number; serviceId: string; serviceCode: string; teamId: string | null; channels: string[]; located: boolean; standards: Standard[]; weight: number }
interface Catalogue { requestTypes: RequestType[]; locations: Map<string, string>; fixMyStreet: string | null; teams: string[] }

/** How often residents ask for each demo service, relative to one another (a district council's mix). */
const SERVICE_WEIGHTS: Record<string, number> = {
  'missed-bin': 22, 'bulky-waste': 6, 'fly-tipping': 8, graffiti: 2, 'dog-fouling': 2, 'abandoned-vehicle': 1.5, pothole: 6,
  'street-lighting': 3, 'noise-nuisance': 4, 'pest-control': 3, 'council-tax-moving': 10, 'benefit-claim': 8,
  'housing-repairs': 10, 'planning-enquiry': 3, licensing: 1.5, 'blue-badge': 2, 'birth-registration': 1.5, 'general-enquiry': 5,
};

async function readCatalogue(db: Db, seed: number): Promise<Catalogue> {
  const rows = await sql<{ id: string; version: number; service_id: string; service_code: string; team_id: string | null; channels: string[]; fields: unknown[]; standard_ids: string[] }>`
    SELECT rt.id, v.version, s.id AS service_id, s.code AS service_code, coalesce(v.team_id, s.team_id) AS team_id, s.channels, v.fields, v.standard_ids
    FROM request_type rt
    JOIN request_type_version v ON v.request_type_id = rt.id AND v.version = rt.current_version
    JOIN service s ON s.id = rt.service_id
    WHERE v.active AND v.workflow_code = 'default'
    ORDER BY s.code, rt.code`.execute(db);
  const standards = await sql<{ id: string; version: number; code: string; service_code: string; clock_unit: string; clock_amount: number; start_event: string; stop_event: string; target_percent: string }>`
    SELECT ss.id, v.version, ss.code, s.code AS service_code, v.clock_unit, v.clock_amount, v.start_event, v.stop_event, v.target_percent
    FROM service_standard ss
    JOIN service_standard_version v ON v.standard_id = ss.id AND v.version = ss.current_version
    JOIN service s ON s.id = ss.service_id`.execute(db);
  const byId = new Map(
    standards.rows.map((s) => {
      const target = Number(s.target_percent) / 100;
      // A third of standards run a few points under target (red items for the review), the rest at or above it.
      const shortfall = [-0.09, -0.05, -0.03, 0.005, 0.01, 0.015, 0.02][hash32(`${s.service_code}/${s.code}`, seed) % 7]!;
      const standard: Standard = { id: s.id, version: s.version, code: s.code, unit: s.clock_unit, amount: s.clock_amount, start: s.start_event, stop: s.stop_event, target, p: Math.min(0.995, target + shortfall) };
      return [s.id, standard] as const;
    }),
  );
  const perService = new Map<string, number>();
  for (const r of rows.rows) perService.set(r.service_code, (perService.get(r.service_code) ?? 0) + 1);
  const requestTypes = rows.rows.map((r): RequestType => ({
    id: r.id,
    version: r.version,
    serviceId: r.service_id,
    serviceCode: r.service_code,
    teamId: r.team_id,
    channels: r.channels,
    located: JSON.stringify(r.fields).includes('"type":"location"'),
    standards: r.standard_ids.map((id) => byId.get(id)).filter((s): s is Standard => !!s),
    weight: (SERVICE_WEIGHTS[r.service_code] ?? 1) / perService.get(r.service_code)!,
  }));
  if (requestTypes.length === 0) throw new Error('The council has no request types to generate cases for: bootstrap the demo council first');
  const locations = new Map((await db.selectFrom('council_location').select(['code', 'id']).execute()).map((l) => [l.code, l.id]));
  const fixMyStreet = (await db.selectFrom('client_system').select('id').where('name', 'like', 'FixMyStreet%').orderBy('created_at').executeTakeFirst())?.id ?? null;
  // In the catalogue's order (services by code), not by id: ids differ between databases, the order must not.
  const teams = [...new Set(requestTypes.map((r) => r.teamId).filter((t): t is string => !!t))];
  return { requestTypes, locations, fixMyStreet, teams };
}

// ---- names and places

const GIVEN = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Sophia', 'Lily', 'Freya', 'Emily', 'Oliver', 'George', 'Noah', 'Arthur', 'Harry', 'Leo', 'Muhammad', 'Jack', 'Charlie', 'Oscar', 'Priya', 'Aisha', 'Tomasz', 'Anna', 'David', 'Sarah', 'James', 'Margaret', 'Peter', 'Susan'];
const FAMILY = ['Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Khan', 'Nowak', 'Okafor', 'Shah', 'Begum', 'Kaur', 'Murphy'];
const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Mill Lane', 'Park Road', 'Victoria Road', 'Quarry Road', 'Market Street', 'School Lane', 'The Green', 'Meadow Way', 'Orchard Close'];
const WARDS = ['Abbey', 'Bracken Hill', 'Castle', 'Eastgate', 'Fernlea', 'Highfield', 'Kingsmead', 'Millbrook', 'Northfield', 'Riverside', 'St Mary’s', 'Westcote'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const REASONS = ['Asked about a collection day', 'Payment query', 'Change of circumstances', 'Progress of a request', 'Booking', 'Form help', 'Evidence sent', 'General question', 'Report a problem', 'Account balance'];

// ---- the shape of the year

const CASE_CHANNELS_START: [string, number][] = [['web', 34], ['open311', 12], ['phone', 34], ['email', 8], ['face_to_face', 6], ['webchat', 2], ['sms', 1], ['letter', 1.5], ['social_media', 1], ['kiosk', 0.5]];
/** Channel shift over the year: web and Open311 up, phone and face to face down. */
const CASE_SHIFT: Record<string, number> = { web: 0.3, open311: 0.25, phone: -0.3, face_to_face: -0.25, letter: -0.3, webchat: 0.4 };
const CONTACT_CHANNELS_START: [string, number][] = [['phone', 44], ['web', 11], ['email', 12], ['face_to_face', 10], ['webchat', 6], ['letter', 4], ['sms', 4], ['social_media', 3], ['kiosk', 2]];
const CONTACT_SHIFT: Record<string, number> = { phone: -0.25, web: 0.8, face_to_face: -0.3, letter: -0.35, webchat: 0.5 };
/** Share resolved at first contact, by channel (about 77% over all). */
const FCR: Record<string, number> = { phone: 0.8, face_to_face: 0.85, webchat: 0.78, web: 0.72, email: 0.7, letter: 0.6, sms: 0.72, social_media: 0.66, kiosk: 0.76 };
const NOT_RESOLVED = weighted<'case_raised' | 'passed_to_back_office' | 'signposted' | 'no_action'>([['case_raised', 55], ['passed_to_back_office', 20], ['signposted', 15], ['no_action', 10]]);
const AVOIDABLE_TYPE = weighted([['chasing_progress', 40], ['repeat', 25], ['not_understood', 14], ['wrongly_routed', 11], ['unnecessary_clarification', 10]] as const);
/** The milestones a case passes, in order, and the days between them when no standard measures one. */
const MILESTONES: [string, number, number][] = [['acknowledged', 0.05, 1.5], ['assigned', 0, 0.5], ['visited', 0.2, 3], ['resolved', 0.5, 8]];
const ASSISTED = new Set(['phone', 'face_to_face', 'email', 'webchat', 'letter', 'sms', 'social_media']);
const DURATION: Record<string, [number, number]> = { phone: [90, 720], face_to_face: [240, 1500], email: [120, 600], webchat: [180, 900], letter: [180, 600], sms: [30, 180], social_media: [60, 300], web: [0, 0], kiosk: [120, 480] };

/** Days of the year weighted: weekdays busy (Monday most), weekends quiet, January and April (bills) busier. */
function dayWeights(from: Date, days: number, weekend: number): Float64Array {
  const cumulative = new Float64Array(days);
  let total = 0;
  for (let d = 0; d < days; d++) {
    const date = new Date(from.getTime() + d * DAY);
    const weekday = date.getUTCDay();
    const month = date.getUTCMonth();
    const w = (weekday === 0 || weekday === 6 ? weekend : weekday === 1 ? 1.25 : weekday === 5 ? 0.85 : 1) * (month === 0 || month === 3 ? 1.2 : month === 7 || month === 11 ? 0.85 : 1);
    cumulative[d] = total += w;
  }
  for (let d = 0; d < days; d++) cumulative[d]! /= total;
  return cumulative;
}

function dayAt(cumulative: Float64Array, u: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! > u) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** A time of day: office hours (08:30–17:30) for assisted channels, any hour (mostly daytime) for self-service. */
function timeOfDay(random: Random, assisted: boolean): number {
  if (assisted) return 8.5 * HOUR + random.next() * 9 * HOUR;
  return random.chance(0.85) ? 7 * HOUR + random.next() * 15 * HOUR : random.next() * 24 * HOUR;
}

/** A clock's length in milliseconds: working days as 1.4 calendar days each (weekends), hours within 8-hour days. */
function clockSpan(standard: Standard): number {
  switch (standard.unit) {
    case 'working_days': return standard.amount * 1.4 * DAY;
    case 'working_hours': return (standard.amount / 8) * 1.4 * DAY;
    case 'calendar_months': return standard.amount * 30 * DAY;
    default: return standard.amount * DAY;
  }
}

/** A reference like the app's (XXXX-XXXX with its check character): the case number scattered over the 32^7 bodies, so unique. */
function referenceOf(n: number, seed: number): string {
  const space = 32n ** 7n;
  let v = (BigInt(n) * 2_654_435_761n + BigInt(hash32('reference', seed))) % space;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body += REFERENCE_ALPHABET.charAt(Number(v % 32n));
    v /= 32n;
  }
  return `${body.slice(0, 4)}-${body.slice(4)}${checkCharacter(body)}`;
}

function channelMix(start: [string, number][], shift: Record<string, number>, t: number, allowed?: readonly string[]): (random: Random) => string {
  const entries = start.filter(([c]) => !allowed || allowed.includes(c)).map(([c, w]) => [c, w * (1 + (shift[c] ?? 0) * t)] as const);
  return entries.length ? weighted(entries) : () => 'web';
}

// ---- the generator

export async function generateCouncilYear(target: GenerateTarget, options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? (() => undefined);
  const { db } = target;
  const until = options.until ?? startOfQuarter(new Date());
  const from = new Date(Date.UTC(until.getUTCFullYear() - 1, until.getUTCMonth(), until.getUTCDate()));
  const days = Math.round((until.getTime() - from.getTime()) / DAY);
  const seedHash = hash32('ids', options.seed);
  const chunk = options.chunk ?? 50_000;
  const customerCount = options.customers ?? Math.min(60_000, Math.ceil(options.contacts / 16));

  await migrateToLatest(db);
  await bootstrap(db, { demo: true, demoPassword: DEMO_PASSWORD_UNUSED, councilName: 'unused', councilNation: 'england', adminEmail: undefined, adminPassword: undefined });
  const existing = await db.selectFrom('cases').select('id').where('id', '=', generatedId(seedHash, TAG.case, 0)).executeTakeFirst();
  if (existing) throw new Error(`This database already has the council-year of seed ${options.seed}: generate into a fresh database`);
  const catalogue = await readCatalogue(db, options.seed);
  const started = performance.now();

  const load = async (out: CopyTarget) => {
    await out.exec('SET LOCAL session_replication_role = replica');
    let copyMs = 0;
    const counts: GenerateResult['counts'] = { staff: 0, customers: 0, cases: 0, clocks: 0, events: 0, contacts: 0 };
    const loader = (table: string, columns: readonly string[], key: keyof typeof counts | null) => {
      let lines: string[] = [];
      const flush = async () => {
        if (lines.length === 0) return;
        const batch = lines;
        lines = [];
        const start = performance.now();
        await out.copy(table, columns, batch.join(''));
        copyMs += performance.now() - start;
      };
      return {
        add: async (cells: Parameters<typeof copyLine>[0]) => {
          lines.push(copyLine(cells));
          if (key) counts[key]++;
          if (lines.length >= chunk) await flush();
        },
        flush,
      };
    };
    const step = (what: string, rows: number, since: number) => {
      log(`  ${what.padEnd(34)} ${rows.toLocaleString('en-GB').padStart(10)} rows in ${((performance.now() - since) / 1000).toFixed(1).padStart(5)} s (COPY ${(copyMs / 1000).toFixed(1)} s of it)`);
      copyMs = 0;
    };

    // Staff: advisors log contacts, officers hold cases in teams.
    const random = seeded(options.seed);
    let since = performance.now();
    const staff = loader('staff_user', ['id', 'email', 'display_name', 'roles', 'password_hash', 'password_changed_at', 'created_at', 'updated_at'], 'staff');
    const members = loader('team_member', ['team_id', 'user_id', 'lead'], null);
    const advisors: { id: string; name: string }[] = [];
    const officers: { id: string; teams: string[] }[] = [];
    for (let i = 0; i < 50; i++) {
      const id = generatedId(seedHash, TAG.staff, i);
      const name = `${GIVEN[(i * 7) % GIVEN.length]} ${FAMILY[(i * 11 + 3) % FAMILY.length]}`;
      const advisor = i < 36;
      // '!' is no scrypt hash: generated staff cannot sign in.
      await staff.add([id, `${advisor ? 'advisor' : 'officer'}.${i}.${seedHash.toString(16)}@generated.example`, name, advisor ? '{advisor}' : '{officer}', '!', from, from, from]);
      if (advisor) advisors.push({ id, name });
      else {
        const teams = catalogue.teams.length ? [catalogue.teams[i % catalogue.teams.length]!] : [];
        if (catalogue.teams.length > 1 && i % 3 === 0) teams.push(catalogue.teams[(i + 5) % catalogue.teams.length]!);
        for (const team of new Set(teams)) await members.add([team, id, false]);
        officers.push({ id, teams });
      }
    }
    await staff.flush();
    await members.flush();
    const officersOf = new Map<string, string[]>();
    for (const o of officers) for (const t of o.teams) officersOf.set(t, [...(officersOf.get(t) ?? []), o.id]);

    // Customers.
    const customers = loader('customer', ['id', 'kind', 'given_name', 'family_name', 'display_name', 'search_name', 'address', 'postcode', 'created_at', 'updated_at'], 'customers');
    const customerIds: string[] = [];
    for (let i = 0; i < customerCount; i++) {
      const id = generatedId(seedHash, TAG.customer, i);
      const given = random.pick(GIVEN);
      const family = random.pick(FAMILY);
      const postcode = `BF${1 + random.int(9)} ${random.int(10)}${LETTERS[random.int(LETTERS.length)]}${LETTERS[random.int(LETTERS.length)]}`;
      const created = new Date(from.getTime() - random.int(1000) * DAY);
      await customers.add([id, 'person', given, family, `${given} ${family}`, `${given} ${family}`.toLowerCase(), `${1 + random.int(120)} ${random.pick(STREETS)}, Brackenfield`, postcode, created, created]);
      customerIds.push(id);
    }
    await customers.flush();
    step('staff and customers', counts.staff + counts.customers, since);

    // Cases, in the order received, with their clocks and events.
    since = performance.now();
    const caseColumns = ['id', 'reference', 'service_id', 'request_type_id', 'request_type_version', 'channel', 'answers', 'contact', 'status', 'received_at', 'version', 'workflow_code', 'status_category', 'team_id', 'assignee_id', 'customer_id', 'location_address', 'latitude', 'longitude', 'ward', 'client_system_id', 'client_reference', 'resolved_at', 'closed_at', 'updated_at', 'next_due_at'];
    const cases = loader('cases', caseColumns, 'cases');
    const clocks = loader('case_standard', ['case_id', 'standard_id', 'standard_version', 'started_at', 'due_at', 'at_risk_at', 'clock_events', 'paused', 'stopped_at', 'outcome'], 'clocks');
    const events = loader('case_event', ['case_id', 'type', 'at', 'actor_type', 'actor_label', 'public', 'detail'], 'events');
    const pickRequestType = weighted(catalogue.requestTypes.map((r) => [r, r.weight] as const));
    const caseDays = dayWeights(from, days, 0.35);
    // What contacts need to know of each case: when, which request type, which channel, whose.
    const caseAt = new Float64Array(options.cases);
    const caseType = new Int32Array(options.cases);
    const caseCustomer = new Int32Array(options.cases);
    const caseChannel: string[] = [];
    const typeIndex = new Map(catalogue.requestTypes.map((r, i) => [r, i]));
    const mixes = new Map<string, (r: Random) => string>();
    const untilMs = until.getTime();
    for (let n = 0; n < options.cases; n++) {
      const t = n / Math.max(1, options.cases);
      const day = dayAt(caseDays, (n + random.next()) / options.cases);
      const rt = pickRequestType(random);
      const monthStep = Math.floor(t * 12);
      const mixKey = `${rt.serviceCode} ${monthStep}`;
      if (!mixes.has(mixKey)) mixes.set(mixKey, channelMix(CASE_CHANNELS_START, CASE_SHIFT, monthStep / 11, rt.channels));
      const channel = mixes.get(mixKey)!(random);
      const received = from.getTime() + day * DAY + timeOfDay(random, ASSISTED.has(channel));
      const id = generatedId(seedHash, TAG.case, n);
      const customer = customerIds.length && channel !== 'open311' && random.chance(0.4) ? random.int(customerIds.length) : -1;
      caseAt[n] = received;
      caseType[n] = typeIndex.get(rt)!;
      caseCustomer[n] = customer;
      caseChannel[n] = channel;

      // Milestones: each clock's stop drawn to meet its standard at about its rate (a little better as
      // the year goes on); milestones no clock measures fall between their neighbours, so they never
      // push a measured one late.
      const clockTimes = rt.standards.map((s) => ({ s, span: clockSpan(s), met: random.chance(Math.min(0.997, s.p + 0.025 * t)), u: random.next() }));
      const milestone: Record<string, number> = { received };
      const measured = new Map<string, number>();
      for (const c of clockTimes) {
        if (c.s.start !== 'received' || measured.has(c.s.stop)) continue;
        measured.set(c.s.stop, received + c.span * (c.met ? 0.1 + 0.88 * c.u : 1.03 + 1.5 * c.u * c.u));
      }
      // Unmeasured milestones a few days after the one before; then, from the last back, none after the next.
      let previous = received;
      for (const [event, low, high] of MILESTONES) milestone[event] = previous = measured.get(event) ?? previous + random.between(low, high) * DAY;
      for (let i = MILESTONES.length - 2; i >= 0; i--) {
        const [event] = MILESTONES[i]!;
        milestone[event] = Math.min(milestone[event]!, milestone[MILESTONES[i + 1]![0]]!);
      }
      const [acknowledged, visited, resolved] = [milestone.acknowledged!, milestone.visited!, milestone.resolved!];
      // A clock that starts at a later milestone (rare in the demo) runs from there.
      const startOf = (c: (typeof clockTimes)[number]) => milestone[c.s.start] ?? received;
      const closed = resolved + random.between(0.1, 10) * DAY;
      const ending = random.next();
      const cancelAt = ending < 0.04 ? received + random.between(0.05, 5) * DAY : Infinity;
      const cancelled = cancelAt <= untilMs;
      const finalCategory = cancelled ? (ending < 0.025 ? 'cancelled' : 'duplicate') : resolved > untilMs ? null : closed <= untilMs ? 'closed' : 'resolved';
      let status: string;
      let category: string;
      let changedAt: number;
      if (finalCategory) {
        status = category = finalCategory;
        changedAt = finalCategory === 'closed' ? closed : cancelled ? cancelAt : resolved;
      } else if (acknowledged > untilMs) {
        [status, category, changedAt] = ['received', 'new', received];
      } else if (random.chance(0.08)) {
        [status, category, changedAt] = ['waiting_for_customer', 'waiting', acknowledged];
      } else {
        [status, category, changedAt] = visited <= untilMs ? ['in_progress', 'open', visited] : ['acknowledged', 'open', acknowledged];
      }

      let nextDue: number | null = null;
      for (const c of clockTimes) {
        const start = startOf(c);
        if (start > untilMs || (cancelled && start > cancelAt)) continue; // not started before the year's end or the cancellation
        const due = start + c.span;
        const stop = milestone[c.s.stop] ?? resolved;
        let stoppedAt: number | null = null;
        let outcome: string | null = null;
        if (cancelled && stop > cancelAt) [stoppedAt, outcome] = [cancelAt, 'void'];
        else if (stop <= untilMs) [stoppedAt, outcome] = [stop, stop <= due ? 'met' : 'missed'];
        else nextDue = nextDue === null ? due : Math.min(nextDue, due);
        const clockEvents = [{ type: 'start', at: new Date(start).toISOString() }, ...(stoppedAt !== null ? [{ type: 'stop', at: new Date(stoppedAt).toISOString() }] : [])];
        await clocks.add([id, c.s.id, c.s.version, new Date(start), new Date(due), new Date(start + c.span * 0.8), JSON.stringify(clockEvents), false, stoppedAt === null ? null : new Date(stoppedAt), outcome]);
      }

      const team = rt.teamId;
      const teamOfficers = team ? officersOf.get(team) : undefined;
      const assignee = teamOfficers?.length && category !== 'new' && random.chance(0.6) ? random.pick(teamOfficers) : null;
      const located = rt.located;
      const lat = located ? 52.9 + random.between(-0.05, 0.05) : null;
      const lon = located ? -1.4 + random.between(-0.08, 0.08) : null;
      const open311 = channel === 'open311' && catalogue.fixMyStreet;
      const resolvedAt = category === 'resolved' || category === 'closed' ? new Date(resolved) : null;
      await cases.add([
        id, referenceOf(n, options.seed), rt.serviceId, rt.id, rt.version, channel, '{}', '{}', status, new Date(received), 1 + (status === 'received' ? 0 : 2), 'default', category,
        team, assignee, customer >= 0 ? customerIds[customer]! : null,
        located ? `${1 + random.int(120)} ${random.pick(STREETS)}, Brackenfield` : null, lat, lon, located ? random.pick(WARDS) : null,
        open311 ? catalogue.fixMyStreet : null, open311 ? `fms-${seedHash.toString(16)}-${n}` : null,
        resolvedAt, category === 'closed' ? new Date(closed) : null, new Date(changedAt), nextDue === null ? null : new Date(nextDue),
      ]);
      await events.add([id, 'received', new Date(received), open311 ? 'client_system' : 'system', open311 ? 'FixMyStreet (demo)' : 'CharterDesk', true, '{}']);
      if (status !== 'received') await events.add([id, 'status_changed', new Date(changedAt), 'staff', 'Generated officer', true, JSON.stringify({ from: 'received', to: status })]);
    }
    await cases.flush();
    await clocks.flush();
    await events.flush();
    step('cases, clocks and events', counts.cases + counts.clocks + counts.events, since);

    // Contacts, each assisted one logged by an advisor at a location.
    since = performance.now();
    const contacts = loader('contact', ['id', 'channel', 'direction', 'received_at', 'case_id', 'customer_id', 'status', 'handled_by_label', 'handled_at', 'created_at', 'location_id', 'service_id', 'request_type_id', 'reason', 'outcome', 'avoidable', 'avoidable_type', 'duration_seconds', 'advisor_id'], 'contacts');
    const contactDays = dayWeights(from, days, 0.2);
    const contactMixes = Array.from({ length: 12 }, (_, m) => channelMix(CONTACT_CHANNELS_START, CONTACT_SHIFT, m / 11));
    const location = (code: string) => catalogue.locations.get(code) ?? null;
    const placeOf = (channel: string): string | null =>
      channel === 'face_to_face' ? location(random.chance(0.7) ? 'town_hall' : 'library_help_point')
        : channel === 'kiosk' ? location('library_help_point')
          : channel === 'letter' ? location('mail_room')
            : channel === 'web' ? null : location('contact_centre');
    /** The first case received at or after `at` (cases are in the order received). */
    const caseFrom = (at: number): number => {
      let low = 0;
      let high = options.cases;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (caseAt[mid]! < at) low = mid + 1;
        else high = mid;
      }
      return Math.min(low, options.cases - 1);
    };
    for (let n = 0; n < options.contacts; n++) {
      const t = n / Math.max(1, options.contacts);
      const channel = contactMixes[Math.min(11, Math.floor(t * 12))]!(random);
      const assisted = ASSISTED.has(channel) || channel === 'kiosk';
      let at = from.getTime() + dayAt(contactDays, (n + random.next()) / options.contacts) * DAY + timeOfDay(random, ASSISTED.has(channel));
      const outcome = random.chance(FCR[channel] ?? 0.75) ? 'resolved' : NOT_RESOLVED(random);
      const recorded = random.chance(0.95);
      const avoidable = recorded ? random.chance(0.18) : null;
      const avoidableType = avoidable ? AVOIDABLE_TYPE(random) : null;
      let caseIndex = -1;
      if (options.cases > 0 && outcome === 'case_raised') {
        // The case raised then: the first received after this moment on the same channel, if one is close.
        const first = caseFrom(at);
        caseIndex = first;
        for (let k = first; k < Math.min(options.cases, first + 40); k++) if (caseChannel[k] === channel) { caseIndex = k; break; }
        at = caseAt[caseIndex]!;
      } else if (options.cases > 0 && avoidableType === 'chasing_progress' && random.chance(0.7)) {
        caseIndex = caseFrom(at - random.between(2, 30) * DAY); // chasing a case received some days before
        if (caseAt[caseIndex]! > at) caseIndex = -1;
      }
      const rt = caseIndex >= 0 ? catalogue.requestTypes[caseType[caseIndex]!]! : random.chance(0.85) ? pickRequestType(random) : null;
      const customer = caseIndex >= 0 && caseCustomer[caseIndex]! >= 0 ? caseCustomer[caseIndex]! : assisted && customerIds.length && random.chance(0.55) ? random.int(customerIds.length) : -1;
      const [shortest, longest] = DURATION[channel] ?? [60, 600];
      const duration = channel === 'web' ? null : Math.round(random.between(shortest, longest));
      const advisor = assisted ? advisors[random.int(advisors.length)]! : null;
      const handled = new Date(at + (duration ?? 0) * 1000);
      await contacts.add([
        generatedId(seedHash, TAG.contact, n), channel, random.chance(0.05) && assisted ? 'outbound' : 'inbound', new Date(at),
        caseIndex >= 0 ? generatedId(seedHash, TAG.case, caseIndex) : null, customer >= 0 ? customerIds[customer]! : null,
        'handled', advisor?.name ?? 'Website', handled, handled, placeOf(channel), rt?.serviceId ?? null, rt?.id ?? null,
        random.pick(REASONS), outcome, avoidable, avoidableType, duration, advisor?.id ?? null,
      ]);
    }
    await contacts.flush();
    step('contacts', counts.contacts, since);
    return counts;
  };

  if (target.engine === 'postgres' && !target.url) throw new Error('generateCouncilYear: PostgreSQL needs the database URL (COPY runs on a connection of its own)');
  const counts = target.engine === 'postgres' ? await withPostgresCopy(target.url!, load) : await withPgliteCopy(db, load);
  const loaded = performance.now();
  await sql`ANALYZE`.execute(db);
  log(`  ANALYZE                            ${((performance.now() - loaded) / 1000).toFixed(1).padStart(21)} s`);
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { counts, from, until, seconds, rowsPerSecond: rows / seconds };
}
