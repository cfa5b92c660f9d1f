// Choice answers of open cases, for the service catalogue: option values are identifiers that
// client systems and stored answers hold, so removing one that open cases still use needs the
// administrator to say where those answers move. Charter asks through these two functions and
// never reads the cases table itself.
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { insertEvents } from './store.js';
import { FINISHED_CATEGORIES } from './workflow/model.js';

/** Each value a choice answer holds, whether one (single choice) or a list (multiple choice). */
const answerValues = (field: string): RawBuilder<unknown> => sql`jsonb_array_elements_text(
  CASE jsonb_typeof(c.answers -> ${field}::text)
    WHEN 'array' THEN c.answers -> ${field}::text
    WHEN 'string' THEN jsonb_build_array(c.answers -> ${field}::text)
    ELSE '[]'::jsonb
  END)`;

const stillOpen = sql`c.status_category NOT IN (${sql.join([...FINISHED_CATEGORIES])})`;

/** How many open cases of a request type (any version) answer `field` with each of `values`; values nobody uses are absent. */
export async function countOpenAnswers(db: Db, requestTypeId: string, field: string, values: readonly string[]): Promise<Map<string, number>> {
  if (!values.length) return new Map();
  const { rows } = await sql<{ value: string; n: string }>`
    SELECT v.value, count(DISTINCT c.id) AS n
    FROM cases c CROSS JOIN LATERAL ${answerValues(field)} AS v(value)
    WHERE c.request_type_id = ${requestTypeId} AND ${stillOpen} AND v.value IN (${sql.join([...values])})
    GROUP BY v.value`.execute(db);
  return new Map(rows.map((r) => [r.value, Number(r.n)]));
}

export interface AnswerRemap {
  requestTypeId: string;
  /** The request type version that no longer offers `from`. */
  requestTypeVersion: number;
  field: { code: string; label: string };
  from: { value: string; label: string };
  to: { value: string; label: string };
  now: Date;
}

/**
 * Moves open cases' answers from one option value to another, in the caller's transaction: each
 * case's version goes up (an officer's page opened before is stale) and its timeline says what
 * changed and why. Returns the references of the cases changed.
 */
export async function remapOpenAnswers(db: Db, actor: Actor, remap: AnswerRemap): Promise<string[]> {
  const { rows } = await sql<{ id: string; reference: string; answers: Record<string, unknown> }>`
    SELECT c.id, c.reference, c.answers FROM cases c
    WHERE c.request_type_id = ${remap.requestTypeId} AND ${stillOpen}
      AND EXISTS (SELECT 1 FROM ${answerValues(remap.field.code)} AS v(value) WHERE v.value = ${remap.from.value})
    ORDER BY c.id FOR UPDATE`.execute(db);
  for (const row of rows) {
    const answers = { ...row.answers, [remap.field.code]: replaced(row.answers[remap.field.code], remap.from.value, remap.to.value) };
    await db.updateTable('cases').set({ answers: JSON.stringify(answers), version: sql<number>`version + 1`, updated_at: remap.now }).where('id', '=', row.id).execute();
    await insertEvents(db, row.id, [{
      type: 'answer_remapped',
      at: remap.now,
      actor,
      detail: { field: remap.field.code, fieldLabel: remap.field.label, from: remap.from.value, fromLabel: remap.from.label, to: remap.to.value, toLabel: remap.to.label, requestTypeVersion: remap.requestTypeVersion },
    }]);
  }
  return rows.map((r) => r.reference);
}

/** A list answer keeps its order and holds each value once. */
function replaced(answer: unknown, from: string, to: string): unknown {
  if (!Array.isArray(answer)) return answer === from ? to : answer;
  return [...new Set((answer as unknown[]).map((v) => (v === from ? to : v)))];
}
