// Text the database cannot store, found where input is parsed rather than field by field.
// PostgreSQL refuses a NUL character in text and jsonb, and a lone UTF-16 surrogate (a JSON
// "\ud800" with no partner) cannot be encoded as UTF-8: either would fail at the database as a 500.
// Every request's path parameters, query and body are checked once here (a preHandler hook); each
// surface turns what is found into its own field-level error (see InvalidText).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidInput } from '../errors.js';

export type TextProblem = 'null' | 'surrogate';

export interface BadText {
  /** Where in the parsed input: keys and list indexes, outermost first (`['answers', 'bin_type']`). */
  path: string[];
  problem: TextProblem;
}

const NUL = /\0/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_CHARACTERS = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function textProblem(text: string): TextProblem | undefined {
  if (NUL.test(text)) return 'null';
  return LONE_SURROGATE.test(text) ? 'surrogate' : undefined;
}

/** The text with every NUL and lone surrogate taken out: what was typed, minus what cannot be kept. */
export function withoutBadText(text: string): string {
  return text.replace(BAD_CHARACTERS, '');
}

// A path kept as a link to its parent, so a deep body costs one step per level, not a copy.
type Link = { key: string; parent: Link | undefined } | undefined;
const pathOf = (link: Link, base: string[]): string[] => {
  const keys: string[] = [];
  for (let at = link; at; at = at.parent) keys.push(at.key);
  return [...base, ...keys.reverse()];
};

/** Every string (and object key) in a parsed body, query or list that the database could not store. */
export function findBadText(value: unknown, path: string[] = []): BadText[] {
  const found: BadText[] = [];
  // A loop, not recursion: a 1MB JSON body can nest deeper than the call stack goes.
  const pending: [unknown, Link][] = [[value, undefined]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at] = next;
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) found.push({ path: pathOf(at, path), problem });
    } else if (typeof item === 'object' && item !== null) {
      // Reversed onto the stack, so values are looked at in the order they were sent.
      for (const [key, child] of Object.entries(item).reverse()) {
        const keyProblem = textProblem(key);
        // A bad key is named by where it is; the key itself cannot be shown.
        if (keyProblem) found.push({ path: pathOf({ key: withoutBadText(key), parent: at }, path), problem: keyProblem });
        else pending.push([child, { key, parent: at }]);
      }
    }
  }
  return found;
}

/** A path as the JSON API names fields: `answers.bin_type`, `channels.0`. */
export const dottedPath = (path: readonly string[]): string => path.join('.') || 'body';

/** The end of the sentence, after the field's name: "must not contain a null character". */
export function problemText(problem: TextProblem): string {
  return problem === 'null' ? 'must not contain a null character' : 'must not contain an unpaired surrogate (a character that cannot be stored)';
}

/**
 * Input that could not be stored, as a service error: each field named by its path, so the JSON
 * API's error handler gives a 400 with `fields`, Open311's its <errors> document, and pages a GOV.UK
 * error summary. A 400 for any other handler.
 */
export class InvalidText extends InvalidInput {
  readonly statusCode = 400;
  constructor(readonly found: BadText[]) {
    super(found.map((f) => ({ field: dottedPath(f.path), message: `${dottedPath(f.path)} ${problemText(f.problem)}` })));
  }
}

/** The path parameters, query and body of a request, checked before any route sees them. */
export function badTextOf(request: FastifyRequest): BadText[] {
  return [
    ...findBadText(request.params),
    ...findBadText(request.query),
    ...(request.routeOptions.config.ownTextCheck ? [] : findBadText(request.body)),
  ];
}

/**
 * A preHandler on every route: registered after the API key guard, so a caller without a key is
 * still told that first. A multipart form's fields are read by the route's preValidation, before this.
 */
export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => {
    const found = badTextOf(request);
    done(found.length ? new InvalidText(found) : undefined);
  });
}
