// Raising a case: one request, recorded once, with the request type and standard versions that
// apply at the moment it is received. (The lifecycle, queues and clocks build on this.)
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../platform/db/database.js';
import type { Channel } from '../charter/model.js';
import type { RequestType } from '../charter/request-types.js';
import { listStandards } from '../charter/service.js';
import { getWorkingCalendar } from '../calendar/service.js';
import { dueAt } from './due-dates.js';
import { newReference } from './reference.js';
import { claimPendingUploads } from './uploads.js';

export interface ContactDetails {
  name?: string;
  email?: string;
  phone?: string;
}

export interface NewCase {
  requestType: RequestType;
  channel: Channel;
  answers: Record<string, unknown>;
  contact: ContactDetails;
  receivedAt: Date;
  /** Pending uploads (uploads.ts) to attach; the case is not raised unless all of them are. */
  attachmentIds?: string[];
}

export interface RaisedCase {
  id: string;
  reference: string;
}

const UNIQUE_VIOLATION = '23505';

export async function raiseCase(db: Db, actor: Actor, input: NewCase): Promise<RaisedCase> {
  // A clash of random references is vanishingly rare, but a retry costs nothing.
  for (let attempt = 0; ; attempt++) {
    try {
      return await inTransaction(db, (trx) => insertCase(trx, actor, input, newReference()));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw error;
    }
  }
}

async function insertCase(db: Db, actor: Actor, input: NewCase, reference: string): Promise<RaisedCase> {
  const { requestType } = input;
  const { id } = await db
    .insertInto('cases')
    .values({
      reference,
      service_id: requestType.serviceId,
      request_type_id: requestType.id,
      request_type_version: requestType.version,
      channel: input.channel,
      answers: JSON.stringify(input.answers),
      contact: JSON.stringify(input.contact),
      received_at: input.receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const attachmentIds = input.attachmentIds ?? [];
  await claimPendingUploads(db, { caseId: id, requestTypeId: requestType.id, ids: attachmentIds, at: input.receivedAt });
  const standards = (await listStandards(db, [requestType.serviceId])).filter((s) => requestType.standardIds.includes(s.id));
  if (standards.length) {
    // Clocks that start on receipt start now; others start when their event happens.
    const working = await getWorkingCalendar(db);
    await db
      .insertInto('case_standard')
      .values(
        standards.map((s) => {
          const started = s.startEvent === 'received';
          return {
            case_id: id,
            standard_id: s.id,
            standard_version: s.version,
            started_at: started ? input.receivedAt : null,
            due_at: started ? dueAt(working.calendar, { unit: s.clockUnit, amount: s.clockAmount }, input.receivedAt) : null,
            calendar_version_id: started ? working.version.id : null,
          };
        }),
      )
      .execute();
  }
  await db
    .insertInto('case_event')
    .values({ case_id: id, type: 'received', at: input.receivedAt, actor_type: actor.type, actor_label: actor.label, public: true, detail: JSON.stringify({ channel: input.channel }) })
    .execute();
  await recordAudit(db, actor, { action: 'case.raised', subjectType: 'case', subjectId: id, detail: { reference, requestType: requestType.code, channel: input.channel, attachments: attachmentIds.length } });
  return { id, reference };
}
