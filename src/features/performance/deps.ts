// What the performance pages need: the usual feature deps and the KPI registry app.ts built from
// every feature's KPI sources.
import type { FeatureDeps } from '../../platform/web/feature.js';
import type { KpiRegistry } from './registry.js';

export interface PerformanceDeps extends FeatureDeps {
  registry: KpiRegistry;
}
