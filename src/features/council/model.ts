// The council's own settings: who it is, which nation's rules apply, how to reach it.
import { z } from 'zod';
import { NATIONS, type Nation } from '../../time/nation.js';

export interface Council {
  name: string;
  nation: Nation;
  population: number | null;
  logoUrl: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  version: number;
  updatedAt: Date;
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((v) => (v === '' ? null : v));

// A logo is shown on every page, so it must come from this site or over HTTPS (the CSP allows both).
const logoUrl = optionalText(500, 'Logo address').refine(
  (v) => v === null || /^\/[^/\\]/.test(v) || /^https:\/\/[^\s]+$/.test(v),
  'Logo address must start with / (a file on this site) or https://',
);

const website = optionalText(500, 'Website').refine(
  (v) => v === null || /^https?:\/\/[^\s.]+\.[^\s]+$/.test(v),
  'Enter the website address in the correct format, like https://www.example.gov.uk',
);

const email = optionalText(254, 'Email address').refine(
  (v) => v === null || z.email().safeParse(v).success,
  'Enter an email address in the correct format, like customer.services@example.gov.uk',
);

// UK numbers: 10 or 11 digits once spaces, brackets and dashes are removed; +44 allowed.
const phone = optionalText(30, 'Phone number').refine(
  (v) => v === null || /^(?:\+44|0)\d{9,10}$/.test(v.replace(/[\s()-]/g, '')),
  'Enter a UK phone number, like 01632 960 001',
);

export const councilSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Enter the council’s name').max(200, 'Name must be 200 characters or fewer'),
  nation: z.enum(NATIONS, { error: 'Choose the nation the council is in' }),
  population: z
    .string()
    .trim()
    .transform((v) => v.replace(/,/g, ''))
    .refine((v) => v === '' || /^\d{1,9}$/.test(v), 'Population must be a whole number, like 98,500')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || v > 0, 'Population must be more than 0'),
  logoUrl,
  email,
  phone,
  website,
  address: optionalText(500, 'Address'),
});

export type CouncilSettings = z.output<typeof councilSettingsSchema>;
export type CouncilSettingsForm = z.input<typeof councilSettingsSchema>;
