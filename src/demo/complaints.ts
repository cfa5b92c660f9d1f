// A few weeks of the demo council's complaints, so the complaints queue, a complaint's stages and
// the statutory reports show something real on `npm start`: one just in, one acknowledged, one at
// stage 2, one answered and closed, and one made too late that waits for a decision. Loaded only
// for `npm start` (tests build the demo without it, so their counts stay their own).
import type { Actor } from '../platform/audit/audit.js';
import { findUserByEmail } from '../platform/auth/users.js';
import type { Db } from '../platform/db/database.js';
import { changeStatus, type CaseContext } from '../features/cases/lifecycle.js';
import { getService } from '../features/charter/service.js';
import * as complaints from '../features/complaints/service.js';
import { londonIsoDay } from '../features/complaints/model.js';

const DAY = 86_400_000;

export async function loadDemoComplaints(db: Db, actor: Actor, now: Date, publicUrl: string): Promise<void> {
  const staff = async (email: string): Promise<Actor> => {
    const user = await findUserByEmail(db, email);
    return user ? { type: 'staff', id: user.id, label: user.display_name } : actor;
  };
  const grace = await staff('complaints@brackenfield.example');
  const sam = await staff('manager@brackenfield.example');
  const daysAgo = (n: number, hour = 10): Date => new Date(Math.floor((now.getTime() - n * DAY) / DAY) * DAY + hour * 3_600_000);
  const ctx = (who: Actor, at: Date): CaseContext => ({ db, actor: who, now: at, publicUrl });
  const service = async (code: string) => (await getService(db, { code })).id;
  const version = async (reference: string) => (await db.selectFrom('cases').select('version').where('reference', '=', reference).executeTakeFirstOrThrow()).version;
  const make = (days: number, input: Omit<complaints.NewComplaint, 'receivedAt'>) => complaints.makeComplaint(ctx({ type: 'resident', label: input.contact.name ?? 'Resident' }, daysAgo(days)), { ...input, receivedAt: daysAgo(days) });

  await make(1, { channel: 'web', contact: { name: 'Helen Carter', email: 'helen.carter@example.com' }, whatHappened: 'My green bin has been missed three weeks running. Each time I report it, nobody comes.', putRight: 'Empty it, and tell the crew about the access to our lane.', about: { serviceId: await service('missed-bin') } });

  const rude = await make(8, { channel: 'phone', contact: { name: 'Mohammed Iqbal', phone: '07700 900123' }, whatHappened: 'The advisor I spoke to about my council tax was short with me and put the phone down.', about: { serviceId: await service('council-tax-moving') } });
  await complaints.acknowledgeComplaint(ctx(grace, daysAgo(7)), { reference: rude.reference, expectedVersion: await version(rude.reference) });

  const tipping = await make(24, { channel: 'email', contact: { name: 'Ruth Adebayo', email: 'ruth.adebayo@example.com' }, whatHappened: 'Fly-tipping reported four times at the end of Mill Lane has not been cleared in a month.', putRight: 'Clear it and stop it happening again.', about: { serviceId: await service('fly-tipping') } });
  await complaints.acknowledgeComplaint(ctx(grace, daysAgo(23)), { reference: tipping.reference, expectedVersion: await version(tipping.reference) });
  await complaints.respondToComplaint(ctx(grace, daysAgo(15)), { reference: tipping.reference, expectedVersion: await version(tipping.reference), response: { decision: 'partly_upheld', reasons: 'Two of the four reports were closed by mistake as duplicates of an older one.', apology: 'yes', actionTaken: 'The waste was cleared on the day we replied.', learning: 'Officers now check the location before marking a report a duplicate.' } });
  await complaints.escalateComplaint(ctx({ type: 'resident', label: 'Ruth Adebayo' }, daysAgo(6)), { reference: tipping.reference, by: 'resident', reason: 'It has been dumped again and nothing is being done to stop it.' });
  await complaints.assignHandler(ctx(sam, daysAgo(5)), { reference: tipping.reference, expectedVersion: await version(tipping.reference), userId: sam.id ?? '' });
  await complaints.acknowledgeComplaint(ctx(sam, daysAgo(5)), { reference: tipping.reference, expectedVersion: await version(tipping.reference) });

  const bill = await make(45, { channel: 'letter', contact: { name: 'Peter Novak', email: 'peter.novak@example.com' }, whatHappened: 'I was billed for the full year although I moved out in June and told you.', about: { serviceId: await service('council-tax-moving') } });
  await complaints.acknowledgeComplaint(ctx(grace, daysAgo(44)), { reference: bill.reference, expectedVersion: await version(bill.reference) });
  await complaints.respondToComplaint(ctx(grace, daysAgo(38)), { reference: bill.reference, expectedVersion: await version(bill.reference), response: { decision: 'upheld', reasons: 'Your change of address was received but not processed.', apology: 'yes', actionTaken: 'Your bill has been corrected and the overpayment refunded.', payment: '25', learning: 'Moving notices are now checked daily.' } });
  await changeStatus(ctx(grace, daysAgo(30)), { reference: bill.reference, expectedVersion: await version(bill.reference), to: 'closed' });

  await make(3, { channel: 'email', contact: { name: 'Alan Pryce', email: 'alan.pryce@example.com' }, whatHappened: 'The planning decision on my neighbour’s extension ignored my objection.', problemOn: londonIsoDay(new Date(now.getTime() - 430 * DAY)), about: { serviceId: await service('planning-enquiry') } });
}
