// The public Customer Charter: "Our service standards", all of them and per service, in print,
// large-print and plain-text editions, and as a JSON feed for other systems. Every edition reads
// one model (charterModel): the promises and how the council did against them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { formatDate } from '../../platform/views/environment.js';
import { getCouncil } from '../council/service.js';
import { CHANNEL_NAMES, describeClock, STAGE_NAMES, type Standard } from './model.js';
import { sparkline } from '../../platform/charts/charts.js';
import { charterPerformance, type CharterQuarters, type Figure, type Quarter, type StandardFigures } from './performance.js';
import { publishedCharter, type CharterEntry } from './service.js';

const VIEWS = 'features/charter/views';
const LAYOUTS = ['standard', 'print', 'large-print'] as const;
type Layout = (typeof LAYOUTS)[number];

function layoutOf(request: FastifyRequest): Layout {
  const asked = (request.query as Record<string, unknown>).layout;
  return LAYOUTS.find((l) => l === asked) ?? 'standard';
}

/** The last four quarters' shares as a small line (decoration: the figures are in the text beside it). */
const trendOf = (figures: StandardFigures): string => sparkline(figures.lastFour.map((f) => f.percentMet), { width: 88, height: 24 });

function describeStandard(s: Standard, figures: StandardFigures) {
  return { ...s, stageName: STAGE_NAMES[s.stage], timeAllowed: describeClock(s.clockUnit, s.clockAmount), target: s.targetPercent, ...figures, trend: trendOf(figures) };
}

type EntryModel = ReturnType<typeof describeEntry>;

function describeEntry(entry: CharterEntry, figures: (standardId: string) => StandardFigures) {
  return {
    ...entry.service,
    channelNames: entry.service.channels.filter((c) => c !== 'open311').map((c) => CHANNEL_NAMES[c]),
    standards: entry.standards.map((s) => describeStandard(s, figures(s.id))),
    requestTypes: entry.requestTypes,
  };
}

interface CharterModel {
  councilName: string;
  quarters: CharterQuarters;
  entries: EntryModel[];
}

/** The whole charter, or one service's part of it. */
async function charterModel(db: Db, now: Date, serviceCode?: string): Promise<CharterModel> {
  const [council, all] = await Promise.all([getCouncil(db), publishedCharter(db)]);
  const entries = serviceCode === undefined ? all : all.filter((e) => e.service.code === serviceCode);
  const performance = await charterPerformance(db, entries.flatMap((e) => e.standards), now);
  return { councilName: council.name, quarters: performance.quarters, entries: entries.map((e) => describeEntry(e, performance.of)) };
}

const sentence = (text: string) => text.replace(/\.?$/, '.');
const figureText = (f: Figure) => (f.targetMet === null ? f.text : `${f.text}, ${f.targetMet ? 'target met' : 'below target'}`);

/** The charter as plain text: for screen readers' users who prefer it, email and letters. */
function plainText(model: CharterModel): string {
  const { last, current } = model.quarters;
  const lines = [`${model.councilName}: our service standards`, '', 'How we will serve you, service by service, and how we did.', ''];
  for (const entry of model.entries) {
    lines.push(entry.name, '-'.repeat(entry.name.length));
    for (const s of entry.standards) {
      lines.push(`* ${sentence(s.sentence)} Our target: ${s.targetPercent}% of the time.`);
      lines.push(`  Last quarter (${last.label}): ${sentence(figureText(s.lastQuarter))}`, `  So far this quarter (from ${formatDate(current.from)}): ${sentence(figureText(s.quarterSoFar))}`);
      lines.push(`  The last four quarters: ${model.quarters.lastFour.map((q, i) => `${q.label}, ${s.lastFour[i]!.text}`).join('; ')}.`);
    }
    if (entry.standards.length === 0) lines.push('* No published standards yet.');
    lines.push('');
  }
  return lines.join('\n');
}

function figureJson(f: Figure, q: Quarter) {
  return { from: q.firstDay, to: q.lastDay, met: f.met, missed: f.missed, measured: f.measured, percent_met: f.percentMet, target_met: f.targetMet };
}

function feed(model: CharterModel) {
  const { last, current, lastFour } = model.quarters;
  return {
    council: model.councilName,
    services: model.entries.map((e) => ({
      code: e.code,
      name: e.name,
      department: e.department,
      description: e.description,
      channels: e.channels,
      standards: e.standards.map((s) => ({
        code: s.code,
        version: s.version,
        sentence: s.sentence,
        stage: s.stage,
        clock: { unit: s.clockUnit, amount: s.clockAmount, starts: s.startEvent, stops: s.stopEvent },
        target_percent: s.targetPercent,
        // Quarter so far: `to` is the quarter's last day; the figures count up to now.
        performance: {
          last_quarter: figureJson(s.lastQuarter, last),
          quarter_so_far: figureJson(s.quarterSoFar, current),
          last_four_quarters: lastFour.map((q, i) => figureJson(s.lastFour[i]!, q)),
        },
      })),
      request_types: e.requestTypes.map((r) => ({ code: r.code, name: r.name, form: `/request/${r.code}` })),
    })),
  };
}

export function registerCharterPublicRoutes(app: FastifyInstance, deps: { db: Db; now?: () => Date }): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const model = (serviceCode?: string) => charterModel(db, now(), serviceCode);
  const edition = (request: FastifyRequest) => ({ layout: layoutOf(request), bodyClasses: `app-layout--${layoutOf(request)}` });

  const showAll = async (request: FastifyRequest, reply: FastifyReply) => {
    const { entries, quarters } = await model();
    return reply.page(`${VIEWS}/charter.njk`, { pageTitle: 'Our service standards', entries, quarters, ...edition(request) });
  };
  app.get('/standards', showAll);

  app.get('/standards.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(plainText(await model())));

  app.get('/standards.json', async (_request, reply) => reply.send(feed(await model())));

  app.get<{ Params: { code: string } }>('/standards/:code', async (request, reply) => {
    const { entries, quarters } = await model(request.params.code);
    const entry = entries[0];
    if (!entry) return reply.callNotFound();
    return reply.page(`${VIEWS}/charter-service.njk`, { pageTitle: `${entry.name}: our standards`, entry, quarters, ...edition(request) });
  });
}
