// Error messages are built from the field's label, as the GOV.UK Design System writes them:
// "Enter the date the bin was missed", "Date the bin was missed must include a month". A label
// written as a question ("When was the bin missed?") cannot be turned into such a phrase, so those
// fields get the type's plain message instead ("Enter a date").
import type { FieldDefinition } from './model.js';

// A phrase that starts with one of these already reads as a noun phrase or a clause: no "the".
const NO_ARTICLE = new Set([
  'the', 'a', 'an', 'your', 'their', 'his', 'her', 'its', 'our', 'my', 'any', 'some', 'each', 'every', 'all',
  'this', 'that', 'these', 'those', 'how', 'what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'whether', 'if',
]);

/** The label without an "(optional)" the administrator may have typed: the form adds its own. */
export function cleanLabel(label: string): string {
  return label.replace(/\s*\(optional\)\s*$/i, '').trim();
}

/** The label as it goes after "Change" in a summary list link, for screen readers. */
export function labelInSentence(label: string): string {
  return lowerFirst(cleanLabel(label).replace(/\?$/, ''));
}

function isQuestion(label: string): boolean {
  return cleanLabel(label).endsWith('?');
}

// Keeps acronyms ("UPRN", "MOT") and names in capitals; lowers an ordinary first word.
function lowerFirst(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "the date the bin was missed", or undefined for a question label. */
export function thing(field: FieldDefinition): string | undefined {
  if (isQuestion(field.label)) return undefined;
  const phrase = lowerFirst(cleanLabel(field.label));
  const firstWord = (phrase.split(/\s/, 1)[0] ?? '').toLowerCase();
  return NO_ARTICLE.has(firstWord) ? phrase : `the ${phrase}`;
}

/** "Date the bin was missed", or `fallback` ("Date", "Answer") for a question label. */
export function subject(field: FieldDefinition, fallback: string): string {
  return isQuestion(field.label) ? fallback : cleanLabel(field.label);
}

/** "Enter the date the bin was missed", or "Enter a date" for a question label. */
export function verbThing(verb: 'Enter' | 'Select', field: FieldDefinition, fallback: string): string {
  const t = thing(field);
  return t ? `${verb} ${t}` : `${verb} ${fallback}`;
}

/** 3, 1,000, 2.5: numbers in messages and answers as GOV.UK writes them. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 10 }).format(n);
}
