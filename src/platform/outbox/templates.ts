// Notification wording with GOV.UK Notify's placeholders: "Your reference is ((reference))".
// Pure functions: find the placeholders, check the brackets balance, fill them in.

// A placeholder's name: anything but brackets and line breaks, compared without case or spaces
// around it, as Notify does.
const PLACEHOLDER = /\(\(([^()\n]+)\)\)/g;

export const normaliseName = (name: string): string => name.trim().toLowerCase();

/** The placeholder names in `text`, in order of first use, normalised. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => normaliseName(m[1] ?? '')))];
}

/**
 * Why the brackets in `text` do not make placeholders, or undefined when they do. Any name is
 * allowed; a "((" with no "))" (or the reverse) is not, because it would be sent as it stands.
 */
export function bracketProblem(text: string): string | undefined {
  const rest = text.replace(PLACEHOLDER, (_match, name: string) => (name.trim() ? '' : '(())'));
  if (rest.includes('(())')) return 'has an empty placeholder (()): put a name between the brackets, like ((reference))';
  if (rest.includes('((')) return 'has (( without a matching )): write placeholders like ((reference))';
  if (rest.includes('))')) return 'has )) without a matching ((: write placeholders like ((reference))';
  return undefined;
}

export class MissingPersonalisationError extends Error {}

export type Personalisation = Record<string, string | number>;

/** Personalisation as strings, with names normalised like placeholders. */
export function normalisePersonalisation(values: Personalisation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out[normaliseName(name)] = String(value);
  }
  return out;
}

/**
 * Fills every placeholder in `text`. A placeholder with no value is a programming error (the caller
 * did not send what the template needs), so it throws, naming the template and what is missing.
 */
export function render(text: string, values: Record<string, string>, templateCode: string): string {
  const missing = placeholdersIn(text).filter((name) => !(name in values));
  if (missing.length) {
    throw new MissingPersonalisationError(`Notification template ${templateCode} needs personalisation: ${missing.join(', ')}`);
  }
  return text.replace(PLACEHOLDER, (_match, name: string) => values[normaliseName(name)] ?? '');
}
