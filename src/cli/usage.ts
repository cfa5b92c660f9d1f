/** A mistake in how a command was called: printed as one message, exit code 1. */
export class UsageError extends Error {}
