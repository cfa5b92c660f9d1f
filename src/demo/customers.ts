// The demo council's customers, to try search, the single view, adjustments and merging on. All
// fictional: example.com addresses, Ofcom's drama numbers (07700 900xxx, 01632 960xxx) and
// well-formed postcodes. Created through the customers service, audited like an advisor's work;
// each has its own email address, by which running this again finds it and adds nothing.
import type { Actor } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/database.js';
import type { CustomerInput } from '../features/customers/model.js';
import { createCustomer, searchCustomers } from '../features/customers/service.js';

export const DEMO_CUSTOMERS: (CustomerInput & { emails: [string, ...string[]] })[] = [
  // The browser journey test searches for her.
  { kind: 'person', title: 'Ms', givenName: 'Ann', familyName: 'Example', address: '1 High Street, Exampleton', postcode: 'EX1 1AA', emails: ['ann@example.com'], phones: ['07700 900123'], preferredChannel: 'email' },
  {
    kind: 'person',
    title: 'Mr',
    givenName: 'Tomasz',
    familyName: 'Nowak',
    address: '14 Mill Lane, Brackenfield',
    postcode: 'BF2 4QT',
    emails: ['tomasz.nowak@example.com'],
    phones: ['07700 900456'],
    preferredLanguage: 'Polish',
    adjustments: [{ kind: 'large_print' }, { kind: 'interpreter', detail: 'Polish' }],
  },
  {
    kind: 'person',
    givenName: 'Gary',
    familyName: 'Vance',
    address: '7 Quarry Road, Brackenfield',
    postcode: 'BF3 9LX',
    emails: ['g.vance@example.com'],
    phones: ['01632 960412'],
    safetyNote: 'Has been verbally aggressive to visiting officers. Visit in pairs; do not enter the property.',
  },
  {
    kind: 'organisation',
    organisationName: 'Brackenfield Community Allotments Association',
    address: 'The Pavilion, Station Road, Brackenfield',
    postcode: 'BF1 2AB',
    emails: ['secretary@allotments.example.com'],
    phones: ['01632 960001'],
  },
  // Near-duplicates at one address: try "Merge" on them.
  { kind: 'person', givenName: 'John', familyName: 'Smith', address: '22 Church Street, Brackenfield', postcode: 'BF1 5RT', emails: ['john.smith@example.com'], phones: ['07700 900777'] },
  { kind: 'person', givenName: 'Jon', familyName: 'Smith', address: '22 Church St, Brackenfield', postcode: 'BF1 5RT', emails: ['jonsmith22@example.com'] },
  {
    kind: 'person',
    title: 'Mrs',
    givenName: 'Patricia',
    familyName: 'Okafor',
    address: 'Flat 3, Riverside Court, Brackenfield',
    postcode: 'BF2 1EW',
    emails: ['p.okafor@example.com'],
    phones: ['07700 900321'],
    adjustments: [{ kind: 'no_phone_calls' }, { kind: 'named_contact', detail: 'Chidi Okafor (son)' }],
    preferredChannel: 'email',
  },
  { kind: 'person', givenName: 'Aled', familyName: 'Jones', address: '5 Chapel Row, Brackenfield', postcode: 'BF4 6HN', emails: ['aled.jones@example.com'], phones: ['07700 900654'], adjustments: [{ kind: 'bsl' }] },
];

/** Creates the demo customers that are not there yet; returns how many it created. */
export async function loadDemoCustomers(db: Db, actor: Actor, now: Date = new Date()): Promise<number> {
  let created = 0;
  for (const customer of DEMO_CUSTOMERS) {
    if ((await searchCustomers(db, customer.emails[0])).length) continue;
    await createCustomer({ db, actor, now }, customer);
    created++;
  }
  return created;
}
