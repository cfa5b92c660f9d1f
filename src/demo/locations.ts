// The demo council's locations: where its advisors log contacts (the contact centre, two service
// centres) and where the post is opened (the mail room). Added through the contacts feature's own
// service, audited like an administrator's change; running it again adds nothing.
import type { Actor } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/database.js';
import type { LocationInput } from '../features/contacts/model.js';
import { createLocation, listLocations } from '../features/contacts/service.js';

export const DEMO_LOCATIONS: LocationInput[] = [
  { code: 'contact_centre', name: 'Contact centre', kind: 'contact_centre', address: null, active: true },
  { code: 'town_hall', name: 'Customer Service Centre, Town Hall', kind: 'service_centre', address: 'Town Hall, Market Square, Brackenfield', active: true },
  { code: 'library_help_point', name: 'Library Help Point', kind: 'service_centre', address: 'Central Library, Brackenfield', active: true },
  { code: 'mail_room', name: 'Mail room', kind: 'mail_room', address: null, active: true },
];

export async function loadDemoLocations(db: Db, actor: Actor): Promise<void> {
  const existing = new Set((await listLocations(db, { activeOnly: false })).map((l) => l.code));
  for (const location of DEMO_LOCATIONS) if (!existing.has(location.code)) await createLocation(db, actor, location);
}
