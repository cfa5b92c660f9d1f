// What a key may do, as data: a route names the scope it needs (`config: { apiScope }`) and the
// staff page and the command line offer this list. Add a scope here when a new API needs one.
export const API_SCOPES = {
  open311: 'Send street reports and updates through Open311 (FixMyStreet and similar apps)',
  'catalogue:read': 'Read services, service standards and request types through the JSON API',
  'catalogue:write': 'Add and change services, service standards and request types through the JSON API',
  'cases:read': 'Read cases (status, due dates and public timeline) through the JSON API',
  'cases:write': 'Raise cases through the JSON API',
  'performance:read': 'Read the performance figures (every KPI against its target) through the JSON API',
} as const;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

export function isApiScope(value: string): value is ApiScope {
  return Object.hasOwn(API_SCOPES, value);
}
