// Administrators adapt workflows: rename statuses (for staff and for residents), choose which moves
// are allowed, add statuses, and start a new workflow from a copy of another. A status a case can be
// in is never removed and never changes category, so every case keeps a status that means something.
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import { InvalidInput, StaleEditError } from '../../../platform/errors.js';
import * as store from '../store.js';
import { workflowSchema, type Workflow, type WorkflowStatus } from './model.js';

export const listWorkflows = (db: Db): Promise<Workflow[]> => store.selectWorkflows(db);

export async function getWorkflow(db: Db, code: string): Promise<(Workflow & { updatedAt: string }) | undefined> {
  const row = await db.selectFrom('workflow').select(['code', 'updated_at']).where('code', '=', code).executeTakeFirst();
  if (!row) return undefined;
  return { ...(await store.selectWorkflow(db, code)), updatedAt: row.updated_at.toISOString() };
}

function checked(workflow: Workflow): Workflow {
  const parsed = workflowSchema.safeParse(workflow);
  if (parsed.success) return parsed.data;
  throw new InvalidInput(parsed.error.issues.map((i) => ({ field: i.path.length > 1 ? `statuses-${String(i.path[1])}-${String(i.path[2] ?? 'code')}` : String(i.path[0] ?? 'form'), message: i.message })));
}

/** Refuses to lose a status or change its category: cases already in it rely on both. */
function keepsEveryStatus(before: Workflow, after: Workflow): void {
  for (const old of before.statuses) {
    const now = after.statuses.find((s) => s.code === old.code);
    if (!now) throw new InvalidInput([{ field: 'form-top', message: `The status ${old.name} cannot be removed` }]);
    if (now.category !== old.category) throw new InvalidInput([{ field: 'form-top', message: `The status ${old.name} cannot change what kind of status it is` }]);
  }
}

/** Saves a changed workflow if nobody else saved it since `expectedUpdatedAt` (the version the form was opened at). */
export async function saveWorkflow(db: Db, actor: Actor, input: { code: string; name: string; statuses: WorkflowStatus[]; expectedUpdatedAt: string }, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await getWorkflow(trx, input.code);
    if (!before) throw new InvalidInput([{ field: 'form-top', message: 'That workflow does not exist' }]);
    if (before.updatedAt !== input.expectedUpdatedAt) throw new StaleEditError('This workflow changed since you opened it');
    // Which statuses another feature manages is that feature's, not the form's: it carries over.
    const managed = new Set(before.statuses.filter((s) => s.managed).map((s) => s.code));
    const statuses = input.statuses.map((s) => (managed.has(s.code) ? { ...s, managed: true } : s));
    const after = checked({ code: input.code, name: input.name, statuses, ...(before.managedBy && { managedBy: before.managedBy }) });
    keepsEveryStatus(before, after);
    await trx.updateTable('workflow').set({ name: after.name, statuses: JSON.stringify(after.statuses), updated_at: now }).where('code', '=', input.code).execute();
    await recordAudit(trx, actor, { action: 'workflow.changed', subjectType: 'workflow', subjectId: input.code, detail: { before: before.statuses, after: after.statuses } });
  });
}

export async function copyWorkflow(db: Db, actor: Actor, input: { from: string; code: string; name: string }): Promise<void> {
  const code = input.code.trim().toLowerCase();
  const name = input.name.trim();
  const issues = [];
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(code)) issues.push({ field: 'code', message: 'Code must use only lowercase letters, numbers and hyphens, like housing-repairs' });
  if (!name) issues.push({ field: 'name', message: 'Enter a name for the workflow' });
  if (name.length > 120) issues.push({ field: 'name', message: 'Name must be 120 characters or fewer' });
  if (issues.length) throw new InvalidInput(issues);
  await inTransaction(db, async (trx) => {
    const source = await getWorkflow(trx, input.from);
    if (!source) throw new InvalidInput([{ field: 'from', message: 'Choose a workflow to copy' }]);
    if (await getWorkflow(trx, code)) throw new InvalidInput([{ field: 'code', message: 'A workflow with this code already exists' }]);
    await trx.insertInto('workflow').values({ code, name, statuses: JSON.stringify(source.statuses) }).execute();
    await recordAudit(trx, actor, { action: 'workflow.created', subjectType: 'workflow', subjectId: code, detail: { copiedFrom: source.code } });
  });
}
