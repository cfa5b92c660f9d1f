// Answers as rows of a GOV.UK summary list, for "Check your answers" and for the case page. Rows are
// in the shape govukSummaryList takes, so a template passes them straight through.
import type { Answer, Answers, AttachmentAnswer, LocationAnswer } from './answers.js';
import { formatIsoDate } from './date-parts.js';
import { sortFields, type FieldDefinition } from './model.js';
import { formatBytes } from './readers.js';
import { cleanLabel, formatNumber, labelInSentence } from './wording.js';

export interface AnswerRow {
  key: { text: string };
  /** `html` (escaped here) only for answers of several lines. */
  value: { text: string } | { html: string };
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] };
}

export interface AnswerRowOptions {
  /**
   * Where "Change" goes. Default `#${code}`, the field on the same page; a string is the form's
   * URL, to which `#${code}` is added; a function gives the whole href; false leaves the link out.
   */
  change?: string | false | ((field: FieldDefinition) => string);
}

export const NOT_PROVIDED = 'Not provided';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One line becomes text; several become escaped HTML with line breaks, which text would lose. */
function lines(values: string[]): AnswerRow['value'] {
  const all = values.flatMap((v) => v.split('\n'));
  return all.length === 1 ? { text: all[0] ?? '' } : { html: all.map(escapeHtml).join('<br>') };
}

const optionLabel = (field: FieldDefinition, value: string) => field.options?.find((o) => o.value === value)?.label ?? value;

function locationLines(a: LocationAnswer): string[] {
  const out: string[] = [];
  if (a.address) out.push(a.address);
  if (a.postcode) out.push(a.postcode);
  if (a.uprn) out.push(`UPRN ${a.uprn}`);
  if (a.lat !== undefined && a.lng !== undefined) out.push(`Latitude ${a.lat}, longitude ${a.lng}`);
  return out;
}

function displayLines(field: FieldDefinition, answer: Answer): string[] {
  switch (field.type) {
    case 'number':
      return [formatNumber(answer as number)];
    case 'date':
      return [formatIsoDate(answer as string)];
    case 'yes_no':
      return [answer ? 'Yes' : 'No'];
    case 'single_choice':
      return [optionLabel(field, answer as string)];
    case 'multiple_choice':
      return (answer as string[]).map((v) => optionLabel(field, v));
    case 'location':
      return locationLines(answer as LocationAnswer);
    case 'attachment': {
      const file = answer as AttachmentAnswer;
      return [`${file.filename} (${formatBytes(file.size)})`];
    }
    default:
      return typeof answer === 'string' ? [answer] : [];
  }
}

function changeHref(field: FieldDefinition, change: AnswerRowOptions['change']): string | undefined {
  if (change === false) return undefined;
  if (typeof change === 'function') return change(field);
  return `${change ?? ''}#${field.code}`;
}

/** A row per field, in the fields' order; an empty answer shows "Not provided". */
export function answerRows(fields: readonly FieldDefinition[], answers: Answers, options: AnswerRowOptions = {}): AnswerRow[] {
  return sortFields(fields).map((field) => {
    const answer = answers[field.code];
    const shown = answer === undefined ? [] : displayLines(field, answer).filter((l) => l !== '');
    const row: AnswerRow = { key: { text: cleanLabel(field.label) }, value: shown.length ? lines(shown) : { text: NOT_PROVIDED } };
    const href = changeHref(field, options.change);
    if (href !== undefined) row.actions = { items: [{ href, text: 'Change', visuallyHiddenText: labelInSentence(field.label) }] };
    return row;
  });
}
