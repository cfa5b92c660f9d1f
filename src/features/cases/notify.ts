// The resident's notifications about their case, queued in the outbox inside the change's own
// transaction: if the change is rolled back, so is the message; if it is saved, the message will be
// delivered (or its failure shown to staff), never lost.
import { queueNotification } from '../../platform/outbox/outbox.js';
import type { Db } from '../../platform/db/database.js';
import { formatDay } from '../../platform/views/environment.js';
import { getWorkingCalendar, type WorkingCalendar } from '../calendar/service.js';
import { createRatingLink } from '../insight/ratings/service.js';
import { isRunning, recordOf, type CaseClock } from './clocks.js';
import type { CaseRow } from './store.js';

/** A case being changed (lifecycle.ts CaseChange): what a notification about it needs. */
export interface NotifySubject {
  trx: Db;
  ctx: { now: Date; publicUrl: string };
  kase: CaseRow;
  clocks: readonly CaseClock[];
  workingCalendar(): Promise<WorkingCalendar>;
  names?: { service: string; requestType: string };
}

/** The day the resident can expect the work done by: the latest due date of the clocks still running. */
export async function promisedDay(db: Db, clocks: readonly CaseClock[], now: Date, working?: WorkingCalendar): Promise<Date | null> {
  const running = clocks.filter(isRunning);
  if (!running.length) return null;
  const { calendar } = working ?? (await getWorkingCalendar(db));
  const dues = running.map((c) => recordOf(calendar, c, now).dueAt).filter((d): d is Date => d !== null);
  return dues.length ? new Date(Math.max(...dues.map((d) => d.getTime()))) : null;
}

export function trackingUrl(publicUrl: string, token?: string): string {
  return token ? `${publicUrl}/track/${token}` : `${publicUrl}/track`;
}

/**
 * Queues `template` to the case's contact, if they gave an email address or phone number. With a
 * `ratingPurpose` (acknowledged, resolved, closed) it makes a one-use rating link for ((rating_url)).
 */
export async function notifyResident(subject: NotifySubject, template: string, extra: { message?: string; status?: string; token?: string; ratingPurpose?: 'acknowledgement' | 'closure' } = {}): Promise<void> {
  const { trx, kase, ctx } = subject;
  const to = { email: kase.contact.email || undefined, phone: kase.contact.phone || undefined };
  if (!to.email && !to.phone) return;
  const names = subject.names ?? await trx
    .selectFrom('cases')
    .innerJoin('service as s', 's.id', 'cases.service_id')
    .innerJoin('request_type_version as v', (join) => join.onRef('v.request_type_id', '=', 'cases.request_type_id').onRef('v.version', '=', 'cases.request_type_version'))
    .select(['v.name as requestType', 's.name as service'])
    .where('cases.id', '=', kase.id)
    .executeTakeFirstOrThrow();
  const due = await promisedDay(trx, subject.clocks, ctx.now, await subject.workingCalendar());
  await queueNotification(trx, {
    template,
    to,
    caseId: kase.id,
    personalisation: {
      reference: kase.reference,
      name: kase.contact.name || 'Sir or Madam',
      service: names.service,
      request_type: names.requestType,
      message: extra.message ?? '',
      status: extra.status ?? '',
      due_date: due ? formatDay(due) : 'as soon as we can',
      tracking_url: trackingUrl(ctx.publicUrl, extra.token),
      rating_url: extra.ratingPurpose ? `${ctx.publicUrl}${await createRatingLink(trx, { caseId: kase.id, purpose: extra.ratingPurpose, now: ctx.now })}` : '',
    },
  });
}
