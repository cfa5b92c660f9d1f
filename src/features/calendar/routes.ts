// The working calendar's pages: every member of staff can see it and check a due date with it;
// administrators add and remove closure days and extra holidays and change the opening hours.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/auth/permissions.js';
import type { Db } from '../../platform/db/database.js';
import { formBody, type FormErrors } from '../../platform/web/forms.js';
import type { NavigationItem } from '../../platform/web/render.js';
import { MAX_YEAR, NATION_NAMES, WORKING_WEEKDAYS, londonDate } from '../../time/index.js';
import {
  DATE_PARTS,
  DAY_KIND_NAMES,
  checkCalculation,
  checkNewDay,
  dateFromParts,
  formatLocalDate,
  isSupportedDate,
  weekdayLabel,
  type DatePart,
  type FieldErrors,
  type OpeningHoursInput,
} from './model.js';
import {
  CalendarDayNotFoundError,
  CalendarInputError,
  addCalendarDay,
  changeOpeningHours,
  checkDueDate,
  findCalendarDay,
  getCalendarOverview,
  getOpeningHours,
  getWorkingCalendar,
  removeCalendarDay,
} from './service.js';

export const calendarNavigation: NavigationItem[] = [{ href: '/staff/calendar', text: 'Working calendar', permission: 'calendar:read' }];

const VIEWS = 'features/calendar/views';
const read = { permission: 'calendar:read' } as const;
const manage = { permission: 'calendar:manage' } as const;

type Body = Record<string, string | string[]>;
const text = (body: Body, key: string): string => {
  const value = body[key];
  return typeof value === 'string' ? value : '';
};

/** The GOV.UK error summary and field messages; `anchors` names the box to link to when it is not the field id. */
function toFormErrors(fields: FieldErrors, anchors: Record<string, string> = {}): FormErrors {
  return {
    summary: Object.entries(fields).map(([field, message]) => ({ text: message, href: `#${anchors[field] ?? field}` })),
    fields: Object.fromEntries(Object.entries(fields).map(([field, message]) => [field, { text: message }])),
  };
}

/** The boxes of a date input for govukDateInput, the ones in error marked. */
function dateItems(values: Body, prefix: string, errorParts: readonly DatePart[]) {
  return DATE_PARTS.map((part) => ({
    name: part,
    label: part.charAt(0).toUpperCase() + part.slice(1),
    value: text(values, `${prefix}-${part}`),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorParts.includes(part) ? ' govuk-input--error' : ''}`,
  }));
}

export function registerCalendarRoutes(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  registerOverview(app, deps);
  registerAddDay(app, deps);
  registerRemoveDay(app, deps);
  registerHours(app, deps);
  registerCalculator(app, deps);
}

function banner(query: Record<string, unknown>): string | undefined {
  const date = isSupportedDate(query.date) ? formatLocalDate(query.date) : undefined;
  if (query.done === 'added' && date) return `${date} has been added. Due dates are now worked out without it.`;
  if (query.done === 'removed' && date) return `${date} has been removed. It counts as a working day again.`;
  if (query.done === 'hours') return 'The opening hours have been saved.';
  if (query.done === 'unchanged') return 'The opening hours were already set to those times: nothing has changed.';
  return undefined;
}

function registerOverview(app: FastifyInstance, deps: { db: Db; now: () => Date }): void {
  app.get('/staff/calendar', { config: read }, async (request, reply) => {
    const overview = await getCalendarOverview(deps.db, londonDate(deps.now()));
    const nation = overview.working.calendar.nation;
    return reply.page(`${VIEWS}/calendar.njk`, {
      pageTitle: 'Working calendar',
      overview,
      nationName: NATION_NAMES[nation],
      weekdays: WORKING_WEEKDAYS.map((day) => ({ name: weekdayLabel(day), ...overview.hours.openingHours[day] })),
      canManage: can(request.staff?.roles ?? [], 'calendar:manage'),
      canManageCouncil: can(request.staff?.roles ?? [], 'council:manage'),
      banner: banner(request.query as Record<string, unknown>),
      formatDate: formatLocalDate,
    });
  });
}

function registerAddDay(app: FastifyInstance, deps: { db: Db }): void {
  const page = (reply: FastifyReply, values: Body, errors?: FormErrors, errorParts: readonly DatePart[] = []) =>
    reply.page(`${VIEWS}/add-day.njk`, {
      pageTitle: 'Add a closure day or extra holiday',
      values,
      errors,
      dateItems: dateItems(values, 'date', errorParts),
      kinds: (['closure', 'extra_holiday'] as const).map((value) => ({ value, checked: text(values, 'kind') === value })),
      maxYear: MAX_YEAR,
    });

  app.get('/staff/calendar/days/new', { config: manage }, (_request, reply) => page(reply, { kind: 'closure' }));

  app.post('/staff/calendar/days/new', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const date = dateFromParts({ day: text(body, 'date-day'), month: text(body, 'date-month'), year: text(body, 'date-year') });
    try {
      // A date that cannot be read is reported with whatever else is wrong, as one summary.
      if (!date.ok) throw new CalendarInputError({ date: date.message, ...withoutDate(body) });
      await addCalendarDay(deps.db, request.actor(), { date: date.date, kind: text(body, 'kind'), reason: text(body, 'reason') });
    } catch (error) {
      if (!(error instanceof CalendarInputError)) throw error;
      const parts = date.ok ? [...DATE_PARTS] : date.parts;
      reply.code(400);
      return page(reply, body, toFormErrors(error.fields, { date: `date-${parts[0]}` }), error.fields.date ? parts : []);
    }
    return reply.redirect(`/staff/calendar?done=added&date=${date.date}`, 303);
  });
}

/** The kind and reason messages for a form whose date could not be read, from the service's own check. */
function withoutDate(body: Body): FieldErrors {
  const checked = checkNewDay({ date: '', kind: text(body, 'kind'), reason: text(body, 'reason') });
  return checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).filter(([field]) => field !== 'date'));
}

function registerRemoveDay(app: FastifyInstance, deps: { db: Db }): void {
  const url = '/staff/calendar/days/:date/remove';
  const show = async (request: FastifyRequest, reply: FastifyReply, values: Body, errors?: FormErrors) => {
    const { date } = request.params as { date: string };
    const day = await findCalendarDay(deps.db, date);
    if (!day) return reply.callNotFound();
    return reply.page(`${VIEWS}/remove-day.njk`, {
      pageTitle: `Remove ${DAY_KIND_NAMES[day.kind]}`,
      day: { ...day, written: formatLocalDate(day.date), kindName: DAY_KIND_NAMES[day.kind] },
      values,
      errors,
    });
  };

  app.get(url, { config: manage }, (request, reply) => show(request, reply, {}));

  app.post(url, { config: manage }, async (request, reply) => {
    const { date } = request.params as { date: string };
    const body = formBody(request.body);
    try {
      await removeCalendarDay(deps.db, request.actor(), date, { reason: text(body, 'reason') });
    } catch (error) {
      if (error instanceof CalendarDayNotFoundError) return reply.callNotFound();
      if (!(error instanceof CalendarInputError)) throw error;
      reply.code(400);
      return show(request, reply, body, toFormErrors(error.fields));
    }
    return reply.redirect(`/staff/calendar?done=removed&date=${date}`, 303);
  });
}

function registerHours(app: FastifyInstance, deps: { db: Db }): void {
  const page = (reply: FastifyReply, values: Body, errors?: FormErrors) =>
    reply.page(`${VIEWS}/hours.njk`, {
      pageTitle: 'Change opening hours',
      weekdays: WORKING_WEEKDAYS.map((day) => ({ id: day, name: weekdayLabel(day) })),
      values,
      errors,
    });

  app.get('/staff/calendar/hours', { config: manage }, async (_request, reply) => {
    const current = await getOpeningHours(deps.db);
    const values: Body = { cutOffTime: current.cutOffTime ?? '' };
    for (const day of WORKING_WEEKDAYS) {
      values[`${day}-opens`] = current.openingHours[day].open;
      values[`${day}-closes`] = current.openingHours[day].close;
    }
    return page(reply, values);
  });

  app.post('/staff/calendar/hours', { config: manage }, async (request, reply) => {
    const body = formBody(request.body);
    const input: OpeningHoursInput = {
      hours: Object.fromEntries(WORKING_WEEKDAYS.map((day) => [day, { opens: text(body, `${day}-opens`), closes: text(body, `${day}-closes`) }])),
      cutOffTime: text(body, 'cutOffTime'),
      reason: text(body, 'reason'),
    };
    try {
      const before = await getWorkingCalendar(deps.db);
      const after = await changeOpeningHours(deps.db, request.actor(), input);
      return await reply.redirect(`/staff/calendar?done=${after.version.id === before.version.id ? 'unchanged' : 'hours'}`, 303);
    } catch (error) {
      if (!(error instanceof CalendarInputError)) throw error;
      reply.code(400);
      return page(reply, body, toFormErrors(error.fields));
    }
  });
}

function registerCalculator(app: FastifyInstance, deps: { db: Db }): void {
  app.get('/staff/calendar/calculator', { config: read }, async (request, reply) => {
    const query = formBody(request.query);
    const view = { pageTitle: 'Working-day calculator', values: query, dateItems: dateItems(query, 'received', []) };
    if (Object.keys(query).length === 0) return reply.page(`${VIEWS}/calculator.njk`, view);
    const checked = checkCalculation({
      day: text(query, 'received-day'),
      month: text(query, 'received-month'),
      year: text(query, 'received-year'),
      time: text(query, 'time'),
      days: text(query, 'days'),
    });
    if (!checked.ok) {
      reply.code(400);
      const parts = checked.dateParts;
      return reply.page(`${VIEWS}/calculator.njk`, {
        ...view,
        errors: toFormErrors(checked.errors, { received: `received-${parts[0] ?? 'day'}` }),
        dateItems: dateItems(query, 'received', parts),
      });
    }
    const result = await checkDueDate(deps.db, checked.value.receivedAt, checked.value.days).catch((error: unknown) => {
      if (error instanceof RangeError) return undefined; // the count ran past 2100, the last year with holiday data
      throw error;
    });
    if (!result) {
      reply.code(400);
      const errors = toFormErrors({ days: `The due date would be after 31 December ${MAX_YEAR}, the last date CharterDesk can count to` });
      return reply.page(`${VIEWS}/calculator.njk`, { ...view, errors });
    }
    return reply.page(`${VIEWS}/calculator.njk`, {
      ...view,
      result: {
        ...result,
        days: checked.value.days,
        received: formatLocalDate(londonDate(checked.value.receivedAt)),
        start: formatLocalDate(result.due.startDate),
        dueDate: formatLocalDate(result.due.dueDate),
        notCounted: result.notCounted.map((d) => ({ ...d, written: formatLocalDate(d.date) })),
      },
    });
  });
}
