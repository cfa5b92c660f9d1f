// A feature as app.ts lists it: its pages and the staff navigation items that lead to them. Each
// feature exports one of these from its index.ts, so adding a feature is one line in app.ts.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import type { NavigationItem } from './render.js';

export interface FeatureDeps {
  db: Db;
  now: () => Date;
  /** The site's public address, for links in notifications. */
  publicUrl: string;
}

export interface Feature {
  /** Staff navigation, in the order the items appear. */
  navigation: readonly NavigationItem[];
  /** Registers the feature's routes. */
  register(app: FastifyInstance, deps: FeatureDeps): void | Promise<void>;
}
