// Customer Insight as app.ts lists it: the insight queue, themes and actions, satisfaction ratings,
// and the residents' compliments, comments, "not met" reports and "You said, we did".
import type { Feature } from '../../platform/web/feature.js';
import { registerInsightPublicRoutes } from './public-routes.js';
import { ratingsKpis } from './ratings/kpis.js';
import { ratingsNavigation, registerRatingRoutes } from './ratings/routes.js';
import { insightNavigation, registerInsightRoutes } from './routes.js';

export const insightFeature: Feature = {
  navigation: [...insightNavigation, ratingsNavigation],
  register(app, deps) {
    registerInsightPublicRoutes(app, deps);
    registerInsightRoutes(app, deps);
    registerRatingRoutes(app, deps);
  },
  kpis: [ratingsKpis],
};
