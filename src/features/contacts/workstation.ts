// Where this computer is: the contact centre, a service centre's desk, the mail room. Every contact
// logged from it (by the form, or by raising a case at the advisor desk) records that location, so
// contacts can be counted by where they were handled without the advisor choosing it each time.
// The place belongs to the device, not the person: an advisor in the contact centre on Monday and
// at the Town Hall on Tuesday uses two computers. So it is chosen once on the advisor desk and kept
// in a signed cookie for a year; a location since made inactive is forgotten.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { formBody } from '../../platform/web/forms.js';
import { isUuid } from './model.js';
import { listLocations, type Location } from './service.js';

const YEAR_SECONDS = 365 * 24 * 3600;

// Over HTTPS the cookie has a __Host- name, which must be for the whole site; over http it stays
// under /staff, where the cookies set before kept it (a second one at / would hide behind it).
function workstationCookie(server: FastifyInstance) {
  const cookies = server.siteCookies;
  return { name: cookies.name('charterdesk_location'), options: { ...cookies.options, path: cookies.https ? '/' : '/staff', signed: true } };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

/** The active location this computer was set to, if any. */
export async function workstationLocation(db: Db, request: FastifyRequest): Promise<Location | undefined> {
  const cookie = request.cookies[workstationCookie(request.server).name];
  const unsigned = cookie ? request.unsignCookie(cookie) : undefined;
  if (!unsigned?.valid || !unsigned.value || !isUuid(unsigned.value)) return undefined;
  return (await listLocations(db, { activeOnly: true })).find((l) => l.id === unsigned.value);
}

/** The choice on the advisor desk: the active locations, this computer's chosen. */
export async function workstationChoice(db: Db, request: FastifyRequest): Promise<{ current: Location | undefined; items: { value: string; text: string; selected: boolean }[] }> {
  const [locations, current] = await Promise.all([listLocations(db, { activeOnly: true }), workstationLocation(db, request)]);
  return {
    current,
    items: [{ value: '', text: 'Not set', selected: !current }, ...locations.map((l) => ({ value: l.id, text: l.name, selected: l.id === current?.id }))],
  };
}

/** POST /staff/contacts/workstation: sets (or, with no location, clears) this computer's location, back to the desk. */
export function registerWorkstationRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.post('/staff/contacts/workstation', { config: { permission: 'contacts:log' } }, async (request, reply) => {
    const id = first(formBody(request.body).locationId);
    const location = isUuid(id) ? (await listLocations(deps.db, { activeOnly: true })).find((l) => l.id === id) : undefined;
    const cookie = workstationCookie(reply.server);
    if (location) reply.setCookie(cookie.name, location.id, { ...cookie.options, maxAge: YEAR_SECONDS });
    else reply.clearCookie(cookie.name, { path: cookie.options.path });
    return reply.redirect(`/staff/desk?done=${location ? 'workstation-set' : 'workstation-cleared'}`, 303);
  });
}
