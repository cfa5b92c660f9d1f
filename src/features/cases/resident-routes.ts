// The resident e-form, generated from the request type: the form, "check your answers", and a
// confirmation with the case reference. Plain HTML forms: it all works without JavaScript.
// A form with a file upload posts multipart/form-data; the file is held as a pending upload from
// its first post, and "check your answers" carries the upload's id, not the file (form-files.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import type { FileStore } from '../../platform/files/index.js';
import { mergeErrors, readFormBody, toFormErrors, type FormErrors } from '../../platform/web/forms.js';
import { londonDate } from '../../time/index.js';
import { ATTACHMENT_MAX_BYTES, answerRows, parseAnswers, type FormValues } from '../charter/fields/answers.js';
import { sortFields } from '../charter/fields/model.js';
import { offeredOnline, residentFormFields, type RequestType } from '../charter/request-types.js';
import { getService, listRequestTypes } from '../charter/service.js';
import { holdNewFiles, readFormFiles, withGoneUploads } from './form-files.js';
import { readMultipartForm, receivedFiles } from '../../platform/web/multipart.js';
import { contactDetails, readContact } from './contact-form.js';
import { carried, formInputOf, formValues, goneErrors, hasAttachments, type Body } from './form-state.js';
import { createWebRatingToken, webRatingForm } from '../insight/ratings/service.js';
import { raiseCase } from './service.js';
import { privatePage } from './tracking/routes.js';
import { isTokenOf } from './tracking/service.js';
import { uploadOwner } from './upload-owner.js';
import { PendingUploadGoneError } from './uploads.js';


const VIEWS = 'features/cases/views';

type Found = { requestType: RequestType; serviceName: string };

/** A request type residents may use now, with its published service; undefined otherwise. */
async function residentRequestType(db: Db, code: string): Promise<Found | undefined> {
  const requestType = (await listRequestTypes(db, { audience: 'resident' })).find((r) => r.code === code);
  if (!requestType || !offeredOnline(requestType)) return undefined;
  const service = await getService(db, { id: requestType.serviceId });
  return service.published ? { requestType, serviceName: service.name } : undefined;
}

// The hook that reads multipart posts keeps a few files (one per attachment field) of 10MB at most.
const multipartForm = readMultipartForm({ maxFileBytes: ATTACHMENT_MAX_BYTES, maxFiles: 10 });

export function registerResidentRequestRoutes(app: FastifyInstance, deps: { db: Db; files: FileStore; now: () => Date; publicUrl: string }): void {
  const { db } = deps;

  const showForm = (reply: FastifyReply, found: Found, values: FormValues | Record<string, unknown>, contact: Body, errors?: FormErrors) => {
    const fields = sortFields(residentFormFields(found.requestType));
    return reply.code(errors ? 400 : 200).page(`${VIEWS}/request-form.njk`, {
      pageTitle: found.requestType.name,
      requestType: found.requestType,
      serviceName: found.serviceName,
      fields,
      multipart: hasAttachments(fields),
      values,
      contact,
      errors,
    });
  };

  app.get<{ Params: { code: string } }>('/request/:code', async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    if (!found) return reply.callNotFound();
    return showForm(reply, found, {}, {});
  });

  /** Reads the answers and files, holding each new file that passed its checks. */
  async function readPost(request: FastifyRequest, reply: FastifyReply, found: Found, body: Body, now: Date) {
    const fields = residentFormFields(found.requestType);
    const requestTypeId = found.requestType.id;
    const owner = uploadOwner(request, reply);
    const formFiles = await readFormFiles(db, { requestTypeId, fields, body, files: receivedFiles(request), owner, now });
    const parsed = withGoneUploads(parseAnswers(fields, body, { today: londonDate(now), attachments: formFiles.answers }), fields, formFiles.gone);
    const held = await holdNewFiles(db, deps.files, { requestTypeId, formFiles, errors: parsed.ok ? undefined : parsed.errors, owner, now });
    // Every contact box is optional: one left out of the post (not only left empty) is no answer.
    const contact = readContact(body);
    return { fields, parsed, held, contact };
  }

  // The form reads its own unstorable text (a NUL, say), to show itself again with the message on the field.
  app.post<{ Params: { code: string } }>('/request/:code', { preValidation: multipartForm, config: { ownTextCheck: true } }, async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    if (!found) return reply.callNotFound();
    const { body, errors: inputErrors } = readFormBody(request.body, formInputOf(residentFormFields(found.requestType)));
    const now = deps.now();
    const { fields, parsed, held, contact } = await readPost(request, reply, found, body, now);
    if (body.action === 'change') return showForm(reply, found, formValues(fields, parsed, held), body);
    if (inputErrors || !parsed.ok || !contact.success) {
      // A field with unstorable text shows that message, not what the rest of its checks made of it.
      const errors = mergeErrors(inputErrors, parsed.ok ? undefined : parsed.errors, contact.success ? undefined : toFormErrors(contact.error));
      return showForm(reply, found, formValues(fields, parsed, held), body, errors);
    }
    if (body.action !== 'submit') {
      return reply.page(`${VIEWS}/check-answers.njk`, {
        pageTitle: 'Check your answers before sending your request',
        requestType: found.requestType,
        // "Change your answers" posts everything back to the form, so rows carry no links of their own.
        rows: answerRows(fields, parsed.answers, { change: false }),
        contact: contact.data,
        carried: carried(body, held),
      });
    }
    const details = contact.data;
    try {
      const actor = { type: 'resident' as const, label: details.contactName || 'resident (web form)', ip: request.ip };
      const raised = await raiseCase({ db, actor, now, publicUrl: deps.publicUrl }, {
        requestType: found.requestType,
        channel: 'web',
        answers: parsed.answers,
        contact: contactDetails(details),
        receivedAt: now,
        attachmentIds: [...held.values()].map((u) => u.id),
      });
      // The private tracking link goes to the resident's own browser only (its history, like the
      // link in their email): the sent page is not cached, sends no referrer and is not logged.
      const token = raised.trackingToken ? `&t=${encodeURIComponent(raised.trackingToken)}` : '';
      // The one-question rating form's secret travels the same way (insight/ratings): one per case.
      const rating = raised.existing ? '' : `&r=${await createWebRatingToken(db, { caseId: raised.id, now })}`;
      return await reply.redirect(`/request/${found.requestType.code}/sent?reference=${encodeURIComponent(raised.reference)}${token}${rating}`, 303);
    } catch (error) {
      if (!(error instanceof PendingUploadGoneError)) throw error;
      // Taken between reading the form and raising the case (sent twice at once): ask for the file again.
      const gone = new Map([...held].filter(([, u]) => error.ids.includes(u.id)));
      const stillHeld = new Map([...held].filter(([code]) => !gone.has(code)));
      return showForm(reply, found, formValues(fields, parsed, stillHeld), body, goneErrors([...gone.keys()]));
    }
  });

  app.get<{ Params: { code: string }; Querystring: { reference?: string; t?: string; r?: string } }>('/request/:code/sent', privatePage, async (request, reply) => {
    const found = await residentRequestType(db, request.params.code);
    const reference = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/.test(request.query.reference ?? '') ? request.query.reference : undefined;
    if (!found || !reference) return reply.callNotFound();
    // Only the case's own link is offered: a made-up one in the address is not shown as if it were ours.
    const trackingPath = (await isTokenOf(db, reference, request.query.t)) ? `/track/${request.query.t}` : undefined;
    const rating = await webRatingForm(db, reference, request.query.r, deps.now());
    return reply.page(`${VIEWS}/request-sent.njk`, { pageTitle: 'Request sent', requestType: found.requestType, reference, trackingPath, rating });
  });
}
