// The demo council: a fictional English district council, so that `npm start` shows something real.
// Later features add their own demo data (services, standards, a year of history) here.
import type { CouncilSettings } from '../features/council/model.js';
import type { Role } from '../platform/auth/permissions.js';

export const DEMO_COUNCIL: CouncilSettings = {
  name: 'Brackenfield District Council',
  nation: 'england',
  population: 98_500,
  logoUrl: null,
  email: 'customer.services@brackenfield.example',
  phone: '01632 960 001',
  website: 'https://www.brackenfield.example',
  address: 'Civic Centre, Market Street, Brackenfield, BF1 1AA',
};

export const DEMO_STAFF: { email: string; displayName: string; roles: Role[] }[] = [
  { email: 'admin@brackenfield.example', displayName: 'Alex Morgan', roles: ['administrator'] },
  { email: 'advisor@brackenfield.example', displayName: 'Priya Shah', roles: ['advisor'] },
  { email: 'officer@brackenfield.example', displayName: 'Tom Evans', roles: ['officer'] },
  { email: 'complaints@brackenfield.example', displayName: 'Grace Okafor', roles: ['complaints_officer'] },
  { email: 'manager@brackenfield.example', displayName: 'Sam Whitfield', roles: ['manager'] },
];
