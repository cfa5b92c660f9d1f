import { sql, type Kysely } from 'kysely';

// Targets and RAG thresholds for key performance indicators (features/performance), which managers
// set. Append-only: each change is a new version with who and when, so a past period is judged by
// the target in force at its end. A version with a null target puts the KPI back to its default.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kpi_target (
      code text NOT NULL,
      version integer NOT NULL,
      target numeric,
      red numeric,
      set_at timestamptz NOT NULL,
      set_by_label text NOT NULL,
      PRIMARY KEY (code, version),
      CHECK (target IS NOT NULL OR red IS NULL)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE kpi_target`.execute(db);
}
