// Errors a service raises for a user's mistake. Routes turn them into a GOV.UK error summary or a
// field-level JSON error; they are never 500s.

export interface FieldIssue {
  field: string;
  message: string;
}

/** Input that breaks a rule only the database can check (a code already taken, say). */
export class InvalidInput extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

/** Someone else saved the record since this user opened it (optimistic version check). */
export class StaleEditError extends Error {}
