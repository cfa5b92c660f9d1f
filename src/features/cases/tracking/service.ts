// What a resident can do with their own request: find it (by its private link, or by its reference
// and the email address or phone number they gave with it), see where it has got to, and add
// information to it. Nothing here shows their contact details back to them.
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput } from '../../../platform/errors.js';
import { selectRequestTypeVersion } from '../case-page/queries.js';
import { addCustomerInformation, CaseNotFound, type CaseContext } from '../lifecycle.js';
import { promisedDay } from '../notify.js';
import { parseReference } from '../reference.js';
import { hashToken } from '../service.js';
import * as store from '../store.js';
import { isFinished, statusOf, type StatusCategory } from '../workflow/model.js';
import { contactMatches, latestUpdate, NOT_FOUND, parseContact, publicTimeline, type TrackingItem } from './model.js';
import { selectCaseIdByTokenHash } from './store.js';

/** How a resident reached their case: the private link, or their reference and contact details. */
export type TrackedVia = 'link' | 'reference';

// A private link's secret is 24 random bytes in base64url (service.ts): anything else is not one.
const TOKEN = /^[\w-]{32}$/;

export async function findByToken(db: Db, token: string): Promise<string | undefined> {
  if (!TOKEN.test(token)) return undefined;
  return (await selectCaseIdByTokenHash(db, hashToken(token)))?.id;
}

/** Whether `token` is the private link of the case `reference`: only then is it shown back. */
export async function isTokenOf(db: Db, reference: string, token: string | undefined): Promise<boolean> {
  if (!token || !TOKEN.test(token)) return false;
  return (await selectCaseIdByTokenHash(db, hashToken(token)))?.reference === reference;
}

/**
 * The case the resident's reference and contact details name. A mistake in either is said field
 * by field; a reference that does not exist and details that do not match it get the same answer,
 * so nobody learns which references exist.
 */
export async function findByReference(db: Db, input: { reference: string; contact: string }): Promise<string> {
  const reference = parseReference(input.reference);
  const contact = parseContact(input.contact);
  if (!reference.ok || !contact.ok) {
    throw new InvalidInput([
      ...(reference.ok ? [] : [{ field: 'reference', message: reference.message }]),
      ...(contact.ok ? [] : [{ field: 'contact', message: contact.message }]),
    ]);
  }
  const kase = await store.selectCase(db, { reference: reference.reference });
  if (!kase || !contactMatches(kase.contact, contact.contact)) throw new InvalidInput([{ field: 'reference', message: NOT_FOUND }]);
  return kase.id;
}

export interface TrackingView {
  reference: string;
  requestType: string;
  /** The status's public name. */
  status: string;
  category: StatusCategory;
  receivedAt: Date;
  /** Waiting for the resident: `question` is what they are asked. */
  waiting: boolean;
  question?: string;
  finished: boolean;
  /** While the case is worked: the day the council aims to be done by (null when no standard's clock runs). */
  aimBy: Date | null;
  /** Once finished: when it was resolved or closed. */
  finishedAt: Date | null;
  timeline: TrackingItem[];
}

export async function viewCase(db: Db, caseId: string, now: Date): Promise<TrackingView> {
  const kase = await store.selectCase(db, { id: caseId });
  if (!kase) throw new CaseNotFound(caseId);
  const [workflow, events, clocks, requestType] = await Promise.all([
    store.selectWorkflow(db, kase.workflowCode),
    store.selectEvents(db, kase.id, { publicOnly: true }),
    store.selectClocks(db, kase.id),
    selectRequestTypeVersion(db, kase.requestTypeId, kase.requestTypeVersion),
  ]);
  const status = statusOf(workflow, kase.status);
  const waiting = status.category === 'waiting';
  const finished = isFinished(status);
  // A cancelled or duplicate case has no resolved or closed time of its own: it ended with its last status change.
  const lastMove = events.findLast((e) => e.type === 'status_changed')?.at ?? null;
  return {
    reference: kase.reference,
    requestType: requestType.name,
    status: status.publicName,
    category: status.category,
    receivedAt: kase.receivedAt,
    waiting,
    ...(waiting && { question: latestUpdate(events) }),
    finished,
    // While the case waits for the resident its clocks are paused, so no day can be promised.
    aimBy: finished || waiting ? null : await promisedDay(db, clocks, now),
    finishedAt: finished ? ((status.category === 'resolved' ? kase.resolvedAt : kase.closedAt) ?? lastMove) : null,
    timeline: publicTimeline(events, workflow),
  };
}

/** Who saw which case, and how they got to it: a tracking page shows a resident's request. */
export async function recordTracked(db: Db, actor: Actor, caseId: string, via: TrackedVia): Promise<void> {
  await recordAudit(db, actor, { action: 'case.tracked', subjectType: 'case', subjectId: caseId, detail: { via } });
}

/**
 * The resident adds information from the tracking page. A case waiting for them goes back to work
 * and its clocks resume; a finished case refuses (they are told how to contact the council).
 * Staff see it under the name the resident gave with the request.
 */
export async function addInformation(ctx: CaseContext, caseId: string, message: string): Promise<void> {
  const kase = await store.selectCase(ctx.db, { id: caseId });
  if (!kase) throw new CaseNotFound(caseId);
  const actor = { ...ctx.actor, label: kase.contact.name || ctx.actor.label };
  await addCustomerInformation({ ...ctx, actor }, { reference: kase.reference, message, channel: 'web', onFinished: 'refuse' });
}
