// The audit trail in plain words for the people who read it (a data protection officer, a
// manager): what each action code means, who an actor was, what kind of record a subject is.
// A code not listed here (a feature added later) is shown as it is: never hidden.

const ACTIONS: Readonly<Record<string, string>> = {
  'api.read': 'Read through the API',
  'api_key.revoked': 'Revoked an API key',
  'audit.exported': 'Downloaded the audit trail',
  'audit.viewed': 'Viewed the audit trail about a customer',
  'calendar.day_added': 'Added a closure day or holiday',
  'calendar.day_removed': 'Removed a closure day or holiday',
  'calendar.hours_changed': 'Changed opening hours',
  'calendar.version_recorded': 'Recorded a new working calendar',
  'case.assigned': 'Assigned a case',
  'case.attachment_viewed': 'Opened a case attachment',
  'case.customer_information_added': 'Added customer information to a case',
  'case.marked_duplicate': 'Marked a case as a duplicate',
  'case.note_added': 'Added a note to a case',
  'case.public_update': 'Sent a public update on a case',
  'case.raised': 'Raised a case',
  'case.standard_extended': 'Extended a case’s deadline',
  'case.status_changed': 'Changed a case’s status',
  'case.tracked': 'Tracked a case (resident)',
  'case.viewed': 'Viewed a case',
  'case.visited': 'Recorded a visit on a case',
  'client_system.created': 'Added a client system',
  'client_system.revoked': 'Revoked a client system',
  'contact.attachment_downloaded': 'Downloaded a contact’s attachment',
  'contact.handled': 'Handled a contact',
  'contact.letter_scanned': 'Scanned a letter',
  'contact.logged': 'Logged a contact',
  'contact.received': 'Received an email',
  'contact.viewed': 'Viewed a contact',
  'council.created': 'Set up the council',
  'council.updated': 'Changed council settings',
  'customer.created': 'Added a customer',
  'customer.merge_undone': 'Undid a customer merge',
  'customer.merged': 'Merged customer records',
  'customer.updated': 'Changed a customer’s details',
  'customer.viewed': 'Viewed customer record',
  'location.created': 'Added a location',
  'location.updated': 'Changed a location',
  'unit_cost.set': 'Changed what a contact costs on a channel',
  'notification.retried': 'Retried a notification',
  'notification_template.changed': 'Changed a notification template',
  'open311.status_words_changed': 'Changed Open311 status words',
  'request_type.created': 'Added a request type',
  'request_type.revised': 'Changed a request type',
  'service.created': 'Added a service',
  'service.updated': 'Changed a service',
  // Accounts were locked before sign-in was slowed instead (migration 0017); old events keep their words.
  'staff.locked_out': 'Staff account locked',
  'staff.sign_in_failed': 'Failed to sign in',
  'staff.sign_in_slowed': 'Sign-in slowed after too many wrong passwords',
  'staff.sign_in_refused': 'Sign-in refused (too many wrong passwords, waiting)',
  'staff.signed_in': 'Signed in',
  'staff.signed_out': 'Signed out',
  'staff_user.created': 'Added a staff user',
  'staff_user.password_reset': 'Reset a staff password',
  'standard.created': 'Added a service standard',
  'standard.revised': 'Changed a service standard',
  'team.created': 'Added a team',
  'team.lead_changed': 'Changed a team lead',
  'team.member_added': 'Added a team member',
  'team.member_removed': 'Removed a team member',
  'workflow.changed': 'Changed a workflow',
  'workflow.created': 'Added a workflow',
  // Complaints, Customer Insight and ratings (features/complaints, features/insight).
  'complaint.acknowledged': 'Acknowledged a complaint',
  'complaint.escalated': 'Escalated a complaint to stage 2',
  'complaint.extended': 'Extended a complaint’s response time',
  'complaint.handler_assigned': 'Assigned a complaint’s handler',
  'complaint.late_accepted': 'Accepted a complaint made after the time limit',
  'complaint.late_refused': 'Did not accept a complaint made after the time limit',
  'complaint.ombudsman_recorded': 'Recorded an Ombudsman’s enquiry or decision',
  'complaint.responded': 'Responded to a complaint',
  'complaint.viewed': 'Viewed a complaint',
  'complaints.procedure_adopted': 'Adopted a complaints procedure',
  'complaints.procedure_copied': 'Copied a complaints procedure',
  'complaints.procedure_revised': 'Changed a complaints procedure',
  'complaints.report_downloaded': 'Downloaded a complaints report',
  'complaints.self_assessment_updated': 'Changed the complaint handling self-assessment',
  'feedback.case_linked': 'Linked feedback to a case',
  'feedback.recorded': 'Recorded feedback',
  'feedback.reviewed': 'Marked feedback reviewed',
  'feedback.tagged': 'Tagged feedback with themes',
  'feedback.unreviewed': 'Marked feedback not reviewed',
  'feedback.viewed': 'Viewed feedback',
  'insight_action.changed': 'Changed an insight action',
  'insight_action.created': 'Raised an insight action',
  'insight_action.feedback_linked': 'Linked feedback to an insight action',
  'insight_theme.added': 'Added an insight theme',
  'insight_theme.changed': 'Changed an insight theme',
  'rating.recorded': 'Recorded a satisfaction rating',
  // Performance (features/performance): the records behind a figure list customers' cases and contacts.
  'kpi.records_viewed': 'Viewed the cases or contacts behind a performance figure',
  'kpi.target_set': 'Set a performance target',
  // The action plan (features/performance/action-plan).
  'action_plan.objective_added': 'Added an action plan objective',
  'action_plan.objective_changed': 'Changed an action plan objective',
  'action_plan.action_added': 'Added an action to the action plan',
  'action_plan.action_changed': 'Changed an action in the action plan',
  'action_plan.progress_added': 'Added a progress note to an action',
  'action_plan.overdue_notified': 'Told an action’s owner it is overdue',
  // The quarterly Customer Service Review (features/performance/reviews).
  'performance_review.started': 'Started a quarterly review',
  'performance_review.commentary_saved': 'Saved commentary on a quarterly review',
  'performance_review.published': 'Published a quarterly review',
  'performance_review.correction_started': 'Started a correction of a quarterly review',
};

export function actionName(code: string): string {
  return ACTIONS[code] ?? code;
}

const SUBJECT_TYPES: Readonly<Record<string, string>> = {
  performance_review: 'Quarterly review',
  action_plan_action: 'Action plan action',
  action_plan_objective: 'Action plan objective',
  api_key: 'API key',
  calendar: 'Working calendar',
  calendar_day: 'Calendar day',
  channel_unit_cost: 'Unit cost of a channel',
  case: 'Case',
  client_system: 'Client system',
  contact: 'Contact',
  council: 'Council',
  council_location: 'Location',
  customer: 'Customer',
  notification: 'Notification',
  notification_template: 'Notification template',
  open311_status: 'Open311 status words',
  request_type: 'Request type',
  service: 'Service',
  service_standard: 'Service standard',
  staff_user: 'Staff user',
  team: 'Team',
  workflow: 'Workflow',
  kpi: 'Performance measure',
};

export function subjectTypeName(type: string): string {
  return SUBJECT_TYPES[type] ?? type;
}

/**
 * Who acted, as a person would say it. A staff member's name is the one they had at the time;
 * a resident is named only when they named themselves (a web form, an email's sender).
 */
export function actorName(type: string, label: string): string {
  switch (type) {
    case 'staff':
      return label;
    case 'client':
      return `${label} (client system)`;
    case 'resident':
      return /^resident\b/i.test(label) ? 'Resident (anonymous)' : `Resident: ${label}`;
    case 'system':
      return 'CharterDesk (automatic)';
    case 'cli':
      return `Command line: ${label.replace(/^command line \((.*)\)$/, '$1')}`;
    case 'anonymous':
      return label === 'anonymous' ? 'Someone not signed in' : `Someone not signed in (as ${label})`;
    default:
      return label;
  }
}
