// Performance as app.ts lists it: the KPI registry built from every feature's KPI sources, the
// managers' dashboard with drill-down and targets, the quarterly Customer Service Review (drafted,
// published and frozen; HTML, PDF, CSV, XLSX; public at /performance), and the action plan.
import type { Feature } from '../../platform/web/feature.js';
import { ownActionsPanel } from './action-plan/home-panel.js';
import { actionPlanNavigation, registerActionPlanRoutes } from './action-plan/routes.js';
import { dashboardNavigation, registerDashboardRoutes } from './dashboard/routes.js';
import type { KpiRegistry } from './registry.js';
import { registerReviewRoutes, reviewsNavigation } from './reviews/routes.js';

export { createKpiRegistry, type KpiRegistry } from './registry.js';

export const performanceNavigation = [...dashboardNavigation, ...reviewsNavigation, ...actionPlanNavigation];

/** The performance feature over `registry` (app.ts builds it from every other feature's KPI sources). */
export function performanceFeature(registry: KpiRegistry): Feature & { registry: KpiRegistry } {
  return {
    registry,
    navigation: performanceNavigation,
    homePanels: [ownActionsPanel],
    register(app, deps) {
      const all = { ...deps, registry };
      registerDashboardRoutes(app, all);
      registerReviewRoutes(app, all);
      registerActionPlanRoutes(app, all);
    },
  };
}
