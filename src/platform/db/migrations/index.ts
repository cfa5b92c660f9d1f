// Every migration, in order. Listed in code (not read from a folder) so that tsx, vitest and a
// bundled build all see the same set.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_calendar.js';
import * as m0003 from './0003_charter.js';
import * as m0004 from './0004_cases.js';
import * as m0005 from './0005_case_due_dates.js';
import * as m0006 from './0006_api_keys.js';
import * as m0007 from './0007_case_attachments.js';
import * as m0008 from './0008_case_lifecycle.js';
import * as m0009 from './0009_jobs_outbox.js';
import * as m0010 from './0010_inbound_contacts.js';
import * as m0011 from './0011_queue_indexes.js';
import * as m0012 from './0012_case_escalations.js';
import * as m0013 from './0013_open311.js';
import * as m0014 from './0014_customers_contacts.js';
import * as m0015 from './0015_location_public.js';
import * as m0016 from './0016_at_risk_share.js';
import * as m0017 from './0017_sign_in_throttle.js';
import * as m0018 from './0018_audit_trail.js';
import * as m0019 from './0019_upload_owner.js';
import * as m0020 from './0020_complaints.js';
import * as m0021 from './0021_insight.js';
import * as m0022 from './0022_ratings.js';
import * as m0023 from './0023_complaint_self_assessment.js';
import * as m0024 from './0024_kpi_targets.js';
import * as m0025 from './0025_channel_unit_costs.js';
import * as m0026 from './0026_performance_reviews.js';
import * as m0027 from './0027_action_plan.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_calendar': m0002,
  '0003_charter': m0003,
  '0004_cases': m0004,
  '0005_case_due_dates': m0005,
  '0006_api_keys': m0006,
  '0007_case_attachments': m0007,
  '0008_case_lifecycle': m0008,
  '0009_jobs_outbox': m0009,
  '0010_inbound_contacts': m0010,
  '0011_queue_indexes': m0011,
  '0012_case_escalations': m0012,
  '0013_open311': m0013,
  '0014_customers_contacts': m0014,
  '0015_location_public': m0015,
  '0016_at_risk_share': m0016,
  '0017_sign_in_throttle': m0017,
  '0018_audit_trail': m0018,
  '0019_upload_owner': m0019,
  '0020_complaints': m0020,
  '0021_insight': m0021,
  '0022_ratings': m0022,
  '0023_complaint_self_assessment': m0023,
  '0024_kpi_targets': m0024,
  '0025_channel_unit_costs': m0025,
  '0026_performance_reviews': m0026,
  '0027_action_plan': m0027,
};
