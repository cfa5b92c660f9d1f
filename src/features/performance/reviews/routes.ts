// Pages of the quarterly Customer Service Review. Staff: the list of reviews (start a quarter's
// draft), a draft (the report as it would be published, with a commentary box per red item and one
// on the summary; save or publish), a published review (its frozen HTML; issue a correction), and
// each review's PDF, CSV and XLSX. Public: /performance lists the published reviews (the latest
// version of each quarter) and /performance/<quarter> shows one, frozen, with its PDF.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import { formatDate } from '../../../platform/views/environment.js';
import { attachmentDisposition } from '../../../platform/web/download.js';
import { formBody, formError, invalidInputErrors, type FormErrors } from '../../../platform/web/forms.js';
import type { NavigationItem } from '../../../platform/web/render.js';
import type { PerformanceDeps } from '../deps.js';
import { reviewCsv } from './csv.js';
import { commentaryFieldId, lastCompleteQuarter, parseQuarter, reviewableQuarters, SUMMARY_FIELD_ID, type ReviewFigures } from './model.js';
import { ChromiumUnavailable, createPdfRenderer, rememberingPdfs, siteStylesheet, type PdfRenderer } from './pdf.js';
import { renderReport, reportView, reportViews } from './report.js';
import {
  CommentaryNeeded, correctionHref, draftFigures, getPublished, getReview, listReviews, publishedQuarters, publishedReviewOf, publishReview, reportMeta,
  reviewHref, ReviewNotFound, ReviewPublished, saveCommentary, startCorrection, startReview, type Commentary, type ReviewContext, type ReviewRow,
} from './service.js';
import { reviewXlsx } from './xlsx.js';

const VIEWS = 'features/performance/reviews/views';
const read = { permission: 'performance:read' } as const;
const manage = { permission: 'performance:manage' } as const;
const BASE = '/staff/performance/reviews';

export const reviewsNavigation: NavigationItem[] = [{ href: BASE, text: 'Quarterly reviews', permission: 'performance:read' }];

export const STALE_MESSAGE = 'Someone else changed this review since you opened it. Your commentary below has not been saved: check it, then save again.';

type Body = Record<string, string | string[]>;
const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? '';

/** "<uuid>", "<uuid>.pdf", "2026-Q4.csv": the record and the edition asked for. */
function splitFile(file: string): { name: string; format: 'html' | 'pdf' | 'csv' | 'xlsx' } {
  const match = /^(.+)\.(pdf|csv|xlsx)$/.exec(file);
  return match ? { name: match[1]!, format: match[2] as 'pdf' | 'csv' | 'xlsx' } : { name: file, format: 'html' };
}

const fileName = (review: ReviewRow, ext: string) => `customer-service-review-${review.periodKey}-v${review.version}.${ext}`;

export function registerReviewRoutes(app: FastifyInstance, deps: PerformanceDeps): void {
  const pdf = rememberingPdfs(createPdfRenderer());
  app.addHook('onClose', async () => pdf.close());
  registerStaffPages(app, deps, pdf);
  registerPublicPages(app, deps, pdf);
}

const ctxOf = (request: FastifyRequest, deps: PerformanceDeps): ReviewContext => ({ db: deps.db, registry: deps.registry, actor: request.actor(), now: deps.now() });

// ---- the editions shared by staff and public pages

interface Edition {
  review: ReviewRow;
  figures: ReviewFigures;
  /** The report's HTML: stored for a published review, rendered now for a draft. */
  html: string;
  councilName: string;
  title: string;
  status: string;
}

async function editionOf(deps: PerformanceDeps, review: ReviewRow): Promise<Edition> {
  const meta = await reportMeta(deps.db, review);
  const period = parseQuarter(review.periodKey)!;
  const title = `Customer Service Review: ${period.label}`;
  if (review.status === 'published') {
    const published = (await getPublished(deps.db, review.id))!;
    return { review, figures: published.figures, html: published.html, councilName: meta.councilName, title, status: `Published on ${formatDate(published.publishedAt!)}, version ${review.version}` };
  }
  const figures = await draftFigures({ db: deps.db, registry: deps.registry, now: deps.now() }, review);
  return { review, figures, html: renderReport(await reportView(figures, meta)), councilName: meta.councilName, title, status: `Draft, version ${review.version}: figures as at ${formatDate(figures.computedAt)}` };
}

async function sendEdition(reply: FastifyReply, edition: Edition, format: 'pdf' | 'csv' | 'xlsx', pdf: PdfRenderer, visibility: 'private' | 'public') {
  const cache = visibility === 'public' ? 'public, max-age=300' : 'private, no-store';
  if (format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachmentDisposition(fileName(edition.review, 'csv'))).header('cache-control', cache).send(reviewCsv(edition.figures));
  }
  if (format === 'xlsx') {
    const body = await reviewXlsx(edition.figures, { councilName: edition.councilName, status: edition.status });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachmentDisposition(fileName(edition.review, 'xlsx')))
      .header('cache-control', cache)
      .send(body);
  }
  try {
    const document = printDocument(edition);
    const body = await pdf.pdf(document, { councilName: edition.councilName, title: edition.title });
    return await reply.type('application/pdf').header('content-disposition', attachmentDisposition(fileName(edition.review, 'pdf'))).header('cache-control', cache).send(body);
  } catch (error) {
    if (!(error instanceof ChromiumUnavailable)) throw error;
    reply.log.warn({ err: error }, 'PDF edition unavailable');
    return reply.code(503).page('error.njk', {
      pageTitle: 'The PDF cannot be made on this server',
      paragraphs: [
        'The PDF edition of the review is printed by the Chromium web browser, which this server could not start.',
        `An administrator can install it with “apt-get install chromium” (Debian or Ubuntu), or set CHROMIUM_PATH to where Chromium is installed, then restart CharterDesk. (${error.reason})`,
        'The review itself, its CSV and its spreadsheet are still available.',
      ],
      link: { href: visibility === 'public' ? `/performance/${edition.review.periodKey}` : reviewHref(edition.review.id), text: 'Back to the review' },
    });
  }
}

/** The print edition: the report on its own, the site's styles inlined, the chart tables open. */
function printDocument(edition: Edition): string {
  return reportViews().render(`${VIEWS}/print.njk`, {
    title: edition.title,
    councilName: edition.councilName,
    css: siteStylesheet(),
    reportHtml: edition.html.replace(/<details class="govuk-details app-chart__data"(?! open)/g, '<details class="govuk-details app-chart__data" open'),
  });
}

// ---- staff pages

function registerStaffPages(app: FastifyInstance, deps: PerformanceDeps, pdf: PdfRenderer): void {
  const showList = async (request: FastifyRequest, reply: FastifyReply, view: { code?: number; errors?: FormErrors; chosen?: string; published?: ReviewRow } = {}) => {
    const now = deps.now();
    const reviews = await listReviews(deps.db);
    const chosen = view.chosen ?? lastCompleteQuarter(now).key;
    return reply.code(view.code ?? 200).page(`${VIEWS}/list.njk`, {
      pageTitle: 'Quarterly Customer Service Reviews',
      errors: view.errors,
      quarterItems: reviewableQuarters(now).map((q) => ({ value: q.key, text: q.label, selected: q.key === chosen })),
      published: view.published && { href: reviewHref(view.published.id), correctionHref: correctionHref(view.published.id), on: formatDate(view.published.publishedAt!) },
      rows: reviews.map((r) => ({
        href: reviewHref(r.id),
        quarter: r.period.label,
        version: r.version,
        status: r.status === 'draft' ? 'Draft' : r.superseded ? 'Published, replaced by a correction' : 'Published',
        tag: r.status === 'draft' ? 'govuk-tag--blue' : r.superseded ? 'govuk-tag--grey' : 'govuk-tag--green',
        when: r.status === 'published' ? `Published ${formatDate(r.publishedAt!)} by ${r.publishedByLabel}` : `Started ${formatDate(r.createdAt)} by ${r.createdByLabel}`,
        reason: r.correctionReason,
      })),
      done: first(formBody(request.query).done),
    });
  };

  app.get(BASE, { config: read }, async (request, reply) => showList(request, reply));

  app.post(BASE, { config: manage }, async (request, reply) => {
    const chosen = first(formBody(request.body).period);
    try {
      const started = await startReview(ctxOf(request, deps), chosen);
      return await reply.redirect(reviewHref(started.id), 303);
    } catch (error) {
      if (error instanceof ReviewPublished) {
        const message = `The review for ${parseQuarter(chosen)!.label} was published on ${formatDate(error.review.publishedAt!)}. To change it, issue a correction`;
        return showList(request, reply, { code: 409, errors: formError('period', message), chosen, published: error.review });
      }
      if (error instanceof InvalidInput) return showList(request, reply, { code: 400, errors: invalidInputErrors(error), chosen });
      throw error;
    }
  });

  const showReview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    review: ReviewRow,
    view: { code?: number; errors?: FormErrors; posted?: Commentary; editVersion?: number } = {},
  ) => {
    const links = { pdf: `${reviewHref(review.id)}.pdf`, csv: `${reviewHref(review.id)}.csv`, xlsx: `${reviewHref(review.id)}.xlsx` };
    const period = parseQuarter(review.periodKey)!;
    if (review.status === 'published') {
      const published = (await getPublished(deps.db, review.id))!;
      const versions = (await listReviews(deps.db)).filter((r) => r.periodKey === review.periodKey);
      const newer = versions.find((v) => v.version > review.version && v.status === 'published');
      const draft = versions.find((v) => v.status === 'draft');
      return reply.code(view.code ?? 200).page(`${VIEWS}/published.njk`, {
        pageTitle: `Customer Service Review: ${period.label}`,
        reviewHtml: published.html,
        review,
        links,
        publishedOn: formatDate(published.publishedAt!),
        newer: newer && { href: reviewHref(newer.id), version: newer.version },
        draft: draft && { href: reviewHref(draft.id), version: draft.version },
        correctionHref: !newer && !draft ? correctionHref(review.id) : undefined,
        publicHref: !newer ? `/performance/${review.periodKey}` : undefined,
        done: first(formBody(request.query).done),
      });
    }
    const figures = await draftFigures(ctxOf(request, deps), review);
    const meta = await reportMeta(deps.db, review);
    if (view.posted) {
      meta.summaryCommentary = view.posted.summary;
      meta.commentary = { ...meta.commentary, ...view.posted.byCode };
    }
    return reply.code(view.code ?? 200).page(`${VIEWS}/draft.njk`, {
      pageTitle: `Draft: Customer Service Review, ${period.label}`,
      errors: view.errors,
      review,
      links,
      editVersion: view.editVersion ?? review.editVersion,
      redCount: figures.summary.red.length,
      reportHtml: renderReport(await reportView(figures, meta), { errors: view.errors }),
      done: first(formBody(request.query).done),
    });
  };

  app.get<{ Params: { file: string } }>(`${BASE}/:file`, { config: read }, async (request, reply) => {
    const { name, format } = splitFile(request.params.file);
    const review = await getReview(deps.db, name);
    if (!review) return reply.callNotFound();
    if (format === 'html') return showReview(request, reply, review);
    return sendEdition(reply, await editionOf(deps, review), format, pdf, 'private');
  });

  app.post<{ Params: { file: string } }>(`${BASE}/:file`, { config: manage }, async (request, reply) => {
    const review = await getReview(deps.db, request.params.file);
    if (!review) return reply.callNotFound();
    const body = formBody(request.body);
    const posted = await readCommentary(deps, body);
    const editVersion = Number(first(body.editVersion));
    const ctx = ctxOf(request, deps);
    try {
      if (first(body.intent) === 'publish') {
        await publishReview(ctx, review.id, editVersion, posted);
        return await reply.redirect(`${reviewHref(review.id)}?done=published`, 303);
      }
      await saveCommentary(ctx, review.id, editVersion, posted);
      return await reply.redirect(`${reviewHref(review.id)}?done=saved#commentary-form`, 303);
    } catch (error) {
      if (error instanceof ReviewPublished) return refusePublished(reply, error);
      if (error instanceof ReviewNotFound) return reply.callNotFound();
      if (error instanceof StaleEditError) return showReview(request, reply, review, { code: 409, errors: formError('commentary-form', STALE_MESSAGE), posted });
      if (error instanceof CommentaryNeeded) {
        // The commentary was saved; the page shows it again with a message on each empty red item.
        const saved = (await getReview(deps.db, review.id))!;
        return showReview(request, reply, saved, { code: 400, errors: invalidInputErrors(error) });
      }
      if (error instanceof InvalidInput) return showReview(request, reply, review, { code: 400, errors: invalidInputErrors(error), posted });
      throw error;
    }
  });

  const refusePublished = (reply: FastifyReply, error: ReviewPublished) =>
    reply.code(409).page('error.njk', {
      pageTitle: 'This review has been published',
      paragraphs: [error.message, 'Published reviews never change, so that what Cabinet and the public read stays as it was. A correction is a new version, with your reason, which replaces this one when you publish it.'],
      link: { href: correctionHref(error.review.id), text: 'Issue a correction' },
    });

  const showCorrection = async (reply: FastifyReply, review: ReviewRow, view: { code?: number; errors?: FormErrors; reason?: string } = {}) =>
    reply.code(view.code ?? 200).page(`${VIEWS}/correction.njk`, {
      pageTitle: `Correct the review of ${parseQuarter(review.periodKey)!.label}`,
      review,
      backHref: reviewHref(review.id),
      errors: view.errors,
      reason: view.reason ?? '',
    });

  app.get<{ Params: { id: string } }>(`${BASE}/:id/correction`, { config: manage }, async (request, reply) => {
    const review = await getReview(deps.db, request.params.id);
    if (!review) return reply.callNotFound();
    if (review.status !== 'published') return reply.redirect(reviewHref(review.id), 303);
    return showCorrection(reply, review);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/correction`, { config: manage }, async (request, reply) => {
    const review = await getReview(deps.db, request.params.id);
    if (!review) return reply.callNotFound();
    const reason = first(formBody(request.body).reason);
    try {
      const started = await startCorrection(ctxOf(request, deps), review.id, reason);
      return await reply.redirect(`${reviewHref(started.id)}${started.created ? '?done=correction' : ''}`, 303);
    } catch (error) {
      if (error instanceof InvalidInput) return showCorrection(reply, review, { code: 400, errors: invalidInputErrors(error), reason });
      throw error;
    }
  });
}

/** The commentary boxes of the draft form, by KPI code (the boxes' names are made from the codes). */
async function readCommentary(deps: PerformanceDeps, body: Body): Promise<Commentary> {
  const byCode: Record<string, string> = {};
  for (const kpi of await deps.registry.list(deps.db)) {
    const field = commentaryFieldId(kpi.code);
    if (field in body) byCode[kpi.code] = first(body[field]);
  }
  return { summary: first(body[SUMMARY_FIELD_ID]), byCode };
}

// ---- public pages

function registerPublicPages(app: FastifyInstance, deps: PerformanceDeps, pdf: PdfRenderer): void {
  app.get('/performance', async (_request, reply) => {
    const quarters = await publishedQuarters(deps.db);
    return reply.page(`${VIEWS}/public-list.njk`, {
      pageTitle: 'How we are performing',
      reviews: quarters.map((q) => ({
        href: `/performance/${q.period.key}`,
        pdfHref: `/performance/${q.period.key}.pdf`,
        title: `Customer Service Review: ${q.period.label}`,
        publishedOn: formatDate(q.publishedAt),
        correction: q.correctionReason,
      })),
    });
  });

  app.get<{ Params: { file: string } }>('/performance/:file', async (request, reply) => {
    const { name, format } = splitFile(request.params.file);
    const period = parseQuarter(name);
    if (!period || format === 'csv' || format === 'xlsx') {
      return reply.code(404).page('error.njk', {
        pageTitle: 'Page not found',
        paragraphs: [`There is no quarter called “${name.slice(0, 40)}”. A quarter’s review is at an address like /performance/2026-Q4 (October to December 2026).`],
        link: { href: '/performance', text: 'See the published reviews' },
      });
    }
    const found = await publishedReviewOf(deps.db, period.key);
    if (!found) {
      return reply.code(404).page('error.njk', {
        pageTitle: `No review published for ${period.label}`,
        paragraphs: ['The council has not published its Customer Service Review for this quarter yet.'],
        link: { href: '/performance', text: 'See the published reviews' },
      });
    }
    if (format === 'pdf') return sendEdition(reply, await editionOf(deps, found.latest), 'pdf', pdf, 'public');
    return reply.page(`${VIEWS}/public-review.njk`, {
      pageTitle: `Customer Service Review: ${period.label}`,
      reviewHtml: found.latest.html,
      pdfHref: `/performance/${period.key}.pdf`,
      correction: found.earlier.length
        ? { on: formatDate(found.latest.publishedAt!), reason: found.latest.correctionReason, firstOn: formatDate(found.earlier[found.earlier.length - 1]!.publishedAt!) }
        : undefined,
    });
  });
}
