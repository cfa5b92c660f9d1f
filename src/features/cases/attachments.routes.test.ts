// Files on the resident e-form, over HTTP on both engines: a real PNG reaches the case and the file
// store; a disguised program, an oversized file or a post without its CSRF token saves nothing;
// staff download the file, and that view is audited.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, startTestApp, type TestApp } from '../../../test/support/app.js';
import { forEachEngine } from '../../../test/support/databases.js';
import { createMemoryFileStore } from '../../platform/files/index.js';

// A real 1x1 pixel PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// The start of a Windows program: "MZ" and its DOS stub.
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200)]);

const FORM = '/request/report-fly-tipping';
const ANSWERS = { waste_type: 'black_bags', amount: 'single_item', 'location-address': 'Layby on Thornby Road', blocking: 'no', contactEmail: 'resident@example.com' };

/** The hidden inputs of a page's form, as a browser would post them back. */
function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) if (m[1] !== '_csrf') out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

forEachEngine('attachments on the resident e-form', (_use, engine) => {
  let t: TestApp;
  const files = createMemoryFileStore();
  let clock = new Date('2026-11-26T10:00:00Z');
  beforeAll(async () => {
    t = await startTestApp(engine, { now: () => clock, files });
  });
  afterAll(() => t.close());

  const db = () => t.database.db;
  const count = async (table: 'cases' | 'case_attachment') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  /** Fills in the form with a photo and reaches "check your answers". */
  async function checkAnswers(client: Client, photo = { filename: 'tip.png', contentType: 'image/png', bytes: PNG }) {
    await client.get(FORM);
    return client.postMultipart(FORM, { ...ANSWERS, action: 'check' }, { photo });
  }

  async function raiseWithPhoto(): Promise<{ reference: string; attachmentId: string }> {
    const client = new Client(t.app);
    const check = await checkAnswers(client);
    const sent = await client.post(FORM, { ...hiddenInputs(check.body), action: 'submit' });
    const reference = decodeURIComponent(/reference=([^&]+)/.exec(sent.headers.location ?? '')?.[1] ?? '');
    const row = await db().selectFrom('case_attachment').innerJoin('cases', 'cases.id', 'case_attachment.case_id').select('case_attachment.id').where('cases.reference', '=', reference).executeTakeFirstOrThrow();
    return { reference, attachmentId: row.id };
  }

  it('posts the form as multipart when the request type has a file upload, and only then', async () => {
    expect((await t.app.inject(FORM)).body).toContain('enctype="multipart/form-data"');
    expect((await t.app.inject('/request/missed-bin')).body).not.toContain('enctype=');
  });

  it('takes a real PNG through check your answers to the case, with its row and its bytes in the store', async () => {
    const client = new Client(t.app);
    const check = await checkAnswers(client);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Check your answers before sending your request');
    expect(check.body).toContain('tip.png');
    const carried = hiddenInputs(check.body);
    expect(carried['photo-upload']).toMatch(/^[0-9a-f-]{36}$/);
    const pending = await db().selectFrom('case_attachment').selectAll().where('id', '=', carried['photo-upload'] ?? '').executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ case_id: null, field_code: 'photo', filename: 'tip.png', content_type: 'image/png', size: PNG.length });

    const sent = await client.post(FORM, { ...carried, action: 'submit' });
    expect(sent.statusCode).toBe(303);
    const reference = decodeURIComponent(/reference=([^&]+)/.exec(sent.headers.location ?? '')?.[1] ?? '');
    const saved = await db().selectFrom('cases').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(saved.answers).toMatchObject({ photo: { filename: 'tip.png', contentType: 'image/png', size: PNG.length } });
    const attached = await db().selectFrom('case_attachment').selectAll().where('case_id', '=', saved.id).execute();
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ id: pending.id, sha256: createHash('sha256').update(PNG).digest('hex'), attached_at: clock });
    expect(files.files.get(attached[0]?.file_key ?? '')?.bytes.equals(PNG)).toBe(true);
  });

  it('refuses a program renamed .png on its field, storing nothing', async () => {
    const [cases, rows, stored] = [await count('cases'), await count('case_attachment'), files.files.size];
    const client = new Client(t.app);
    await client.get(FORM);
    const response = await client.postMultipart(FORM, { ...ANSWERS, action: 'submit' }, { photo: { filename: 'tip.png', contentType: 'image/png', bytes: EXE } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('<a href="#photo">The selected file must be a JPG, PNG or PDF</a>');
    expect(response.body).toMatch(/id="photo-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span> The selected file must be a JPG, PNG or PDF/);
    expect([await count('cases'), await count('case_attachment'), files.files.size]).toEqual([cases, rows, stored]);
  });

  it('refuses a file over 10MB on its field, storing nothing, rather than failing the request', async () => {
    const [rows, stored] = [await count('case_attachment'), files.files.size];
    const client = new Client(t.app);
    await client.get(FORM);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const response = await client.postMultipart(FORM, { ...ANSWERS, action: 'check' }, { photo: { filename: 'huge.png', contentType: 'image/png', bytes: big } });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<a href="#photo">The selected file must be smaller than 10MB</a>');
    expect([await count('case_attachment'), files.files.size]).toEqual([rows, stored]);
  });

  it('refuses a multipart post without its CSRF token, storing nothing', async () => {
    const [rows, stored] = [await count('case_attachment'), files.files.size];
    const client = new Client(t.app);
    await client.get(FORM);
    const response = await client.postMultipart(FORM, { ...ANSWERS, action: 'submit' }, { photo: { filename: 'tip.png', contentType: 'image/png', bytes: PNG } }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
    const forged = await client.postMultipart(FORM, { ...ANSWERS, action: 'submit', _csrf: 'not-the-token' }, { photo: { filename: 'tip.png', contentType: 'image/png', bytes: PNG } });
    expect(forged.statusCode).toBe(403);
    expect([await count('case_attachment'), files.files.size]).toEqual([rows, stored]);
  });

  it('answers too many files or a broken multipart body with a 4xx page, never a 500', async () => {
    const client = new Client(t.app);
    await client.get(FORM);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, { filename: `${i}.png`, contentType: 'image/png', bytes: PNG }]));
    expect((await client.postMultipart(FORM, ANSWERS, many)).statusCode).toBe(413);
    const broken = await t.app.inject({
      method: 'POST',
      url: FORM,
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\nnot finished',
    });
    expect(broken.statusCode).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
  });

  it('keeps a good file when another answer is wrong, and names it on the form shown again', async () => {
    const client = new Client(t.app);
    await client.get(FORM);
    const incomplete: Record<string, string> = { ...ANSWERS };
    delete incomplete.blocking;
    const again = await client.postMultipart(FORM, { ...incomplete, action: 'check' }, { photo: { filename: 'tip.png', contentType: 'image/png', bytes: PNG } });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('You have uploaded tip.png. Choose a file only if you want to replace it.');
    const held = hiddenInputs(again.body)['photo-upload'];
    expect(held).toMatch(/^[0-9a-f-]{36}$/);
    // The browser sends an empty file part for the input left empty; the held file is used.
    const check = await client.postMultipart(FORM, { ...ANSWERS, 'photo-upload': held ?? '', action: 'check' }, { photo: { filename: '', contentType: 'application/octet-stream', bytes: new Uint8Array() } });
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('tip.png');
    expect(hiddenInputs(check.body)['photo-upload']).toBe(held);
  });

  it('"Change your answers" goes back to the form with every answer and the file still held', async () => {
    const client = new Client(t.app);
    const check = await checkAnswers(client);
    const carried = hiddenInputs(check.body);
    const change = await client.post(FORM, { ...carried, action: 'change' });
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('You have uploaded tip.png');
    expect(hiddenInputs(change.body)['photo-upload']).toBe(carried['photo-upload']);
    expect(change.body).toMatch(/value="black_bags" checked/);
    expect(change.body).toContain('Layby on Thornby Road</textarea>');
  });

  it('does not attach one upload to two cases when the form is sent twice', async () => {
    const client = new Client(t.app);
    const check = await checkAnswers(client);
    const carried = hiddenInputs(check.body);
    expect((await client.post(FORM, { ...carried, action: 'submit' })).statusCode).toBe(303);
    const cases = await count('cases');
    const twice = await client.post(FORM, { ...carried, action: 'submit' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('The file you uploaded is no longer available. Select it again');
    expect(await count('cases')).toBe(cases);
  });

  it('refuses an upload id from another browser: nothing attached, its file not shown, and the owner can still send it', async () => {
    const owner = new Client(t.app);
    const check = await checkAnswers(owner, { filename: 'my-passport.png', contentType: 'image/png', bytes: PNG });
    expect(check.cookies.find((c) => c.name === 'charterdesk_uploads')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const carried = hiddenInputs(check.body);
    const [cases, stored] = [await count('cases'), files.files.size];

    // Someone else, with the id from the page (a shared computer's history, a saved page).
    const other = new Client(t.app);
    await other.get(FORM);
    for (const action of ['check', 'change', 'submit']) {
      const response = await other.post(FORM, { ...carried, contactEmail: 'other@example.com', action });
      expect(response.statusCode).toBe(action === 'change' ? 200 : 400);
      expect(response.body).not.toContain('my-passport.png');
      if (action !== 'change') expect(response.body).toContain('<a href="#photo">The file you uploaded is no longer available. Select it again</a>');
    }
    // A forged cookie is no better than none.
    other.setCookie('charterdesk_uploads', 'forged-value.not-signed');
    expect((await other.post(FORM, { ...carried, action: 'submit' })).statusCode).toBe(400);
    expect([await count('cases'), files.files.size]).toEqual([cases, stored]);
    expect(await db().selectFrom('case_attachment').select('case_id').where('id', '=', carried['photo-upload'] ?? '').executeTakeFirstOrThrow()).toEqual({ case_id: null });

    const sent = await owner.post(FORM, { ...carried, action: 'submit' });
    expect(sent.statusCode).toBe(303);
    expect(await count('cases')).toBe(cases + 1);
  });

  it('sweeps pending uploads left for more than a day when a new one arrives', async () => {

    const client = new Client(t.app);
    const check = await checkAnswers(client);
    const carried = hiddenInputs(check.body);
    const old = await db().selectFrom('case_attachment').select('file_key').where('id', '=', carried['photo-upload'] ?? '').executeTakeFirstOrThrow();
    clock = new Date(clock.getTime() + 25 * 60 * 60 * 1000);
    await checkAnswers(new Client(t.app));
    expect(await db().selectFrom('case_attachment').select('id').where('id', '=', carried['photo-upload'] ?? '').executeTakeFirst()).toBeUndefined();
    expect(files.files.has(old.file_key)).toBe(false);
    const late = await client.post(FORM, { ...carried, action: 'submit' });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('<a href="#photo">The file you uploaded is no longer available. Select it again</a>');
  });

  it('lets an officer download a case’s file, as a download with the checked type, and audits it', async () => {
    const { reference, attachmentId } = await raiseWithPhoto();
    const url = `/staff/cases/${reference}/attachments/${attachmentId}`;
    const signedOut = await t.app.inject(url);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);

    const officer = new Client(t.app);
    await officer.signIn('officer@brackenfield.example');
    const download = await officer.get(url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="tip.png"; filename*=UTF-8''tip.png`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(download.rawPayload.equals(PNG)).toBe(true);
    const audit = await db().selectFrom('audit_event').selectAll().where('action', '=', 'case.attachment_viewed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'staff', actor_label: 'Tom Evans', subject_type: 'case', detail: { reference, attachmentId, filename: 'tip.png' } });

    expect((await officer.get(`/staff/cases/${reference}/attachments/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await officer.get(`/staff/cases/${reference}/attachments/not-a-uuid`)).statusCode).toBe(404);
    expect((await officer.get(`/staff/cases/ZZZZ-ZZZZ/attachments/${attachmentId}`)).statusCode).toBe(404);
  });
});
