import { describe, expect, it } from 'vitest';
import { AUDIENCES, CASE_MILESTONES, DEFAULT_AT_RISK_PERCENT, describeClock, serviceSchema, standardSchema, teamSchema } from '../features/charter/model.js';
import { DEMO_SERVICES, DEMO_TEAMS, type DemoField } from './catalogue.js';

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

const allRequestTypes = DEMO_SERVICES.flatMap((service) => service.requestTypes.map((requestType) => ({ service, requestType })));
const allFields = allRequestTypes.flatMap(({ service, requestType }) => requestType.fields.map((field) => ({ where: `${service.code}/${requestType.code}/${field.code}`, field })));
const CHOICE: DemoField['type'][] = ['single_choice', 'multiple_choice'];

describe('demo teams', () => {
  it('pass the team form rules, with unique names and council email addresses', () => {
    for (const team of DEMO_TEAMS) {
      const parsed = teamSchema.safeParse(team);
      expect(parsed.success, `${team.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(team.email).toMatch(/@brackenfield\.example$/);
    }
    expect(duplicates(DEMO_TEAMS.map((t) => t.name.toLowerCase()))).toEqual([]);
    expect(DEMO_TEAMS.length).toBeGreaterThanOrEqual(8);
  });

  it('every team does some work', () => {
    const used = new Set(DEMO_SERVICES.map((s) => s.team));
    expect(DEMO_TEAMS.filter((t) => !used.has(t.name)).map((t) => t.name)).toEqual([]);
  });
});

describe('demo services', () => {
  it('has at least 18 services with unique codes and names', () => {
    expect(DEMO_SERVICES.length).toBeGreaterThanOrEqual(18);
    expect(duplicates(DEMO_SERVICES.map((s) => s.code))).toEqual([]);
    expect(duplicates(DEMO_SERVICES.map((s) => s.name.toLowerCase()))).toEqual([]);
  });

  it.each(DEMO_SERVICES.map((s) => [s.code, s] as const))('%s passes the service form rules unchanged', (_code, service) => {
    const input = {
      code: service.code,
      name: service.name,
      department: service.department,
      teamId: '',
      description: service.description,
      channels: service.channels,
      published: service.published ? 'yes' : 'no',
    };
    const parsed = serviceSchema.safeParse(input);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual({ ...input, teamId: null, published: service.published });
    expect(duplicates(service.channels)).toEqual([]);
  });

  it('names an existing team in the service’s own department', () => {
    for (const service of DEMO_SERVICES) {
      const team = DEMO_TEAMS.find((t) => t.name === service.team);
      expect(team, `${service.code}: no team ${service.team}`).toBeDefined();
      expect(team?.department, service.code).toBe(service.department);
    }
  });

  it('keeps one or two services unpublished, so the public charter has something to hide', () => {
    const hidden = DEMO_SERVICES.filter((s) => !s.published).length;
    expect(hidden).toBeGreaterThanOrEqual(1);
    expect(hidden).toBeLessThanOrEqual(2);
  });

  it('has 1 to 3 standards and 1 to 2 request types per service', () => {
    for (const service of DEMO_SERVICES) {
      expect(service.standards.length, service.code).toBeGreaterThanOrEqual(1);
      expect(service.standards.length, service.code).toBeLessThanOrEqual(3);
      expect(service.requestTypes.length, service.code).toBeGreaterThanOrEqual(1);
      expect(service.requestTypes.length, service.code).toBeLessThanOrEqual(2);
    }
  });
});

describe('demo standards', () => {
  const allStandards = DEMO_SERVICES.flatMap((service) => service.standards.map((standard) => ({ service, standard })));

  it.each(allStandards.map(({ service, standard }) => [`${service.code}/${standard.code}`, standard] as const))(
    '%s passes the standard form rules unchanged',
    (_where, standard) => {
      const input = {
        ...standard,
        clockAmount: String(standard.clockAmount),
        targetPercent: String(standard.targetPercent),
        published: standard.published ? 'yes' : 'no',
      };
      const parsed = standardSchema.safeParse(input);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      // Demo standards warn at the default share, as the loader saves them.
      expect(parsed.data).toEqual({ atRiskPercent: DEFAULT_AT_RISK_PERCENT, extensionLimit: null, ...standard });
    },
  );

  it('have plausible targets and a clock that stops after it starts', () => {
    for (const { service, standard } of allStandards) {
      const where = `${service.code}/${standard.code}`;
      expect(standard.targetPercent, where).toBeGreaterThanOrEqual(85);
      expect(standard.targetPercent, where).toBeLessThanOrEqual(99);
      expect(CASE_MILESTONES.indexOf(standard.stopEvent), where).toBeGreaterThan(CASE_MILESTONES.indexOf(standard.startEvent));
    }
  });

  it('say in words the same time the clock measures', () => {
    for (const { service, standard } of allStandards) {
      expect(standard.sentence, `${service.code}/${standard.code}`).toContain(describeClock(standard.clockUnit, standard.clockAmount));
    }
  });

  it('have codes unique within their service, and each is used by a request type', () => {
    for (const service of DEMO_SERVICES) {
      expect(duplicates(service.standards.map((s) => s.code)), service.code).toEqual([]);
      const used = new Set(service.requestTypes.flatMap((rt) => rt.standardCodes));
      expect(service.standards.filter((s) => !used.has(s.code)).map((s) => s.code), service.code).toEqual([]);
    }
  });
});

describe('demo request types', () => {
  it('have codes unique across all services, in the code format', () => {
    expect(duplicates(allRequestTypes.map(({ requestType }) => requestType.code))).toEqual([]);
    for (const { requestType } of allRequestTypes) expect(requestType.code).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('name only standards of their own service, once each', () => {
    for (const { service, requestType } of allRequestTypes) {
      const codes = new Set(service.standards.map((s) => s.code));
      expect(requestType.standardCodes.length, requestType.code).toBeGreaterThan(0);
      expect(duplicates(requestType.standardCodes), requestType.code).toEqual([]);
      for (const code of requestType.standardCodes) expect(codes.has(code), `${requestType.code} names ${code}`).toBe(true);
    }
  });

  it('have known audiences, always including residents and advisors', () => {
    for (const { requestType } of allRequestTypes) {
      for (const audience of requestType.audiences) expect(AUDIENCES).toContain(audience);
      expect(requestType.audiences, requestType.code).toEqual(expect.arrayContaining(['resident', 'advisor']));
      expect(duplicates(requestType.audiences), requestType.code).toEqual([]);
    }
  });

  it('only accept requests from other systems on services that take Open311 reports', () => {
    for (const { service, requestType } of allRequestTypes) {
      if (requestType.audiences.includes('system')) expect(service.channels, requestType.code).toContain('open311');
    }
  });

  it('have 2 to 6 fields with unique codes, numbered in order', () => {
    for (const { requestType } of allRequestTypes) {
      const { fields } = requestType;
      expect(fields.length, requestType.code).toBeGreaterThanOrEqual(2);
      expect(fields.length, requestType.code).toBeLessThanOrEqual(6);
      expect(duplicates(fields.map((f) => f.code)), requestType.code).toEqual([]);
      expect(fields.map((f) => f.order)).toEqual(fields.map((_f, i) => i + 1));
    }
  });
});

describe('demo fields', () => {
  it('have codes in the field code format', () => {
    for (const { where, field } of allFields) expect(field.code, where).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
  });

  it('give choice fields at least 2 options with unique values, and only choice fields have options', () => {
    for (const { where, field } of allFields) {
      if (CHOICE.includes(field.type)) {
        expect(field.options?.length ?? 0, where).toBeGreaterThanOrEqual(2);
        expect(duplicates((field.options ?? []).map((o) => o.value)), where).toEqual([]);
        for (const option of field.options ?? []) expect(option.label.trim(), where).not.toBe('');
      } else {
        expect(field.options, where).toBeUndefined();
      }
    }
  });

  it('only set rules that suit the field type', () => {
    for (const { where, field } of allFields) {
      if (field.maxLength !== undefined) {
        expect(['text', 'long_text'], where).toContain(field.type);
        expect(field.maxLength, where).toBeGreaterThan(0);
      }
      if (field.min !== undefined || field.max !== undefined) expect(field.type, where).toBe('number');
      if (field.min !== undefined && field.max !== undefined) expect(field.min, where).toBeLessThanOrEqual(field.max);
      expect(field.dateRule !== undefined, where).toBe(field.type === 'date');
    }
  });

  it('cover every field type somewhere in the catalogue', () => {
    const types = new Set(allFields.map(({ field }) => field.type));
    expect([...types].sort()).toEqual(['attachment', 'date', 'location', 'long_text', 'multiple_choice', 'number', 'single_choice', 'text', 'yes_no']);
  });
});
