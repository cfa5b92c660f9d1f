// The council's promises as data: services, their published standards (versioned) and the request
// types residents, advisors and other systems raise. Pure types and validation rules.
import { z } from 'zod';
import type { ClockUnit } from '../../time/clock.js';

export const CHANNELS = ['phone', 'face_to_face', 'email', 'web', 'letter', 'sms', 'webchat', 'social_media', 'kiosk', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_NAMES: Record<Channel, string> = {
  phone: 'Phone',
  face_to_face: 'Face to face',
  email: 'Email',
  web: 'Web',
  letter: 'Letter',
  sms: 'Text message',
  webchat: 'Webchat',
  social_media: 'Social media',
  kiosk: 'Kiosk',
  open311: 'Open311 (FixMyStreet and other apps)',
};

export const CLOCK_UNITS = ['working_days', 'working_hours', 'calendar_days', 'calendar_months'] as const satisfies readonly ClockUnit[];
export const CLOCK_UNIT_NAMES: Record<ClockUnit, [singular: string, plural: string]> = {
  working_days: ['working day', 'working days'],
  working_hours: ['working hour', 'working hours'],
  calendar_days: ['calendar day', 'calendar days'],
  calendar_months: ['calendar month', 'calendar months'],
};

/** The stages of a request a standard can measure. */
export const STAGES = ['acknowledgement', 'first_response', 'visit', 'resolution'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_NAMES: Record<Stage, string> = {
  acknowledgement: 'Acknowledgement',
  first_response: 'First response',
  visit: 'Visit or inspection',
  resolution: 'Resolution',
};

/** What happens to a case that can start or stop a standard's clock (the cases feature records them). */
// In order: a milestone also stops the clocks of the ones before it (cases/clocks.ts). The last
// three are a complaint's second stage (features/complaints), which follows the first one's answer.
export const CASE_MILESTONES = ['received', 'acknowledged', 'assigned', 'visited', 'resolved', 'closed', 'escalated', 'escalation_acknowledged', 'escalation_resolved'] as const;
export type CaseMilestone = (typeof CASE_MILESTONES)[number];
export const MILESTONE_NAMES: Record<CaseMilestone, string> = {
  received: 'Request received',
  acknowledged: 'Request acknowledged',
  assigned: 'Assigned to an officer',
  visited: 'Site visited or inspected',
  resolved: 'Resolved',
  closed: 'Closed',
  escalated: 'Complaint escalated to stage 2',
  escalation_acknowledged: 'Stage 2 complaint acknowledged',
  escalation_resolved: 'Stage 2 complaint answered',
};

/** Who may raise a request type. */
export const AUDIENCES = ['resident', 'advisor', 'system'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_NAMES: Record<Audience, string> = {
  resident: 'Residents, on the council’s website',
  advisor: 'Advisors, on a customer’s behalf',
  system: 'Other systems (Open311, the API)',
};

// Shared by every catalogue schema (services, standards, request types), so a code, a team
// choice or a list of ticked boxes is checked and worded the same way everywhere.

/** A stable code used in web addresses and by other systems. */
export const codeSchema = (what: string, example = 'missed-bin') =>
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, `Enter a code for the ${what}`)
    .max(60, 'Code must be 60 characters or fewer')
    .regex(/^[a-z0-9][a-z0-9-]*$/, `Code must use only lowercase letters, numbers and hyphens, like ${example}`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const text = (max: number, missing: string, label: string) =>
  z.string().trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`);

/** A team chosen from a select; '' means none yet. */
export const optionalTeamId = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .refine((v) => v === null || UUID.test(v), 'Choose a team from the list');

/** A form posts one ticked box as a string and several as an array; none at all as nothing. */
export const asList = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === undefined ? [] : ([] as unknown[]).concat(v)), schema);

const list = <T extends string>(values: readonly [T, ...T[]], message: string) => asList(z.array(z.enum(values, { error: message })));

export const teamSchema = z.object({
  name: text(120, 'Enter the team’s name', 'Name'),
  department: text(120, 'Enter the department', 'Department'),
  email: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .refine((v) => v === null || z.email().safeParse(v).success, 'Enter an email address in the correct format, like waste.team@council.example'),
});
export type TeamInput = z.output<typeof teamSchema>;

export const serviceSchema = z.object({
  code: codeSchema('service'),
  name: text(120, 'Enter the service’s name', 'Name'),
  department: text(120, 'Enter the department the service belongs to', 'Department'),
  teamId: optionalTeamId,
  description: z.string().trim().max(2000, 'Description must be 2000 characters or fewer'),
  channels: list(CHANNELS, 'Choose channels from the list').pipe(z.array(z.enum(CHANNELS)).min(1, 'Select at least one channel through which residents can ask for this service')),
  published: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
});
export type ServiceInput = z.output<typeof serviceSchema>;

/** At risk once this share of a clock's allowed time is used, unless a standard says otherwise. */
export const DEFAULT_AT_RISK_PERCENT = 75;

/**
 * "Warn when this share of the time is used": a whole percent, 1 to 99. Left out (a client that
 * does not know the setting) it is the default; a JSON number is read as the form's text.
 */
const atRiskPercentSchema = z.preprocess(
  (v) => (v === undefined || v === null ? String(DEFAULT_AT_RISK_PERCENT) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z
    .string({ error: 'Warning point must be a whole number, like 75' })
    .trim()
    .min(1, 'Enter when to warn, as a share of the time allowed, like 75')
    .regex(/^-?\d*$/, 'Warning point must be a whole number, like 75') // empty: only the message above
    .transform(Number)
    .pipe(z.number().int().min(1, 'Warning point must be 1% or more').max(99, 'Warning point must be 99% or less')),
);

/**
 * The most an authorised extension may add to the clock in total, in its own unit: empty (or left
 * out) is the standard's own length; 0 means it may not be extended (an acknowledgement, say).
 */
const extensionLimitSchema = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? null : typeof v === 'number' ? String(v) : v),
  z
    .string({ error: 'Most extension must be a whole number, like 10' })
    .trim()
    .regex(/^\d+$/, 'Most extension must be a whole number, like 10')
    .transform(Number)
    .pipe(z.number().int().max(1000, 'Most extension must be 1000 or fewer'))
    .nullable(),
);

export const standardSchema = z
  .object({
    code: codeSchema('standard'),
    sentence: text(300, 'Enter the promise as residents will read it, like “We will collect a missed bin within 2 working days”', 'The promise'),
    stage: z.enum(STAGES, { error: 'Select the stage this standard measures' }),
    clockUnit: z.enum(CLOCK_UNITS, { error: 'Select how the time is counted' }),
    clockAmount: z
      .string()
      .trim()
      .min(1, 'Enter how long the council has, like 2')
      .regex(/^\d+$/, 'Time allowed must be a whole number, like 2')
      .transform(Number)
      .pipe(z.number().int().min(1, 'Time allowed must be at least 1').max(1000, 'Time allowed must be 1000 or fewer')),
    startEvent: z.enum(CASE_MILESTONES, { error: 'Select the event that starts the clock' }),
    stopEvent: z.enum(CASE_MILESTONES, { error: 'Select the event that stops the clock' }),
    targetPercent: z
      .string()
      .trim()
      .min(1, 'Enter the target, like 95')
      .regex(/^-?\d+(\.\d{1,2})?$/, 'Target must be a number, like 95 or 97.5')
      .transform(Number)
      .pipe(z.number().min(0, 'Target must be 0% or more').max(100, 'Target must be 100% or less')),
    atRiskPercent: atRiskPercentSchema,
    extensionLimit: extensionLimitSchema,
    published: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
  })
  .superRefine((value, ctx) => {
    const order = CASE_MILESTONES as readonly string[];
    if (order.indexOf(value.stopEvent) <= order.indexOf(value.startEvent)) {
      ctx.addIssue({ code: 'custom', path: ['stopEvent'], message: 'The clock must stop at an event after the one that starts it' });
    }
  });
export type StandardInput = z.output<typeof standardSchema>;

export interface Team extends TeamInput {
  id: string;
}

export interface Service extends ServiceInput {
  id: string;
  teamName: string | null;
  version: number;
}

export interface Standard extends StandardInput {
  id: string;
  serviceId: string;
  version: number;
  createdAt: Date;
}

/** "2 working days", "1 calendar month". */
export function describeClock(unit: ClockUnit, amount: number): string {
  const [one, many] = CLOCK_UNIT_NAMES[unit];
  return `${amount} ${amount === 1 ? one : many}`;
}

/** "At risk when 75% of the time is used", as staff read a standard's details. */
export function describeAtRisk(percent: number): string {
  return `At risk when ${percent}% of the time is used`;
}
