// The officer's case page, /staff/cases/:reference: the case, its standards, its timeline, and a
// form for each thing an officer does to it. Every view is audited (a case holds a customer's
// personal data). A form that fails is shown again with what was typed, so nothing is lost:
// a mistake gets the GOV.UK error summary, a case changed by someone else meanwhile gets the
// latest details and a request to check them. Also the download of a case's files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../../../platform/audit/audit.js';
import type { Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import type { FileStore } from '../../../platform/files/index.js';
import { formBody, formError, type FormErrors } from '../../../platform/web/forms.js';
import { sendDownload } from '../../../platform/web/download.js';
import { chosenId } from '../queue/service.js';
import { addNote, assignCase, CaseNotFound, changeStatus, extendStandard, markDuplicate, recordVisit, type CaseContext } from '../lifecycle.js';
import { parseReference } from '../reference.js';
import { openCaseAttachment } from '../uploads.js';
import { loadCasePage } from './page.js';
import { caseHref } from './timeline.js';

const VIEWS = 'features/cases/case-page/views';
const read = { permission: 'cases:read' } as const;
const work = { permission: 'cases:work' } as const;

export const STALE_MESSAGE = 'This case changed since you opened it. Check the latest details below, then try again.';

type Body = Record<string, string | string[]>;
type Params = { Params: { reference: string } };

/** The forms on the page. An input's id is `${action}-${field}`, so the same field name can be on two forms. */
const ACTIONS = ['status', 'note', 'assign', 'extend', 'visit', 'duplicate'] as const;
type Action = (typeof ACTIONS)[number];
const FIELDS: Record<Action, readonly string[]> = {
  status: ['status', 'message', 'reason'],
  note: ['text', 'visibility'],
  assign: ['teamId', 'assigneeId'],
  extend: ['standardId', 'by', 'reason'],
  visit: ['note'],
  duplicate: ['of'],
};

/** What the success banner says, by the `done` flag of the redirect. */
const DONE: Record<string, string> = {
  note: 'Internal note added',
  update: 'Update for the customer added',
  assign: 'Assignment saved',
  extend: 'Standard extended',
  visit: 'Site visit recorded',
  duplicate: 'Case marked as a duplicate',
};

const one = (body: Body, name: string): string => String(([] as string[]).concat(body[name] ?? '')[0] ?? '');

/** The version the form was opened at; a form without one can only be stale. */
const versionOf = (body: Body): number => (/^\d{1,9}$/.test(one(body, 'version')) ? Number(one(body, 'version')) : -1);

/** An id chosen from a select, or null for the empty choice; anything else is not from the list. */
function chosenIdOf(body: Body, field: string, message: string): string | null {
  return chosenId(one(body, field), field, message);
}

function noteVisibility(body: Body): 'internal' | 'public' {
  const chosen = one(body, 'visibility');
  if (chosen === 'internal' || chosen === 'public') return chosen;
  const issues = [{ field: 'visibility', message: 'Select whether this is an internal note or an update for the customer' }];
  if (!one(body, 'text').trim()) issues.unshift({ field: 'text', message: 'Enter the note or update' });
  throw new InvalidInput(issues);
}

/** A reference typed into the duplicate form, in its usual form if it is one; the lifecycle says if no such case exists. */
function typedReference(body: Body): string {
  const parsed = parseReference(one(body, 'of'));
  return parsed.ok ? parsed.reference : one(body, 'of');
}

type Target = { reference: string; expectedVersion: number };

/** Each form's change; returns the `done` flag for the banner. */
const RUN: Record<Action, (ctx: CaseContext, target: Target, body: Body) => Promise<string>> = {
  status: async (ctx, target, body) => {
    await changeStatus(ctx, { ...target, to: one(body, 'status'), message: one(body, 'message'), reason: one(body, 'reason') });
    return 'status';
  },
  note: async (ctx, target, body) => {
    const visibility = noteVisibility(body);
    await addNote(ctx, { ...target, text: one(body, 'text'), public: visibility === 'public' });
    return visibility === 'public' ? 'update' : 'note';
  },
  assign: async (ctx, target, body) => {
    const teamId = chosenIdOf(body, 'teamId', 'Choose a team from the list');
    const assigneeId = chosenIdOf(body, 'assigneeId', 'Choose a person from the list');
    await assignCase(ctx, { ...target, teamId, assigneeId });
    return 'assign';
  },
  extend: async (ctx, target, body) => {
    const by = one(body, 'by').trim();
    // Anything but digits is NaN, which the lifecycle refuses with its own message.
    await extendStandard(ctx, { ...target, standardId: one(body, 'standardId'), by: /^\d{1,6}$/.test(by) ? Number(by) : Number.NaN, reason: one(body, 'reason') });
    return 'extend';
  },
  visit: async (ctx, target, body) => {
    await recordVisit(ctx, { ...target, note: one(body, 'note') });
    return 'visit';
  },
  duplicate: async (ctx, target, body) => {
    await markDuplicate(ctx, { ...target, of: typedReference(body) });
    return 'duplicate';
  },
};

/** A service's field issues as errors on this action's inputs; an issue about anything else points at the form. */
function actionErrors(action: Action, error: InvalidInput): FormErrors {
  const idOf = (field: string) => (FIELDS[action].includes(field) ? `${action}-${field}` : `${action}-form`);
  const fields: FormErrors['fields'] = {};
  for (const issue of error.issues) fields[idOf(issue.field)] ??= { text: issue.message };
  return { summary: error.issues.map((i) => ({ text: i.message, href: `#${idOf(i.field)}` })), fields };
}

interface Shown {
  code?: number;
  action?: Action;
  values?: Body;
  errors?: FormErrors;
  /** The version the forms carry: the one the user opened after a mistake, the latest otherwise. */
  version?: number;
  done?: string;
}

export function registerCasePageRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; now: () => Date; publicUrl: string }): void {
  const { db } = deps;

  const caseNotFound = (reply: FastifyReply, reference?: string) =>
    reply.code(404).page('error.njk', {
      pageTitle: 'Case not found',
      paragraphs: reference
        ? [`There is no case with the reference ${reference}.`, 'Check the reference and try again.']
        : ['There is no case with that reference.', 'A case reference has 8 letters and numbers, like 7KQM-3XW9. Check it and try again.'],
      link: { href: '/staff', text: 'Go to your staff home page' },
    });

  const showCase = async (request: FastifyRequest, reply: FastifyReply, reference: string, shown: Shown = {}) => {
    const page = await loadCasePage(db, reference, deps.now());
    if (!page) return caseNotFound(reply, reference);
    await recordAudit(db, request.actor(), { action: 'case.viewed', subjectType: 'case', subjectId: page.kase.id, detail: { reference } });
    const banner = shown.done === 'status' ? `Status changed to ${page.status.name}` : shown.done && DONE[shown.done];
    return reply.code(shown.code ?? 200).page(`${VIEWS}/case.njk`, {
      ...page,
      pageTitle: `Case ${reference}`,
      version: shown.version ?? page.kase.version,
      posted: shown.action,
      values: shown.values ?? {},
      errors: shown.errors,
      banner,
    });
  };

  app.get<Params & { Querystring: { done?: string } }>('/staff/cases/:reference', { config: read }, async (request, reply) => {
    const parsed = parseReference(request.params.reference);
    if (!parsed.ok) return caseNotFound(reply);
    // A reference typed in lower case or without its dash still finds the case, at its usual address.
    if (parsed.reference !== request.params.reference) return reply.redirect(caseHref(parsed.reference), 303);
    return showCase(request, reply, parsed.reference, { done: request.query.done });
  });

  for (const action of ACTIONS) {
    app.post<Params>(`/staff/cases/:reference/${action}`, { config: work }, async (request, reply) => {
      const parsed = parseReference(request.params.reference);
      if (!parsed.ok) return caseNotFound(reply);
      const { reference } = parsed;
      const body = formBody(request.body);
      const ctx: CaseContext = { db, actor: request.actor(), now: deps.now(), publicUrl: deps.publicUrl };
      const target = { reference, expectedVersion: versionOf(body) };
      let done: string;
      try {
        done = await RUN[action](ctx, target, body);
      } catch (error) {
        if (error instanceof InvalidInput) return showCase(request, reply, reference, { code: 400, action, values: body, errors: actionErrors(action, error), version: target.expectedVersion });
        // The latest details, the user's input kept, and the latest version so that trying again works.
        if (error instanceof StaleEditError) return showCase(request, reply, reference, { code: 409, action, values: body, errors: formError(`${action}-form`, STALE_MESSAGE) });
        if (error instanceof CaseNotFound) return caseNotFound(reply, reference);
        throw error;
      }
      return reply.redirect(`${caseHref(reference)}?done=${done}`, 303);
    });
  }

  app.get<{ Params: { reference: string; id: string } }>('/staff/cases/:reference/attachments/:id', { config: read }, async (request, reply) => {
    const file = await openCaseAttachment(db, deps.files, request.actor(), { reference: request.params.reference, id: request.params.id });
    if (!file) return reply.callNotFound();
    return sendDownload(reply, file);
  });
}
