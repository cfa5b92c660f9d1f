// The public Customer Charter: "Our service standards", all of them and per service, in print,
// large-print and plain-text editions, and as a JSON feed for other systems.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { getCouncil } from '../council/service.js';
import { CHANNEL_NAMES, describeClock, STAGE_NAMES, type Standard } from './model.js';
import { publishedCharter, type CharterEntry } from './service.js';

const VIEWS = 'features/charter/views';
const LAYOUTS = ['standard', 'print', 'large-print'] as const;
type Layout = (typeof LAYOUTS)[number];

function layoutOf(request: FastifyRequest): Layout {
  const asked = (request.query as Record<string, unknown>).layout;
  return LAYOUTS.find((l) => l === asked) ?? 'standard';
}

function describeStandard(s: Standard) {
  return { code: s.code, sentence: s.sentence, stage: STAGE_NAMES[s.stage], timeAllowed: describeClock(s.clockUnit, s.clockAmount), target: s.targetPercent };
}

function describeEntry(entry: CharterEntry) {
  return {
    ...entry.service,
    channelNames: entry.service.channels.filter((c) => c !== 'open311').map((c) => CHANNEL_NAMES[c]),
    standards: entry.standards.map(describeStandard),
    requestTypes: entry.requestTypes,
  };
}

/** The charter as plain text: for screen readers' users who prefer it, email and letters. */
function plainText(councilName: string, entries: CharterEntry[]): string {
  const lines = [`${councilName}: our service standards`, '', 'How we will serve you, service by service.', ''];
  for (const entry of entries) {
    lines.push(entry.service.name, '-'.repeat(entry.service.name.length));
    for (const s of entry.standards) lines.push(`* ${s.sentence.replace(/\.?$/, '.')} Our target: ${s.targetPercent}% of the time.`);
    if (entry.standards.length === 0) lines.push('* No published standards yet.');
    lines.push('');
  }
  return lines.join('\n');
}

export function registerCharterPublicRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;

  const showAll = async (request: FastifyRequest, reply: FastifyReply) => {
    const entries = (await publishedCharter(db)).map(describeEntry);
    return reply.page(`${VIEWS}/charter.njk`, { pageTitle: 'Our service standards', entries, layout: layoutOf(request), bodyClasses: `app-layout--${layoutOf(request)}` });
  };
  app.get('/standards', showAll);

  app.get('/standards.txt', async (_request, reply) => {
    const council = await getCouncil(db);
    return reply.type('text/plain; charset=utf-8').send(plainText(council.name, await publishedCharter(db)));
  });

  app.get('/standards.json', async (_request, reply) => {
    const council = await getCouncil(db);
    const entries = await publishedCharter(db);
    return reply.send({
      council: council.name,
      services: entries.map((e) => ({
        code: e.service.code,
        name: e.service.name,
        department: e.service.department,
        description: e.service.description,
        channels: e.service.channels,
        standards: e.standards.map((s) => ({
          code: s.code,
          version: s.version,
          sentence: s.sentence,
          stage: s.stage,
          clock: { unit: s.clockUnit, amount: s.clockAmount, starts: s.startEvent, stops: s.stopEvent },
          target_percent: s.targetPercent,
        })),
        request_types: e.requestTypes.map((r) => ({ code: r.code, name: r.name, form: `/request/${r.code}` })),
      })),
    });
  });

  app.get<{ Params: { code: string } }>('/standards/:code', async (request, reply) => {
    const entry = (await publishedCharter(db)).find((e) => e.service.code === request.params.code);
    if (!entry) return reply.callNotFound();
    return reply.page(`${VIEWS}/charter-service.njk`, { pageTitle: `${entry.service.name}: our standards`, entry: describeEntry(entry), layout: layoutOf(request), bodyClasses: `app-layout--${layoutOf(request)}` });
  });
}
