// The customer's contact details, as typed on the resident e-form or by an advisor on their behalf.
// Every box is optional: someone may not want replies, and we still deal with the request.
import { z } from 'zod';
import type { ContactDetails } from './service.js';

const EMAIL_MESSAGE = 'Enter an email address in the correct format, like name@example.com';

export const contactSchema = z.object({
  contactName: z.string().trim().max(200, 'Name must be 200 characters or fewer'),
  contactEmail: z
    .string()
    .trim()
    .max(254, EMAIL_MESSAGE)
    .refine((v) => v === '' || z.email().safeParse(v).success, EMAIL_MESSAGE),
  contactPhone: z
    .string()
    .trim()
    .refine((v) => v === '' || /^(?:\+44|0)\d{9,10}$/.test(v.replace(/[\s()-]/g, '')), 'Enter a UK phone number, like 07700 900 982'),
});

export type ContactForm = z.output<typeof contactSchema>;

/** Reads the contact boxes of a posted form; a box left out of the post (not only left empty) is no answer. */
export function readContact(body: Record<string, unknown>) {
  return contactSchema.safeParse({ contactName: '', contactEmail: '', contactPhone: '', ...body });
}

/** The details to keep on the case: only what was given. */
export function contactDetails(form: ContactForm): ContactDetails {
  return {
    ...(form.contactName && { name: form.contactName }),
    ...(form.contactEmail && { email: form.contactEmail }),
    ...(form.contactPhone && { phone: form.contactPhone }),
  };
}
