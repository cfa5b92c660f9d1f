// What the audit trail (platform/audit) shows for a contact: how it came and when, and where to
// read it (an email in the inbox; anything else on its customer's record).
import type { DescribeSubjects } from '../../platform/audit/subjects.js';
import { UUID } from '../charter/model.js';
import { channelName } from './model.js';

const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

export const describeContacts: DescribeSubjects = async (db, ids) => {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  const rows = wanted.length
    ? await db.selectFrom('contact').select(['id', 'channel', 'direction', 'from_address', 'received_at', 'customer_id']).where('id', 'in', wanted).execute()
    : [];
  return new Map(
    rows.map((r) => {
      const inboundEmail = r.channel === 'email' && r.direction === 'inbound';
      const how = inboundEmail && r.from_address ? `Email from ${r.from_address}` : `${channelName(r.channel)} ${r.direction === 'inbound' ? 'from' : 'to'} customer`;
      const href = inboundEmail ? `/staff/inbox/${r.id}` : r.customer_id ? `/staff/customers/${r.customer_id}` : undefined;
      return [r.id, { text: `${how}, ${day.format(r.received_at)}`, ...(href && { href }) }];
    }),
  );
};
