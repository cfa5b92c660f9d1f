// The administrators' page of unit costs per channel: one box a channel, the channels not costed
// named, and every change with who and when. A plain HTML form: works without JavaScript.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { formBody, type FormErrors } from '../../../platform/web/forms.js';
import { formatDate, formatDateTime } from '../../../platform/views/environment.js';
import { channelLabel, COSTED_CHANNELS, DEFAULTS_IN_FORCE_FROM, fieldOf, formatPence, poundsText, readUnitCostForm } from './model.js';
import { setUnitCosts, unitCostHistory, unitCostsAt, type UnitCost } from './service.js';

const VIEW = 'features/contacts/unit-costs/views/unit-costs.njk';
const manage = { permission: 'unit_costs:manage' } as const;
export const UNIT_COSTS_PATH = '/staff/contacts/unit-costs';

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

/** "Since 8 December 2026, set by Ann Admin", or the default's own words. */
function setText(cost: UnitCost): string {
  if (cost.setAt.getTime() <= DEFAULTS_IN_FORCE_FROM.getTime()) return cost.setByLabel;
  return `Since ${formatDate(cost.setAt)}, set by ${cost.setByLabel}`;
}

/** A row of the changes: "8 December 2026 at 1:50am, by Alex Morgan", or "Default (Socitm benchmark), from the start". */
function changeText(cost: UnitCost): string {
  if (cost.setAt.getTime() <= DEFAULTS_IN_FORCE_FROM.getTime()) return `${cost.setByLabel}, from the start`;
  return `${formatDateTime(cost.setAt)}, by ${cost.setByLabel}`;
}

export function registerUnitCostRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  async function show(reply: FastifyReply, view: { values?: Body; errors?: FormErrors; banner?: string }) {
    const [current, history] = await Promise.all([unitCostsAt(db), unitCostHistory(db)]);
    const values = view.values ?? Object.fromEntries([...current.values()].map((c) => [fieldOf(c.channel), poundsText(c.pence)]));
    return reply.code(view.errors ? 400 : 200).page(VIEW, {
      pageTitle: 'Unit costs per contact',
      errors: view.errors,
      banner: view.banner,
      channels: COSTED_CHANNELS.map((channel) => {
        const cost = current.get(channel);
        return {
          id: fieldOf(channel),
          name: channelLabel(channel),
          value: first(values[fieldOf(channel)]),
          hint: cost ? `Now ${formatPence(cost.pence)}. ${setText(cost)}` : 'Not costed: enter a cost to include this channel in cost to serve',
        };
      }),
      notCosted: COSTED_CHANNELS.filter((c) => !current.has(c)).map(channelLabel),
      history: history.map((c) => ({ channel: channelLabel(c.channel), cost: formatPence(c.pence), set: changeText(c) })),
    });
  }

  app.get(UNIT_COSTS_PATH, { config: manage }, async (request, reply) => {
    const done = first(formBody(request.query).done);
    return show(reply, { ...(done === 'saved' && { banner: 'Unit costs saved' }), ...(done === 'unchanged' && { banner: 'No unit cost was changed' }) });
  });

  app.post(UNIT_COSTS_PATH, { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const read = readUnitCostForm(body, new Map([...(await unitCostsAt(db)).values()].map((c) => [c.channel, c.pence])));
    if (!read.ok) return show(reply, { values: body, errors: read.errors });
    await setUnitCosts(db, request.actor(), read.value, deps.now());
    return reply.redirect(`${UNIT_COSTS_PATH}?done=${read.value.length ? 'saved' : 'unchanged'}`, 303);
  });
}
