// Complaints as app.ts lists it: the officer's pages, the statutory reports, the procedures'
// administration and the resident's /complain, with the section the tracking page shows.
import type { Feature } from '../../platform/web/feature.js';
import { proceduresNavigation, registerComplaintProcedureRoutes } from './procedures/routes.js';
import { complaintReportsNavigation, registerComplaintReportRoutes } from './reports/routes.js';
import { registerResidentComplaintRoutes } from './resident/routes.js';
import { complaintsKpis } from './kpis.js';
import { complaintsNavigation, registerComplaintRoutes } from './routes.js';

export { complaintTrackingSection } from './resident/section.js';

export const complaintsFeature: Feature = {
  navigation: [...complaintsNavigation, complaintReportsNavigation, proceduresNavigation],
  register(app, deps) {
    registerResidentComplaintRoutes(app, deps);
    registerComplaintRoutes(app, deps);
    registerComplaintReportRoutes(app, deps);
    registerComplaintProcedureRoutes(app, deps);
  },
  kpis: [complaintsKpis],
};
