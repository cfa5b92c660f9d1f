// Pages for the statutory complaints reports: the report of the council's procedure first, the
// others a link away; any period (quick choices or dates); every figure a link to the complaints
// counted in it; a CSV of each; and England's self-assessment against the Complaint Handling Code,
// edited one requirement at a time with optimistic locking.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import { attachmentDisposition } from '../../../platform/web/download.js';
import { londonDate } from '../../../time/index.js';
import { REPORT_NAMES, REPORTS, type ReportKind } from '../model.js';
import { percentText, QUICK_PERIOD_NAMES, QUICK_PERIODS, quickPeriod, readPeriod, type Figure, type Period } from './model.js';
import {
  adoptedReport, buildReport, drillDown, getSelfAssessmentItem, listSelfAssessment, MET, MET_NAMES, recordDownload, reportCsv, UnknownMeasure, updateSelfAssessment, type Report,
} from './service.js';

const VIEWS = 'features/complaints/reports/views';
const config = { permission: 'complaints:reports' } as const;
const BASE = '/staff/complaints/reports';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const complaintReportsNavigation: NavigationItem = { href: BASE, text: 'Complaints reports', permission: 'complaints:reports' };

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';
const isReport = (value: string): value is ReportKind => (REPORTS as readonly string[]).includes(value);
const periodQuery = (p: Period) => `from=${p.from}&to=${p.to}`;

const numberText = (f: Figure, population: number | null): string => {
  if (f.value === null) return f.kind === 'rate' && population === null ? 'Population not set' : '–';
  return f.kind === 'average' ? f.value.toFixed(1) : f.value.toLocaleString('en-GB');
};

function reportView(report: Report, adopted: ReportKind) {
  return {
    report,
    populationText: report.population?.toLocaleString('en-GB'),
    sections: report.sections.map((s) => ({
      ...s,
      rows: s.figures.map((f) => ({
        label: f.label,
        number: numberText(f, report.population),
        countText: f.kind === 'count' ? '' : `${f.count} counted`,
        percent: f.percent === undefined ? '' : percentText(f.percent),
        href: `${BASE}/drill?report=${report.kind}&measure=${encodeURIComponent(f.key)}&${periodQuery(s.period)}`,
      })),
    })),
    learningByService: groupBy(report.learning, (l) => l.service),
    selfAssessmentSummary: report.selfAssessment && MET.map((m) => ({ text: MET_NAMES[m], count: report.selfAssessment!.filter((i) => i.met === m).length })).concat([{ text: 'Not assessed yet', count: report.selfAssessment.filter((i) => !i.met).length }]),
    reportLinks: REPORTS.map((k) => ({ href: `${BASE}/${k}?${periodQuery(report.period)}`, text: REPORT_NAMES[k], current: k === report.kind, adopted: k === adopted })),
    csvHref: `${BASE}/${report.kind}/csv?${periodQuery(report.period)}`,
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): { name: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups].map(([name, list]) => ({ name, items: list }));
}

export function registerComplaintReportRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;

  /** The period asked for, or the page again with the GOV.UK error summary. */
  async function periodOr400(request: FastifyRequest, reply: FastifyReply, kind: ReportKind): Promise<Period | undefined> {
    const query = formBody(request.query);
    const today = londonDate(deps.now());
    const read = readPeriod({ period: first(query.period), from: first(query.from), to: first(query.to) }, today);
    if (read.ok) return read.period;
    const errors: FormErrors = { summary: read.issues.map((i) => ({ text: i.text, href: `#${i.field}` })), fields: Object.fromEntries(read.issues.map((i) => [i.field, { text: i.text }])) };
    await reply.code(400).page(`${VIEWS}/report.njk`, { ...chrome(kind, await adoptedReport(db), today), values: { from: first(query.from), to: first(query.to) }, errors });
    return undefined;
  }

  function chrome(kind: ReportKind, adopted: ReportKind, today: string) {
    return {
      pageTitle: REPORT_NAMES[kind],
      kind,
      reportLinks: REPORTS.map((k) => ({ href: `${BASE}/${k}`, text: REPORT_NAMES[k], current: k === kind, adopted: k === adopted })),
      quickLinks: QUICK_PERIODS.map((q) => {
        const p = quickPeriod(q, today);
        return { text: QUICK_PERIOD_NAMES[q], href: `${BASE}/${kind}?${periodQuery(p)}` };
      }),
    };
  }

  async function showReport(request: FastifyRequest, reply: FastifyReply, kind: ReportKind) {
    const period = await periodOr400(request, reply, kind);
    if (!period) return reply;
    const adopted = await adoptedReport(db);
    const report = await buildReport(db, kind, period);
    return reply.page(`${VIEWS}/report.njk`, { ...chrome(kind, adopted, londonDate(deps.now())), ...reportView(report, adopted), values: period });
  }

  app.get(BASE, { config }, async (request, reply) => showReport(request, reply, await adoptedReport(db)));

  app.get<{ Params: { kind: string } }>(`${BASE}/:kind`, { config }, async (request, reply) => {
    if (!isReport(request.params.kind)) return reply.callNotFound();
    return showReport(request, reply, request.params.kind);
  });

  app.get<{ Params: { kind: string } }>(`${BASE}/:kind/csv`, { config }, async (request, reply) => {
    const kind = request.params.kind;
    if (!isReport(kind)) return reply.callNotFound();
    const period = await periodOr400(request, reply, kind);
    if (!period) return reply;
    const report = await buildReport(db, kind, period);
    await recordDownload(db, request.actor(), kind, period);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(`complaints-${kind}-${period.from}-to-${period.to}.csv`))
      .header('cache-control', 'private, no-store')
      .send(reportCsv(report));
  });

  app.get(`${BASE}/drill`, { config }, async (request, reply) => {
    const query = formBody(request.query);
    const kind = first(query.report);
    if (!isReport(kind)) return reply.callNotFound();
    const period = await periodOr400(request, reply, kind);
    if (!period) return reply;
    try {
      const drilled = await drillDown(db, kind, first(query.measure), period);
      return reply.page(`${VIEWS}/drill.njk`, {
        pageTitle: `${drilled.label}: complaints counted`,
        label: drilled.label,
        items: drilled.items,
        period,
        back: { href: `${BASE}/${kind}?${periodQuery(period)}`, text: REPORT_NAMES[kind] },
      });
    } catch (error) {
      if (error instanceof UnknownMeasure) return reply.callNotFound();
      throw error;
    }
  });

  registerSelfAssessmentRoutes(app, deps);
}

function registerSelfAssessmentRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  const { db } = deps;
  const PATH = `${BASE}/self-assessment`;

  app.get(PATH, { config }, async (request, reply) => {
    const items = await listSelfAssessment(db);
    const saved = first(formBody(request.query).saved) === '1';
    return reply.page(`${VIEWS}/self-assessment.njk`, {
      pageTitle: 'Self-assessment against the Complaint Handling Code',
      saved,
      items: items.map((i) => ({ ...i, metName: i.met ? MET_NAMES[i.met] : 'Not assessed yet' })),
    });
  });

  type ItemRequest = FastifyRequest<{ Params: { id: string } }>;
  const itemOf = async (request: ItemRequest) => (UUID.test(request.params.id) ? getSelfAssessmentItem(db, request.params.id) : undefined);
  const metItems = (chosen: string) => MET.map((m) => ({ value: m, text: MET_NAMES[m], checked: m === chosen }));

  app.get<{ Params: { id: string } }>(`${PATH}/:id`, { config }, async (request, reply) => {
    const item = await itemOf(request);
    if (!item) return reply.callNotFound();
    return reply.page(`${VIEWS}/self-assessment-item.njk`, { pageTitle: 'Change a self-assessment requirement', item, values: { ...item, met: item.met ?? '' }, metItems: metItems(item.met ?? '') });
  });

  app.post<{ Params: { id: string } }>(`${PATH}/:id`, { config }, async (request, reply) => {
    const item = await itemOf(request);
    if (!item) return reply.callNotFound();
    const body = formBody(request.body);
    const values = { met: first(body.met), evidence: first(body.evidence), commentary: first(body.commentary), version: first(body.version) };
    const show = (code: number, errors: FormErrors) =>
      reply.code(code).page(`${VIEWS}/self-assessment-item.njk`, { pageTitle: 'Change a self-assessment requirement', item, values, metItems: metItems(values.met), errors });
    const expectedVersion = Number(values.version);
    if (!Number.isInteger(expectedVersion)) return show(400, formError('met', 'This form is out of date: reload the page and make your changes again'));
    try {
      await updateSelfAssessment(db, request.actor(), { id: item.id, expectedVersion, now: deps.now(), values: { met: values.met || undefined, evidence: values.evidence, commentary: values.commentary } });
    } catch (error) {
      if (error instanceof InvalidInput) return show(400, invalidInputErrors(error));
      if (error instanceof StaleEditError) return show(409, formError('met', `${error.message}. Your changes are below and have not been saved: reload the page to see theirs, then make your changes again.`));
      throw error;
    }
    return reply.redirect(`${PATH}?saved=1`, 303);
  });
}
