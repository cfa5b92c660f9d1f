// A feature as app.ts lists it: its pages and the staff navigation items that lead to them. Each
// feature exports one of these from its index.ts, so adding a feature is one line in app.ts.
import type { FastifyInstance } from 'fastify';
import type { StaffUser } from '../auth/users.js';
import type { Db } from '../db/database.js';
import type { KpiSource } from '../kpi/model.js';
import type { NavigationItem } from './render.js';

export interface FeatureDeps {
  db: Db;
  now: () => Date;
  /** The site's public address, for links in notifications. */
  publicUrl: string;
}

/** A short list on the staff home page of someone's own work ("Your action plan actions"). */
export interface HomePanel {
  heading: string;
  items: { href: string; text: string; hint?: string }[];
}

/** The panel for the person signed in, or null when they have nothing in it. One cheap query. */
export type HomePanelSource = (context: { db: Db; staff: StaffUser; now: Date }) => Promise<HomePanel | null>;

export interface Feature {
  /** Staff navigation, in the order the items appear. */
  navigation: readonly NavigationItem[];
  /** Registers the feature's routes. */
  register(app: FastifyInstance, deps: FeatureDeps): void | Promise<void>;
  /** Lists for the staff home page, each shown to those who have something in it. */
  homePanels?: readonly HomePanelSource[];
  /** The KPIs it measures, by review section: the performance registry lists them (features/performance). */
  kpis?: readonly KpiSource[];
}
