import { sql, type Kysely } from 'kysely';

// The audit trail a data protection officer can use (platform/audit/trail.ts): "who looked at Mrs
// X's record this year?" must count views of her customer record AND of her cases and contacts.
//
// audit_event.customer_id is the customer an event concerns, kept by triggers so that every writer
// of events (any feature, any later one) gets it without knowing about the audit trail:
// - on insert, from the subject: a customer is itself; a case, notification or contact is the
//   customer it is linked to at that moment (a contact without one, through its case);
// - when a case or contact is linked to a customer for the first time, its earlier events (an
//   email read in the inbox before anyone knew who sent it) are attributed to that customer.
// It is not changed by a merge: a merge moves cases to the record kept, and the trail finds the
// merged-away record's events through customer.merged_into instead (features/customers). When the
// merge is undone, the rows moving back (from the record kept to the one still marked merged into
// it) take back what was recorded about them meanwhile: a view of her case while the two were
// merged is about her, not the other person. The same goes, for a case, to its notifications and
// to its contacts that have no customer of their own (as audit_event_customer_of reckons them).
// No foreign key: the trail outlives the records it names.
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_event ADD COLUMN customer_id uuid`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_customer_of(kind text, ref text) RETURNS uuid LANGUAGE plpgsql STABLE AS $$
    DECLARE
      target uuid;
      found uuid;
    BEGIN
      IF ref IS NULL OR ref !~* ${sql.lit(UUID)} THEN RETURN NULL; END IF;
      target := ref::uuid;
      CASE kind
        WHEN 'customer' THEN found := target;
        WHEN 'case' THEN SELECT c.customer_id INTO found FROM cases c WHERE c.id = target;
        WHEN 'notification' THEN SELECT c.customer_id INTO found FROM notification n JOIN cases c ON c.id = n.case_id WHERE n.id = target;
        WHEN 'contact' THEN
          SELECT coalesce(ct.customer_id, c.customer_id) INTO found FROM contact ct LEFT JOIN cases c ON c.id = ct.case_id WHERE ct.id = target;
        ELSE found := NULL;
      END CASE;
      RETURN found;
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_set_customer() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.customer_id IS NULL THEN NEW.customer_id := audit_event_customer_of(NEW.subject_type, NEW.subject_id); END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_event_customer BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_set_customer()`.execute(db);
  await sql`
    CREATE FUNCTION audit_event_link_customer() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      undone boolean;
    BEGIN
      -- Back from the record kept to a record merged into it: a merge being undone.
      undone := OLD.customer_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM customer WHERE id = NEW.customer_id AND merged_into = OLD.customer_id);
      IF OLD.customer_id IS NOT NULL AND NOT undone THEN RETURN NULL; END IF;
      UPDATE audit_event SET customer_id = NEW.customer_id
      WHERE (customer_id IS NULL OR (undone AND customer_id = OLD.customer_id))
        AND (
          (subject_type = TG_ARGV[0] AND subject_id = NEW.id::text)
          OR (TG_ARGV[0] = 'case' AND subject_type = 'notification'
              AND subject_id IN (SELECT n.id::text FROM notification n WHERE n.case_id = NEW.id))
          OR (TG_ARGV[0] = 'case' AND subject_type = 'contact'
              AND subject_id IN (SELECT ct.id::text FROM contact ct WHERE ct.case_id = NEW.id AND ct.customer_id IS NULL))
        );
      RETURN NULL;
    END $$`.execute(db);
  for (const [table, subjectType] of [['cases', 'case'], ['contact', 'contact']] as const) {
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_audit_customer`)} AFTER UPDATE OF customer_id ON ${sql.table(table)}
      FOR EACH ROW WHEN (NEW.customer_id IS NOT NULL AND OLD.customer_id IS DISTINCT FROM NEW.customer_id)
      EXECUTE FUNCTION audit_event_link_customer(${sql.lit(subjectType)})`.execute(db);
  }

  // The events recorded before this migration, as the trigger would have attributed them now.
  await sql`
    UPDATE audit_event SET customer_id = audit_event_customer_of(subject_type, subject_id)
    WHERE subject_type IN ('customer', 'case', 'notification', 'contact')`.execute(db);

  // The trail is read newest first (by id, the order events were recorded) within each filter.
  await sql`DROP INDEX audit_event_subject_idx`.execute(db);
  await sql`CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_event_customer_idx ON audit_event (customer_id, id DESC) WHERE customer_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX audit_event_actor_idx ON audit_event (actor_type, actor_id, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_event_action_idx ON audit_event (action, id DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['audit_event_action_idx', 'audit_event_actor_idx', 'audit_event_customer_idx', 'audit_event_subject_idx']) {
    await sql`DROP INDEX ${sql.id(index)}`.execute(db);
  }
  await sql`CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id, at DESC)`.execute(db);
  await sql`DROP TRIGGER contact_audit_customer ON contact`.execute(db);
  await sql`DROP TRIGGER cases_audit_customer ON cases`.execute(db);
  await sql`DROP TRIGGER audit_event_customer ON audit_event`.execute(db);
  await sql`DROP FUNCTION audit_event_link_customer()`.execute(db);
  await sql`DROP FUNCTION audit_event_set_customer()`.execute(db);
  await sql`DROP FUNCTION audit_event_customer_of(text, text)`.execute(db);
  await sql`ALTER TABLE audit_event DROP COLUMN customer_id`.execute(db);
}
