// Raising a case: one request, recorded once, from any channel, with the request type and standard
// versions that apply at the moment it is received. The lifecycle after that is in lifecycle.ts.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import type { Channel } from '../charter/model.js';
import type { RequestType } from '../charter/request-types.js';
import { getService, listStandards } from '../charter/service.js';
import type { CaseContext } from './lifecycle.js';
import { CaseChange } from './lifecycle.js';
import { notifyResident } from './notify.js';
// Registers the listener that moves open cases' due dates when the calendar changes.
import './due-dates.js';
import { newReference } from './reference.js';
import * as store from './store.js';
import { claimPendingUploads } from './uploads.js';
import { initialStatus } from './workflow/model.js';
import { ruleOf, type CaseClock } from './clocks.js';

export interface ContactDetails {
  name?: string;
  email?: string;
  phone?: string;
}

/** Where the problem is: any of an address, a UPRN (the national property identifier) and a position. */
export interface CaseLocation {
  address?: string;
  uprn?: string;
  latitude?: number;
  longitude?: number;
  ward?: string;
}

export interface NewCase {
  requestType: RequestType;
  channel: Channel;
  answers: Record<string, unknown>;
  contact: ContactDetails;
  receivedAt: Date;
  location?: CaseLocation;
  customerId?: string | null;
  /** The client system that sent it and its own reference for it: a retry returns the first case. */
  client?: { systemId: string; reference?: string };
  /** Pending uploads (uploads.ts) to attach; the case is not raised unless all of them are. */
  attachmentIds?: string[];
  /** What a client system sent beyond the request type's fields, kept for staff (Open311: description, media URLs, unknown attributes). */
  clientData?: Record<string, unknown>;
  /**
   * More work in the same transaction, before the case is saved: a feature that builds on cases
   * (complaints) records its own facts and moves the new case's clocks here, so nothing is half-saved.
   */
  within?: (change: CaseChange) => Promise<void> | void;
  /** The notification sent to the resident on receipt; null: the caller sends its own. */
  receivedTemplate?: string | null;
}

export interface RaisedCase {
  id: string;
  reference: string;
  /** The secret of the resident's private tracking link; absent when a retry found an existing case. */
  trackingToken?: string;
  /** True when a client system's retry found the case it raised before. */
  existing?: boolean;
}

const UNIQUE_VIOLATION = '23505';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function raiseCase(ctx: CaseContext, input: NewCase): Promise<RaisedCase> {
  // A clash of random references is vanishingly rare, but a retry costs nothing.
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(ctx.db, (trx) => insertCase({ ...ctx, db: trx }, input, newReference()));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw error;
      const earlier = await findClientCase(ctx.db, input.client);
      if (earlier) return earlier;
    }
  }
}

async function findClientCase(db: Db, client: NewCase['client']): Promise<RaisedCase | undefined> {
  if (!client?.reference) return undefined;
  const row = await db
    .selectFrom('cases')
    .select(['id', 'reference'])
    .where('client_system_id', '=', client.systemId)
    .where('client_reference', '=', client.reference)
    .executeTakeFirst();
  return row && { ...row, existing: true };
}

// One round trip costs more than the work between them, so raising a case reads what it needs
// once and writes each table once: the case, its clocks, its events, the notification, the audit.
async function insertCase(ctx: CaseContext, input: NewCase, reference: string): Promise<RaisedCase> {
  const { db } = ctx;
  const earlier = await findClientCase(db, input.client);
  if (earlier) return earlier;
  const { requestType } = input;
  const workflow = await store.selectWorkflow(db, requestType.workflowCode);
  const status = initialStatus(workflow);
  const service = await getService(db, { id: requestType.serviceId });
  const trackingToken = randomBytes(24).toString('base64url');
  const location = input.location ?? {};
  const kase = await store.insertCase(db, {
    reference,
    service_id: requestType.serviceId,
    request_type_id: requestType.id,
    request_type_version: requestType.version,
    workflow_code: workflow.code,
    status: status.code,
    status_category: status.category,
    channel: input.channel,
    answers: JSON.stringify(input.answers),
    contact: JSON.stringify(input.contact),
    received_at: input.receivedAt,
    updated_at: input.receivedAt,
    team_id: requestType.teamId ?? service.teamId,
    customer_id: input.customerId ?? null,
    location_address: location.address ?? null,
    location_uprn: location.uprn ?? null,
    latitude: location.latitude ?? null,
    longitude: location.longitude ?? null,
    ward: location.ward ?? null,
    client_system_id: input.client?.systemId ?? null,
    client_reference: input.client?.reference ?? null,
    tracking_token_hash: hashToken(trackingToken),
    client_data: input.clientData ? JSON.stringify(input.clientData) : null,
  });
  const attachmentIds = input.attachmentIds ?? [];
  // Attached when recorded, which for a letter logged a day late is after it was received.
  if (attachmentIds.length) await claimPendingUploads(db, { caseId: kase.id, requestTypeId: requestType.id, ids: attachmentIds, at: ctx.now });
  // The case is received at receivedAt, whenever it is recorded (a letter logged the next day).
  const change = new CaseChange(db, { ...ctx, now: input.receivedAt }, kase, workflow, await clocksFor(db, requestType));
  change.newClocks = true;
  change.names = { service: service.name, requestType: requestType.name };
  change.milestone('received');
  change.record('received', { channel: input.channel }, { public: true });
  await input.within?.(change);
  await change.save();
  const template = input.receivedTemplate === undefined ? 'case.received' : input.receivedTemplate;
  if (template) await notifyResident(change, template, { token: trackingToken, status: status.publicName });
  await recordAudit(db, ctx.actor, { action: 'case.raised', subjectType: 'case', subjectId: kase.id, detail: { reference, requestType: requestType.code, channel: input.channel, attachments: attachmentIds.length } });
  return { id: kase.id, reference, trackingToken };
}

/** The request type's standards, each fixed at its current version, as clocks not started yet. */
async function clocksFor(db: Db, requestType: RequestType): Promise<CaseClock[]> {
  const standards = (await listStandards(db, [requestType.serviceId])).filter((s) => requestType.standardIds.includes(s.id));
  return standards.map((s) => ({
    standardId: s.id,
    standardVersion: s.version,
    sentence: s.sentence,
    rule: ruleOf(s.clockUnit, s.clockAmount, s.atRiskPercent),
    startEvent: s.startEvent,
    stopEvent: s.stopEvent,
    extensionLimit: s.extensionLimit,
    events: [],
    void: false,
  }));
}
