/**
 * The four UK nations. Bank holidays (and complaint procedures elsewhere) differ by nation,
 * so a council's calendar is always built for one of them.
 */
export const NATIONS = ['england', 'wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export const NATION_NAMES: Readonly<Record<Nation, string>> = {
  england: 'England',
  wales: 'Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

/** ISO 3166-2 codes, which is also how `date-holidays` names the nations (country GB, state ENG...). */
export const NATION_REGION_CODES: Readonly<Record<Nation, string>> = {
  england: 'GB-ENG',
  wales: 'GB-WLS',
  scotland: 'GB-SCT',
  'northern-ireland': 'GB-NIR',
};

export function isNation(value: unknown): value is Nation {
  return typeof value === 'string' && (NATIONS as readonly string[]).includes(value);
}
