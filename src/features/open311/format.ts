// Open311 documents in the two formats the specification names: XML (required; what FixMyStreet
// speaks) and JSON. Written by fast-xml-parser's builder, which escapes every value: user data is
// never concatenated into markup. Ids are plain element text, never attributes, as clients expect.
import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'xml' | 'json';

export type Value = string | number | boolean | null | undefined;
export interface Item {
  [name: string]: Value | Item | Item[] | Value[];
}

const builder = new XMLBuilder({ format: false, ignoreAttributes: true, processEntities: true, suppressEmptyNode: false });
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

// Characters XML 1.0 has no place for, even escaped: C0 controls other than tab, newline and
// carriage return, U+FFFE and U+FFFF, and unpaired surrogates. One of them in one report's text (a
// vertical tab pasted from a word processor, say) would make the whole document unreadable to
// every client, so they are left out of XML; JSON carries them escaped.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Empty rather than absent: the specification's documents list every element, empty or not. */
function filled(value: unknown, text: (s: string) => string = (s) => s): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => filled(v, text));
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, filled(v, text)]));
  return typeof value === 'string' ? text(value) : value;
}

const xmlFilled = (value: unknown): unknown => filled(value, (s) => s.replace(NOT_XML, ''));

/** `<root><item>...</item>...</root>` in XML; the array of items in JSON. */
export function sendList(reply: FastifyReply, format: Format, root: string, item: string, items: Item[], status = 200): FastifyReply {
  if (format === 'json') return reply.code(status).type('application/json; charset=utf-8').send(filled(items));
  return reply.code(status).type('text/xml; charset=utf-8').send(DECLARATION + builder.build({ [root]: { [item]: xmlFilled(items) } }));
}

/** One document, `<root>...</root>` in XML, the object in JSON. */
export function sendDocument(reply: FastifyReply, format: Format, root: string, document: Item, status = 200): FastifyReply {
  if (format === 'json') return reply.code(status).type('application/json; charset=utf-8').send(filled(document));
  return reply.code(status).type('text/xml; charset=utf-8').send(DECLARATION + builder.build({ [root]: xmlFilled(document) }));
}

export interface Open311Error {
  code: number;
  description: string;
}

/** `<errors><error><code/><description/></error></errors>`: the shape FixMyStreet reads to explain a failure. */
export function sendErrors(reply: FastifyReply, format: Format, status: number, errors: Open311Error[]): FastifyReply {
  return sendList(reply, format, 'errors', 'error', errors.map((e) => ({ code: e.code, description: e.description })), status);
}

/** W3C date-time with an offset, as the specification writes them: 2026-11-24T09:30:00+00:00. */
export function w3c(date: Date | null | undefined): string {
  return date ? `${date.toISOString().slice(0, 19)}+00:00` : '';
}
