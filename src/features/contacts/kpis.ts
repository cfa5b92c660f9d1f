// The contact log's key performance indicators (definitions also in README.md): first contact
// resolution, avoidable contact, contacts by channel (with the requests residents made themselves
// on the web and through Open311, which raise a case and are never logged as a contact), the
// self-service share (channel shift), and cost to serve at the unit costs administrators set.
// Each figure is counted by the functions the measures page uses (`contactMeasures`), so the
// dashboard, the review and that page agree.
import type { Db } from '../../platform/db/database.js';
import {
  countOf, percentOf, totalsAtOnce, type Breakdown, type Kpi, type KpiFigure, type KpiRecord, type KpiRecords, type KpiResult, type KpiRow, type KpiSource, type Range, type RecordFilter,
} from '../../platform/kpi/index.js';
import { formatDate } from '../../platform/views/environment.js';
import { countSelfServiceRequests, listSelfServiceRequests, SELF_SERVICE_CASE_CHANNELS, type SelfServiceCount, type SelfServiceGrouping } from '../cases/self-service.js';
import { CHANNELS, type Channel } from '../charter/model.js';
import { AVOIDABLE_TYPE_NAMES, AVOIDABLE_TYPES, channelName, NATIONAL_FCR_TARGET, OUTCOME_NAMES, type AvoidableType, type MeasureGrouping } from './model.js';
import { contactMeasures, measureContacts, type ContactMeasures, type MeasureContactQuery, type MeasureContactRow } from './service.js';
import { formatPence } from './unit-costs/model.js';
import { unitCostsAt, type UnitCost } from './unit-costs/service.js';

/** Self-service channels: a resident helps themselves, no advisor's time. */
export const SELF_SERVICE_CHANNELS: readonly Channel[] = ['web', 'open311', 'kiosk'];

/** The location row of requests residents made themselves: no council location served them. */
export const SELF_SERVICE_LOCATION = 'self_service';
const SELF_SERVICE_LOCATION_NAME = 'Self-service (web form and Open311)';

/** Red below this first contact resolution: five points under the national target of 75%. */
export const FCR_RED = 70;

// ---- shared reads

/**
 * The review and the dashboard ask every KPI for the same period at once (Promise.all), and six
 * of these KPIs rest on the same two counts: a read already under way for the same database,
 * period and grouping is shared rather than run again. Nothing is kept once it has settled, so a
 * later call always reads afresh.
 */
const inFlight = new WeakMap<Db, Map<string, Promise<unknown>>>();

function shared<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map<string, Promise<unknown>>();
    inFlight.set(db, running);
  }
  const existing = running.get(key);
  if (existing) return existing as Promise<T>;
  const started = load().finally(() => running.delete(key));
  running.set(key, started);
  return started;
}

const rangeKey = (range: Range) => `${range.from.toISOString()}/${range.to.toISOString()}`;

const measures = (db: Db, range: Range, by: MeasureGrouping, channels?: readonly string[]): Promise<ContactMeasures> =>
  shared(db, `measures:${by}:${channels?.join(',') ?? '*'}:${rangeKey(range)}`, () => contactMeasures(db, { from: range.from, to: range.to, by, ...(channels && { channels }) }));

const selfService = (db: Db, range: Range, by?: SelfServiceGrouping): Promise<SelfServiceCount[]> =>
  shared(db, `self-service:${by ?? 'all'}:${rangeKey(range)}`, () => countSelfServiceRequests(db, range, by));

const costsAt = (db: Db, at: Date): Promise<Map<string, UnitCost>> => shared(db, `unit-costs:${at.toISOString()}`, () => unitCostsAt(db, at));

// ---- volumes: contacts with an outcome plus self-service requests

interface VolumeRow {
  key: string;
  label: string;
  /** Contacts with an outcome plus self-service requests. */
  total: number;
  /** Of which on a self-service channel. */
  selfService: number;
}

type VolumeBreakdown = 'channel' | 'service' | 'location';

const channelOrder = (key: string) => {
  const i = (CHANNELS as readonly string[]).indexOf(key);
  return i === -1 ? CHANNELS.length : i;
};

/** Reading order: channels as the charter lists them; names alphabetically, with "none recorded" and self-service last. */
function sortRows<T extends { key: string; label: string }>(rows: T[], by: Breakdown): T[] {
  if (by === 'channel') return rows.sort((a, b) => channelOrder(a.key) - channelOrder(b.key));
  if (by === 'type') return rows;
  const rank = (key: string) => (key === SELF_SERVICE_LOCATION ? 2 : key === '' ? 1 : 0);
  return rows.sort((a, b) => rank(a.key) - rank(b.key) || a.label.localeCompare(b.label, 'en-GB'));
}

/** Every contact counted for volumes, grouped (one row, key 'all', without a grouping). */
async function volumes(db: Db, range: Range, by?: VolumeBreakdown): Promise<VolumeRow[]> {
  const grouping = by ?? 'channel';
  const [contacts, selfServiceContacts, requests] = await Promise.all([
    measures(db, range, grouping),
    // By channel the channel says which are self-service; by service they are counted apart (the
    // self-service share's breakdown); by location nobody asks.
    grouping === 'service' ? measures(db, range, grouping, SELF_SERVICE_CHANNELS) : undefined,
    selfService(db, range, grouping === 'location' ? undefined : grouping),
  ]);
  const rows = new Map<string, VolumeRow>();
  const row = (key: string, label: string) => rows.get(key) ?? rows.set(key, { key, label, total: 0, selfService: 0 }).get(key)!;
  for (const c of contacts.rows) {
    const r = row(c.key, c.name);
    r.total += c.contacts;
    if (grouping === 'channel' && SELF_SERVICE_CHANNELS.includes(c.key as Channel)) r.selfService += c.contacts;
  }
  for (const c of selfServiceContacts?.rows ?? []) row(c.key, c.name).selfService += c.contacts;
  for (const s of requests) {
    const key = grouping === 'location' ? SELF_SERVICE_LOCATION : s.key;
    const r = row(key, grouping === 'channel' ? channelName(key) : grouping === 'location' ? SELF_SERVICE_LOCATION_NAME : (s.label ?? key));
    r.total += s.requests;
    r.selfService += s.requests;
  }
  const list = sortRows([...rows.values()], grouping);
  return by ? list : [list.reduce((sum, r) => ({ ...sum, total: sum.total + r.total, selfService: sum.selfService + r.selfService }), { key: 'all', label: 'All contacts', total: 0, selfService: 0 })];
}

// ---- records: the contacts (and self-service requests) behind a figure

const contactReference = (c: MeasureContactRow) => `${formatDate(c.receivedAt)}, ${channelName(c.channel)}`;
const contactHref = (c: MeasureContactRow) => (c.caseReference ? `/staff/cases/${c.caseReference}` : c.customerId ? `/staff/customers/${c.customerId}` : null);

function contactRecord(c: MeasureContactRow, detail: string): KpiRecord {
  return { reference: contactReference(c), href: contactHref(c), at: c.receivedAt.toISOString(), service: c.serviceName ?? 'No service recorded', detail };
}

async function contactRecords(
  db: Db,
  range: Range,
  query: { set: MeasureContactQuery['set']; filter?: RecordFilter; limit: number },
  detail: (c: MeasureContactRow) => string,
): Promise<KpiRecords> {
  const filter = contactFilter(query.filter);
  if (filter === null) return { kind: 'contacts', rows: [], total: 0 };
  const found = await measureContacts(db, range, { set: query.set, ...(filter && { filter }), limit: query.limit });
  return { kind: 'contacts', rows: found.rows.map((c) => contactRecord(c, detail(c))), total: found.total };
}

type ContactGrouping = Extract<MeasureGrouping, Breakdown>;
const isGrouping = (by: Breakdown): by is ContactGrouping => by === 'channel' || by === 'service' || by === 'advisor' || by === 'location';

/** A breakdown row as a filter on contacts; undefined when no contact can be in it (a self-service row). */
function contactFilter(filter: RecordFilter | undefined): MeasureContactQuery['filter'] | null | undefined {
  if (!filter) return undefined;
  if (filter.by === 'location' && filter.key === SELF_SERVICE_LOCATION) return null;
  if (filter.by === 'type') return { by: 'type', key: filter.key };
  return isGrouping(filter.by) ? { by: filter.by, key: filter.key } : null;
}

/** A breakdown row as a filter on self-service requests; null when no request can be in it. */
function requestFilter(filter: RecordFilter | undefined): { channel?: string; serviceId?: string } | null {
  if (!filter) return {};
  if (filter.by === 'channel') return (SELF_SERVICE_CASE_CHANNELS as readonly string[]).includes(filter.key) ? { channel: filter.key } : null;
  if (filter.by === 'service') return filter.key === '' ? null : { serviceId: filter.key };
  if (filter.by === 'location') return filter.key === SELF_SERVICE_LOCATION ? {} : null;
  return null;
}

/**
 * The contacts and self-service requests behind a volume (one breakdown row's), newest first: the
 * first `limit` of each kind merged, so the first `limit` of both together are right.
 */
async function volumeRecords(
  db: Db,
  range: Range,
  options: { filter?: RecordFilter; limit: number },
  describe: { contact: (c: MeasureContactRow) => string; request: (channel: string) => string },
): Promise<KpiRecords> {
  const onContacts = contactFilter(options.filter);
  const onRequests = requestFilter(options.filter);
  const [contacts, requests] = await Promise.all([
    onContacts === null ? { rows: [], total: 0 } : measureContacts(db, range, { set: 'with_outcome', ...(onContacts && { filter: onContacts }), limit: options.limit }),
    onRequests === null ? { rows: [], total: 0 } : listSelfServiceRequests(db, range, { ...onRequests, limit: options.limit }),
  ]);
  const rows = [
    ...contacts.rows.map((c) => ({ at: c.receivedAt, record: contactRecord(c, describe.contact(c)) })),
    ...requests.rows.map((r) => ({
      at: r.receivedAt,
      record: { reference: r.reference, href: `/staff/cases/${r.reference}`, at: r.receivedAt.toISOString(), service: r.serviceName, detail: describe.request(r.channel) },
    })),
  ];
  rows.sort((a, b) => b.at.getTime() - a.at.getTime());
  return { kind: 'contacts', rows: rows.slice(0, options.limit).map((r) => r.record), total: contacts.total + requests.total };
}

const requestWords = (channel: string) => `Self-service request (${channelName(channel)})`;
const outcomeWords = (c: MeasureContactRow) => OUTCOME_NAMES[c.outcome];

// ---- first contact resolution and avoidable contact

const FCR_DEFINITION =
  'Contacts resolved at first contact, with no follow-up needed, as a share of contacts with an outcome received in the period, on every channel an advisor logs. ' +
  'A case raised, a contact passed to the back office, signposted elsewhere or needing no action is not resolved at first contact; an inbound email nobody has dealt with yet is not counted. ' +
  `Compared with the national target of ${NATIONAL_FCR_TARGET * 100}%; below ${FCR_RED}% is red.`;

const fcr: Kpi = {
  code: 'contacts.fcr',
  name: 'First contact resolution',
  definition: FCR_DEFINITION,
  unit: 'percent',
  direction: 'higher',
  breakdowns: ['channel', 'service', 'advisor', 'location'],
  defaultTarget: { target: NATIONAL_FCR_TARGET * 100, red: FCR_RED },
  async compute(db, range, by) {
    const m = await measures(db, range, by && isGrouping(by) ? by : 'channel');
    const figure = (c: { resolvedFirstContact: number; withOutcome: number }) => percentOf(c.resolvedFirstContact, c.withOutcome);
    const rows = by && isGrouping(by) ? sortRows(m.rows.map((r) => ({ key: r.key, label: r.name, figure: figure(r) })), by) : [];
    return { total: figure(m.total), rows };
  },
  records: (db, range, options) =>
    contactRecords(db, range, { set: 'with_outcome', ...options }, outcomeWords),
};

const avoidable: Kpi = {
  code: 'contacts.avoidable',
  name: 'Avoidable contact',
  definition:
    'Contacts marked avoidable as a share of contacts where avoidable was recorded (yes or no), received in the period: the former national indicator NI14. ' +
    'Avoidable means of low or no value to the customer: chasing progress, repeat contact, not understood, wrongly routed or unnecessary clarification. ' +
    'By type, each row is the contacts of that type as a share of all contacts where avoidable was recorded, so the rows add up to the total.',
  unit: 'percent',
  direction: 'lower',
  breakdowns: ['type', 'channel', 'service'],
  async compute(db, range, by) {
    const m = await measures(db, range, by === 'channel' || by === 'service' ? by : 'channel');
    const total = percentOf(m.total.avoidable, m.total.avoidableRecorded);
    if (by === 'type') {
      const rows = AVOIDABLE_TYPES.map((t: AvoidableType) => ({ key: t, label: AVOIDABLE_TYPE_NAMES[t], figure: percentOf(m.total.byAvoidableType[t], m.total.avoidableRecorded) }));
      return { total, rows };
    }
    const rows = by === 'channel' || by === 'service' ? sortRows(m.rows.map((r) => ({ key: r.key, label: r.name, figure: percentOf(r.avoidable, r.avoidableRecorded) })), by) : [];
    return { total, rows };
  },
  records: (db, range, options) =>
    contactRecords(db, range, { set: 'avoidable_recorded', ...options }, (c) =>
      c.avoidable && c.avoidableType ? `Avoidable: ${AVOIDABLE_TYPE_NAMES[c.avoidableType]}` : 'Not avoidable'),
};

// ---- volumes and channel shift

const COUNTED =
  'contacts with an outcome received in the period on every channel, plus the requests residents made themselves on the web form and through Open311 (FixMyStreet and other apps), ' +
  'which raise a case directly and are never logged as a contact';

const asRows = (rows: VolumeRow[], figure: (r: VolumeRow) => KpiFigure): KpiRow[] => rows.map((r) => ({ key: r.key, label: r.label, figure: figure(r) }));

const volume: Kpi = {
  code: 'contacts.volume',
  name: 'Contacts by channel',
  definition: `How many contacts the council had: ${COUNTED}. An inbound email nobody has dealt with yet is not counted. By channel over time, this is the channel mix.`,
  unit: 'count',
  direction: 'neither',
  breakdowns: ['channel', 'service', 'location'],
  trendBy: 'channel',
  async compute(db, range, by) {
    const grouping = by === 'channel' || by === 'service' || by === 'location' ? by : undefined;
    const [all, rows] = await Promise.all([volumes(db, range), grouping ? volumes(db, range, grouping) : Promise.resolve([])]);
    return { total: countOf(all[0]!.total), rows: asRows(rows, (r) => countOf(r.total)) };
  },
  records: (db, range, options) => volumeRecords(db, range, options, { contact: outcomeWords, request: requestWords }),
};

const selfServiceShare: Kpi = {
  code: 'contacts.self_service_share',
  name: 'Self-service share (channel shift)',
  definition:
    `Contacts on self-service channels (the web, Open311 and kiosks) as a share of all contacts: ${COUNTED}. ` +
    'A rising share means demand has moved to cheaper channels.',
  unit: 'percent',
  direction: 'higher',
  breakdowns: ['service'],
  async compute(db, range, by) {
    const [all, rows] = await Promise.all([volumes(db, range), by === 'service' ? volumes(db, range, 'service') : Promise.resolve([])]);
    const share = (r: VolumeRow) => percentOf(r.selfService, r.total);
    return { total: share(all[0]!), rows: asRows(rows, share) };
  },
  records: (db, range, options) =>
    volumeRecords(db, range, options, {
      contact: (c) => (SELF_SERVICE_CHANNELS.includes(c.channel as Channel) ? 'Self-service' : 'Assisted'),
      request: requestWords,
    }),
};

// ---- cost to serve

interface ChannelCost {
  key: string;
  label: string;
  contacts: number;
  /** The unit cost in force at the period's end; undefined when the channel is not costed. */
  pence?: number;
}

/** Each channel's contacts with the unit cost in force at the end of the range. */
async function channelCosts(db: Db, range: Range): Promise<ChannelCost[]> {
  const [rows, costs] = await Promise.all([volumes(db, range, 'channel'), costsAt(db, range.to)]);
  return rows.map((r) => ({ key: r.key, label: r.label, contacts: r.total, ...(costs.has(r.key) && { pence: costs.get(r.key)!.pence }) }));
}

const costed = (channels: ChannelCost[]) => channels.filter((c): c is ChannelCost & { pence: number } => c.pence !== undefined);
const notCostedLabel = (c: ChannelCost) => `${c.label} (not costed)`;

/** The whole: null when no contact could be costed (nothing to cost is no data, not £0). */
function costFigure(channels: ChannelCost[], perContact: boolean): KpiFigure {
  const priced = costed(channels);
  const contacts = priced.reduce((n, c) => n + c.contacts, 0);
  const pence = priced.reduce((n, c) => n + c.contacts * c.pence, 0);
  if (!contacts) return { value: null, count: 0 };
  return { value: perContact ? Math.round(pence / contacts) / 100 : pence / 100, count: contacts };
}

const COST_RULES =
  'Unit costs are set by administrators (Contacts, Unit costs); CharterDesk starts with the Socitm benchmark: face to face £8.62, phone £2.83, web £0.15, and Open311 and kiosks as the web. ' +
  'A period is costed at the unit costs in force at its end. A channel with no unit cost is shown as not costed in the breakdown by channel and left out of the figure.';

/** The rules, with the channels not costed today named. */
function costRules(notCosted: string[]): string {
  return notCosted.length ? `${COST_RULES} Not costed now: ${notCosted.join(', ')}.` : COST_RULES;
}

function costKpiList(notCosted: string[]): Kpi[] {
  return [
    {
      code: 'cost.total',
      name: 'Cost to serve',
      definition: `Each channel’s contacts in the period (${COUNTED}) times the unit cost of one contact on that channel, added up. ${costRules(notCosted)}`,
      unit: 'pounds',
      direction: 'lower',
      breakdowns: ['channel'],
      async compute(db, range, by): Promise<KpiResult> {
        const channels = await channelCosts(db, range);
        const rows = by === 'channel'
          ? channels.map((c) => (c.pence === undefined ? { key: c.key, label: notCostedLabel(c), figure: { value: null, count: c.contacts } } : { key: c.key, label: c.label, figure: { value: (c.contacts * c.pence) / 100, count: c.contacts } }))
          : [];
        return { total: costFigure(channels, false), rows };
      },
      records: (db, range, options) => costRecords(db, range, options),
    },
    {
      code: 'cost.per_contact',
      name: 'Cost per contact',
      definition: `Cost to serve divided by the contacts on costed channels in the period: what one contact cost on average. By channel, each row is that channel’s unit cost. ${costRules(notCosted)}`,
      unit: 'pounds',
      direction: 'lower',
      breakdowns: ['channel'],
      async compute(db, range, by): Promise<KpiResult> {
        const channels = await channelCosts(db, range);
        const rows = by === 'channel'
          ? channels.map((c) => ({ key: c.key, label: c.pence === undefined ? notCostedLabel(c) : c.label, figure: { value: c.pence === undefined ? null : c.pence / 100, count: c.contacts } }))
          : [];
        return { total: costFigure(channels, true), rows };
      },
      records: (db, range, options) => costRecords(db, range, options),
    },
  ];
}

/** The contacts behind a cost, each with the unit cost it was counted at. */
async function costRecords(db: Db, range: Range, options: { filter?: RecordFilter; limit: number }): Promise<KpiRecords> {
  const costs = await costsAt(db, range.to);
  const priced = (channel: string) => {
    const cost = costs.get(channel);
    return cost ? `Costed at ${formatPence(cost.pence)}` : 'Not costed';
  };
  return volumeRecords(db, range, options, { contact: (c) => priced(c.channel), request: priced });
}

// ---- the sources

export const contactsKpis: KpiSource = {
  section: { code: 'contacts', title: 'Contacts and channel shift', order: 20 },
  kpis: () => Promise.resolve([fcr, avoidable, volume, selfServiceShare]),
  // All at once, so the shared reads above count each period once for the four KPIs (and for cost's two).
  totals: totalsAtOnce,
};

export const costKpis: KpiSource = {
  section: { code: 'cost', title: 'Cost to serve', order: 30 },
  kpis: async (db) => {
    const costs = await unitCostsAt(db);
    return costKpiList(CHANNELS.filter((c) => !costs.has(c)).map(channelName));
  },
  totals: totalsAtOnce,
};
