// Roles and what each may do: data, not code branches. A staff route names the permission it needs
// (see platform/web/staff-routes.ts) and the check happens in one place.
export const ROLES = ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  advisor: 'Advisor',
  officer: 'Officer',
  complaints_officer: 'Complaints officer',
  manager: 'Manager',
  administrator: 'Administrator',
};

const EVERY_ROLE: readonly Role[] = ROLES;

export const PERMISSIONS = {
  /** The staff home page: anyone signed in. */
  'staff:home': EVERY_ROLE,
  /** See the working calendar (bank holidays, closure days, opening hours) and check due dates with it. */
  'calendar:read': EVERY_ROLE,
  /** Add and remove closure days and extra holidays, change opening hours and the cut-off. */
  'calendar:manage': ['administrator'],
  /** Council name, nation, population, logo and contact details. */
  'council:manage': ['administrator'],
  /** Staff accounts: add, change roles, deactivate, reset passwords. */
  'users:manage': ['administrator'],
  /** See the service catalogue: services, standards, request types, teams. */
  'charter:read': EVERY_ROLE,
  /** Change the service catalogue. */
  'charter:manage': ['administrator'],
  /** Client systems and their API keys: create, list, revoke. */
  'api_keys:manage': ['administrator'],
  /** See cases and what came with them (answers, attachments); every view of a customer's file is audited. */
  'cases:read': ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'],
  /** Work cases: change status, add notes and public updates, assign, extend, record visits, link duplicates. */
  'cases:work': ['officer', 'complaints_officer', 'manager', 'administrator'],
  /** Raise a case on a customer's behalf (phone, face to face, letter, email) and handle the inbound mailbox. */
  'cases:raise': ['advisor', 'officer', 'manager', 'administrator'],
  /** Find customers and open their single view (every view is audited). */
  'customers:read': ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'],
  /** Add and change customer records: contact details, address, reasonable adjustments, safety notes. */
  'customers:manage': ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'],
  /** Merge duplicate customer records and undo a merge. */
  'customers:merge': ['manager', 'administrator'],
  /** Log a contact on any channel (and the mail room's letters), with its reason and outcome. */
  'contacts:log': ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'],
  /** First contact resolution and avoidable contact by channel, service, advisor and period. */
  'contacts:measures': ['manager', 'administrator'],
  /** The council's locations: contact centre, service centres, mail room. */
  'locations:manage': ['administrator'],
  /** What one contact costs on each channel (cost to serve): set a channel's unit cost, read their history. */
  'unit_costs:manage': ['administrator'],
  /** The audit trail of who did and saw what. */
  'audit:read': ['administrator', 'manager'],
  /** See the notifications sent (and those that failed) from the outbox. */
  'notifications:read': ['officer', 'manager', 'administrator'],
  /** Change notification templates and try a failed notification again. */
  'notifications:manage': ['administrator'],
  /** Complaints procedures: read, copy, change a copy, choose the one the council follows. */
  'complaints:manage': ['administrator'],
  /** The Customer Insight queue: every complaint, compliment, comment, failed-standard report and rating with a comment; themes and actions. */
  'insight:read': ['complaints_officer', 'manager', 'administrator'],
  /** Tag and review feedback, edit themes, raise and complete insight actions with their public wording. */
  'insight:manage': ['manager', 'administrator'],
  /** The statutory complaints reports (SPSO/NIPSO indicators, England's annual report and self-assessment, Wales's return), their drill-downs and CSVs. */
  'complaints:reports': ['manager', 'administrator', 'complaints_officer'],
  /** The complaints queue and complaint pages (each view of a customer's complaint is audited). */
  'complaints:read': ['complaints_officer', 'manager', 'administrator'],
  /** Run the procedure: acknowledge, assign the handler, respond, escalate, extend, decide late complaints, record Ombudsman referrals. */
  'complaints:work': ['complaints_officer', 'manager', 'administrator'],
  /** Record a complaint made on a person's behalf (phone, face to face, letter, email): advisors and the mail room too. */
  'complaints:record': ['advisor', 'officer', 'complaints_officer', 'manager', 'administrator'],
  /** The performance dashboard, KPI drill-downs to the cases and contacts behind a figure, draft reviews and the action plan. */
  'performance:read': ['manager', 'administrator'],
  /** Set KPI targets and RAG thresholds, write review commentary, publish and correct the quarterly review, run the action plan. */
  'performance:manage': ['manager', 'administrator'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => isRole(role) && allowed.includes(role));
}
