// Escalation: when a running clock of an open case has used its standard's share of the time
// allowed (at risk, 75% unless the standard says otherwise) or passes its due date (breached), the case's assignee and its team's leads are told, once per level,
// and the case's timeline says so. The job in job.ts runs this every few minutes, forever, in any
// number of processes: a case_escalation row per case, standard and level, inserted in the same
// transaction as the messages and the event, is what makes each level happen exactly once.
import { systemActor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/jobs/index.js';
import { queueNotification } from '../../../platform/outbox/index.js';
import { formatDay } from '../../../platform/views/environment.js';
import { getWorkingCalendar } from '../../calendar/service.js';
import { fillMissingAtRisk } from '../due-dates.js';
import { caseHref } from '../case-page/timeline.js';
import * as cases from '../store.js';
import { findStatus, type Workflow } from '../workflow/model.js';
import { ESCALATION_LEVELS, escalationDetail, levelsReached, recipients, TEMPLATE_OF, type EscalationLevel, type LevelReached } from './model.js';
import { insertEscalation, selectDueClocks, selectPeopleToTell, type DueClock } from './store.js';

export interface EscalationContext {
  db: Db;
  now: Date;
  /** The site's public address, for the link to the case in the message. */
  publicUrl: string;
  logger?: Logger;
}

export interface EscalationRun {
  escalated: Record<EscalationLevel, number>;
  /** Escalated by another process between our look and our insert. */
  skipped: number;
}

const PAGE = 200;

/** Escalates every clock that reached a level since the last run. Throws (after doing the rest) if any could not be. */
export async function escalateCases(ctx: EscalationContext): Promise<EscalationRun> {
  // Clocks open before migration 0016 get their at-risk moment on the first run after it.
  await fillMissingAtRisk(ctx.db, (await getWorkingCalendar(ctx.db)).calendar);
  const reached = levelsReached(ctx.now);
  const run: EscalationRun = { escalated: { at_risk: 0, breached: 0 }, skipped: 0 };
  const failures: string[] = [];
  const workflows = workflowCache(ctx.db);
  // Breached first: the more urgent message goes out first if a run is cut short.
  for (const level of [...ESCALATION_LEVELS].reverse()) {
    for await (const clock of dueClocks(ctx.db, level, reached[level])) {
      try {
        if (await escalate(ctx, level, clock, await workflows(clock.workflowCode))) run.escalated[level]++;
        else run.skipped++;
      } catch (error) {
        // One bad case must not hold up the others; the job fails at the end so someone sees it.
        failures.push(`${clock.reference} (${level}): ${(error as Error).message}`);
        ctx.logger?.error({ reference: clock.reference, level, error: (error as Error).message }, 'escalation failed for a case');
      }
    }
  }
  if (failures.length) throw new Error(`Could not escalate ${failures.length} case standard(s): ${failures.join('; ')}`);
  return run;
}

/** The candidates page by page, each page after the last (a failed one is not picked up again in this run). */
async function* dueClocks(db: Db, level: EscalationLevel, reached: LevelReached): AsyncGenerator<DueClock> {
  let after: DueClock | undefined;
  for (;;) {
    const page = await selectDueClocks(db, level, reached, { limit: PAGE, ...(after && { after }) });
    yield* page;
    if (page.length < PAGE) return;
    after = page.at(-1);
  }
}

function workflowCache(db: Db): (code: string) => Promise<Workflow> {
  const seen = new Map<string, Promise<Workflow>>();
  return (code) => {
    if (!seen.has(code)) seen.set(code, cases.selectWorkflow(db, code));
    return seen.get(code)!;
  };
}

/** One clock at one level, in one transaction. False when another process escalated it first. */
async function escalate(ctx: EscalationContext, level: EscalationLevel, clock: DueClock, workflow: Workflow): Promise<boolean> {
  return inTransaction(ctx.db, async (trx) => {
    if (!(await insertEscalation(trx, clock, level, ctx.now))) return false;
    const people = await selectPeopleToTell(trx, clock);
    const told = recipients(people.assignee, people.leads);
    const personalisation = {
      reference: clock.reference,
      service: clock.service,
      request_type: clock.requestType,
      standard: clock.standard,
      due_date: formatDay(clock.dueAt),
      status: findStatus(workflow, clock.status)?.name ?? clock.status,
      case_url: `${ctx.publicUrl}${caseHref(clock.reference)}`,
    };
    for (const person of told) {
      await queueNotification(trx, { template: TEMPLATE_OF[level], to: { email: person.email }, caseId: clock.caseId, now: ctx.now, personalisation: { ...personalisation, name: person.name } });
    }
    await cases.insertEvents(trx, clock.caseId, [{ type: 'escalated', at: ctx.now, actor: systemActor, detail: escalationDetail(level, clock, told) }]);
    return true;
  });
}
