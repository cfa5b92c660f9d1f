import { sql, type Kysely } from 'kysely';

// Signing in is slowed per account and address together (platform/auth/throttle.ts) instead of
// locking an account after five wrong passwords: anyone could lock a member of staff out from
// outside by failing five times. The key is the email as typed, known or not, so an unknown
// email is slowed exactly as a known one and the answers do not reveal which accounts exist.
// The hard lock's columns go; sign_in_alert_at says when the holder was last told of failures,
// so they are told once per burst, not once per failure.
const TEMPLATE = {
  code: 'staff.sign_in_failures',
  name: 'Wrong passwords for a staff account',
  description: 'Sent to a member of staff when someone has entered the wrong password for their account several times from one address.',
  placeholders: ['name', 'attempts', 'time', 'ip_address'],
  emailSubject: 'Wrong passwords entered for your CharterDesk account',
  emailBody: [
    'Hello ((name))',
    'Someone entered the wrong password for your CharterDesk account ((attempts)) times, most recently on ((time)), from the internet address ((ip_address)).',
    'Your account is not locked: further tries from that address are slowed down, and you can sign in as usual.',
    'If this was you, there is nothing to do. If it was not, tell an administrator or your IT security team.',
    'We will not tell you again about more tries until you next sign in, or for a day.',
  ].join('\n\n'),
  smsBody: 'Someone entered the wrong password for your CharterDesk account ((attempts)) times, most recently on ((time)). If it was not you, tell an administrator.',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_throttle (
      email text NOT NULL CHECK (length(email) BETWEEN 1 AND 320),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 100),
      failures integer NOT NULL CHECK (failures > 0),
      last_failed_at timestamptz NOT NULL,
      blocked_until timestamptz,
      PRIMARY KEY (email, address)
    )`.execute(db);
  // Old rows are swept when a failure is recorded.
  await sql`CREATE INDEX sign_in_throttle_last_failed_idx ON sign_in_throttle (last_failed_at)`.execute(db);
  await sql`ALTER TABLE staff_user DROP COLUMN failed_sign_ins, DROP COLUMN locked_until, ADD COLUMN sign_in_alert_at timestamptz`.execute(db);
  await sql`
    INSERT INTO notification_template (code, name, description, placeholders, email_subject, email_body, sms_body)
    VALUES (${TEMPLATE.code}, ${TEMPLATE.name}, ${TEMPLATE.description}, ${TEMPLATE.placeholders}, ${TEMPLATE.emailSubject}, ${TEMPLATE.emailBody}, ${TEMPLATE.smsBody})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM notification WHERE template_code = ${TEMPLATE.code}`.execute(db);
  await sql`DELETE FROM notification_template WHERE code = ${TEMPLATE.code}`.execute(db);
  await sql`ALTER TABLE staff_user DROP COLUMN sign_in_alert_at, ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`.execute(db);
  await sql`DROP TABLE sign_in_throttle`.execute(db);
}
