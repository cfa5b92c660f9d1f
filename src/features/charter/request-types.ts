// Request types: a kind of request with its own form fields, the standards that apply to it, the
// team it goes to and who may raise it. One definition drives the resident e-form, the advisor
// form and the Open311 service definition.
import { z } from 'zod';
import { asList, AUDIENCES, codeSchema, optionalTeamId, UUID, type Audience } from './model.js';
import { fieldDefinitionsSchema, type FieldDefinition } from './fields/model.js';

export interface RequestType {
  id: string;
  serviceId: string;
  code: string;
  version: number;
  name: string;
  description: string;
  teamId: string | null;
  audiences: Audience[];
  fields: FieldDefinition[];
  standardIds: string[];
  active: boolean;
  /** The workflow its cases follow (features/cases/workflow). */
  workflowCode: string;
  /**
   * Whether anyone may see where its cases are (address, UPRN, position) over Open311: yes for a
   * street report, no for a household's address. Only the client system that sent a case sees it otherwise.
   */
  locationPublic: boolean;
}

export const requestTypeSchema = z.object({
  code: codeSchema('request type', 'report-missed-bin'),
  name: z.string().trim().min(1, 'Enter the request type’s name, like “Report a missed bin”').max(120, 'Name must be 120 characters or fewer'),
  description: z.string().trim().max(2000, 'Description must be 2000 characters or fewer'),
  teamId: optionalTeamId,
  audiences: asList(z.array(z.enum(AUDIENCES, { error: 'Choose from the list' })).min(1, 'Select who can raise this request')),
  standardIds: asList(z.array(z.string().regex(UUID, 'Choose standards from the list'))),
  active: z.preprocess((v) => v === undefined || v === 'yes' || v === true, z.boolean()),
  workflowCode: z.preprocess((v) => (v === undefined || v === '' ? 'default' : v), z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Choose a workflow from the list')),
  // Not public unless the administrator says so: a form's radios post yes or no, the JSON API true or false.
  locationPublic: z.preprocess((v) => (v === 'yes' ? true : v === 'no' || v === '' || v === undefined ? false : v), z.boolean({ error: 'Choose whether the location of these requests is public' })),
  fields: fieldDefinitionsSchema.refine((fields) => fields.length > 0, 'Add at least one question to the form'),
});

export type RequestTypeInput = z.output<typeof requestTypeSchema>;

// The resident e-form asks every question, file uploads included: the cases feature holds an
// upload outside the database while the resident checks their answers (features/cases/uploads.ts).
export function residentFormFields(requestType: Pick<RequestType, 'fields'>): FieldDefinition[] {
  return requestType.fields;
}

export function offeredOnline(requestType: Pick<RequestType, 'audiences' | 'active'>): boolean {
  return requestType.active && requestType.audiences.includes('resident');
}
