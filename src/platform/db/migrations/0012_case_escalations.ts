import { sql, type Kysely } from 'kysely';

// Escalation of at-risk and breached cases (features/cases/escalation): one row per case, standard
// and level, written in the transaction that tells staff. The primary key is what makes "tell them
// once" hold when the job runs every few minutes, forever, in several processes at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_escalation (
      case_id uuid NOT NULL,
      standard_id uuid NOT NULL,
      level text NOT NULL CHECK (level IN ('at_risk', 'breached')),
      escalated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, standard_id, level),
      FOREIGN KEY (case_id, standard_id) REFERENCES case_standard (case_id, standard_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE case_escalation`.execute(db);
}
