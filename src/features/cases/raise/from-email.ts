// Raising a case from an email in the inbox ("Raise a case from this email"): the email's id
// travels through the steps as one input; the form starts with the email as the channel, the time
// it arrived and who sent it (routes.ts finds the customer whose record holds that address). Raising the case
// then records the email's outcome (case raised) instead of logging a second contact.
import type { Db } from '../../../platform/db/database.js';
import { UUID } from '../../charter/model.js';
import { unhandledEmail } from '../../inbound-email/service.js';
import type { Body } from '../form-state.js';
import { INPUTS, receiptDefaults } from './model.js';

export const EMAIL_INPUT = 'contactId';

export interface RaisingFromEmail {
  id: string;
  subject: string;
  /** The sender's address, by which their customer record is found. */
  fromAddress: string;
  from: string;
  prefill: Body;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/** The email named by the query (`contact`) or the posted form, if it still waits in the inbox. */
export async function emailFor(db: Db, source: Body): Promise<RaisingFromEmail | undefined> {
  const id = first(source[EMAIL_INPUT] ?? source.contact).trim();
  if (!UUID.test(id)) return undefined;
  const email = await unhandledEmail(db, id);
  if (!email) return undefined;
  const address = email.fromAddress ?? '';
  return {
    id: email.id,
    subject: email.subject,
    fromAddress: address,
    from: email.fromName ? `${email.fromName} <${address}>` : address,
    prefill: {
      ...receiptDefaults(email.receivedAt),
      [INPUTS.channel]: 'email',
      [EMAIL_INPUT]: email.id,
      ...(email.fromName && { contactName: email.fromName }),
      ...(address && { contactEmail: address }),
    },
  };
}
