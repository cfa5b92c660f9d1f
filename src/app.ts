// createApp(deps): builds the web app from its parts. No globals: tests build as many apps as they
// like, on either database engine, with their own clock.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type preHandlerHookHandler } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import './platform/web/types.js';
import { registerApiKeyAdminRoutes } from './platform/api-keys/admin-routes.js';
import { registerApiKeyAuth } from './platform/api-keys/guard.js';
import type { ApiClient } from './platform/api-keys/service.js';
import type { Actor } from './platform/audit/audit.js';
import { registerAuditRoutes } from './platform/audit/routes.js';
import { navigation as notificationsNavigation, registerNotificationRoutes } from './platform/outbox/routes.js';
import { registerUserAdminRoutes } from './platform/auth/admin-routes.js';
import { registerAuthRoutes } from './platform/auth/routes.js';
import type { SessionPolicy } from './platform/auth/sessions.js';
import { databaseAnswers, type Db } from './platform/db/database.js';
import { createMemoryFileStore, type FileStore } from './platform/files/index.js';
import { createViewEnvironment } from './platform/views/environment.js';
import { registerErrorHandling, rewriteMalformedUrl } from './platform/web/errors.js';
import { registerRendering, type NavigationItem } from './platform/web/render.js';
import { siteCookies } from './platform/web/cookies.js';
import { fastifyTrustProxy, type TrustProxy } from './platform/web/proxy.js';
import { registerStaffAccess } from './platform/web/staff-access.js';
import { registerTextInputCheck } from './platform/web/text-input.js';
import { calendarNavigation, registerCalendarRoutes } from './features/calendar/routes.js';
import { registerCouncilRoutes } from './features/council/routes.js';
import { findCouncil } from './features/council/service.js';

import { registerCharterAdminRoutes } from './features/charter/admin-routes.js';
import { registerCatalogueApi } from './features/charter/api-routes.js';
import { registerCasesApi } from './features/cases/api/routes.js';
import { registerCharterPublicRoutes } from './features/charter/public-routes.js';
import { registerResidentRequestRoutes } from './features/cases/resident-routes.js';
import { registerTrackingRoutes } from './features/cases/tracking/routes.js';
import { registerCasePageRoutes } from './features/cases/case-page/routes.js';
import { casesNavigation, registerQueueRoutes } from './features/cases/queue/routes.js';
import { raiseCaseNavigation, registerRaiseCaseRoutes } from './features/cases/raise/routes.js';
import { registerWorkflowRoutes } from './features/cases/workflow/routes.js';
// Registers the recurring job that escalates at-risk and breached cases (in every process, worker included).
import './features/cases/escalation/job.js';
import { registerOpen311Routes } from './features/open311/routes.js';
import { registerOpen311AdminRoutes } from './features/open311/admin-routes.js';
import { inboxNavigation, registerInboxRoutes } from './features/inbound-email/routes.js';
import { contactsNavigation, registerContactRoutes } from './features/contacts/routes.js';
import { customersNavigation, registerCustomerRoutes } from './features/customers/routes.js';
import { auditSubjects } from './features/customers/audit-subjects.js';
import { complaintsFeature, complaintTrackingSection } from './features/complaints/index.js';
import { insightFeature } from './features/insight/index.js';
import { createKpiRegistry, performanceFeature, performanceNavigation } from './features/performance/index.js';
import type { KpiSource } from './platform/kpi/index.js';
import { standardsKpis } from './features/charter/kpis.js';
import { casesKpis } from './features/cases/kpis.js';
import { contactsKpis, costKpis } from './features/contacts/kpis.js';
import type { Feature } from './platform/web/feature.js';
import { registerSiteRoutes } from './features/site/routes.js';
import { registerWorkspaceRoutes, workspaceNavigation } from './features/workspace/routes.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const govukAssets = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist/govuk/assets');

export interface AppDeps {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Signs the CSRF cookie. */
  cookieSecret: string;
  sessions: SessionPolicy;
  /**
   * Where uploaded files (case attachments) are kept, outside the database. main.ts passes the disk
   * store in DATA_DIR/files; without one the app keeps files in memory (tools and benchmarks only).
   */
  files?: FileStore;
  /** The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** The site's public address, for links in notifications. */
  publicUrl?: string;
  /** The jurisdiction_id Open311 clients may send; the public address's host name when not given. */
  open311JurisdictionId?: string;
  logger?: FastifyServerOptions['logger'];
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Re-read templates on every request (development). */
  watchTemplates?: boolean;
  /** The KPIs performance reports (tests pass sources of known figures); every feature's by default. */
  kpiSources?: readonly KpiSource[];
}

/** The KPIs of the features registered one by one below; the feature modules bring their own. */
const OLDER_KPI_SOURCES = [standardsKpis, contactsKpis, costKpis, casesKpis];

/** The features that come as one module each (their index.ts); older ones are registered one by one below. */
const FEATURES: readonly Feature[] = [complaintsFeature, insightFeature];

/** Every KPI the app measures. Performance reports them all: a feature registers its KPIs and they appear there without changes. */
export const KPI_SOURCES: readonly KpiSource[] = [...OLDER_KPI_SOURCES, ...FEATURES.flatMap((f) => f.kpis ?? [])];
/** The app's KPI registry, for tools and the benchmark of the quarterly review (bench/performance-review.ts). */
export const kpiRegistry = createKpiRegistry(KPI_SOURCES);

const staffNavigation: NavigationItem[] = [
  ...workspaceNavigation,
  ...customersNavigation,
  casesNavigation,
  ...raiseCaseNavigation,
  inboxNavigation,
  ...contactsNavigation,
  ...complaintsFeature.navigation,
  ...insightFeature.navigation,
  ...performanceNavigation,
  { href: '/staff/services', text: 'Services', permission: 'charter:read' },
  ...calendarNavigation,
  { href: '/staff/council', text: 'Council settings', permission: 'council:manage' },
  { href: '/staff/users', text: 'Staff users', permission: 'users:manage' },
  { href: '/staff/api-keys', text: 'API keys', permission: 'api_keys:manage' },
  notificationsNavigation,
  { href: '/staff/audit', text: 'Audit trail', permission: 'audit:read' },
];

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const files = deps.files ?? createMemoryFileStore();
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: fastifyTrustProxy(deps.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
    // A malformed address goes on to the app's own 400 page, not Fastify's bare JSON (errors.ts).
    rewriteUrl: rewriteMalformedUrl,
  });

  // Cookie names and flags follow PUBLIC_URL: __Host- names and Secure over HTTPS.
  app.decorate('siteCookies', siteCookies(deps.publicUrl ?? 'http://localhost'));
  await registerSecurity(app, deps);
  app.decorate('staffRoutes', registerStaffAccess(app, { db: deps.db, now, sessions: deps.sessions }));
  registerRendering(app, {
    db: deps.db,
    views: createViewEnvironment({ watch: deps.watchTemplates ?? false }),
    navigation: staffNavigation,
    council: () => findCouncil(deps.db),
  });
  registerErrorHandling(app);
  registerApiKeyAuth(app, { db: deps.db, now });
  // After the key guard: text the database cannot store is refused as a field-level 400 on every route.
  registerTextInputCheck(app);
  // A call made with an API key is the client system's doing; the key's id says which key it used.
  app.decorateRequest('actor', function actor(this: { staff?: { id: string; displayName: string }; client?: ApiClient; ip: string }): Actor {
    if (this.client) return { type: 'client', id: this.client.keyId, label: this.client.name, ip: this.ip };
    return this.staff
      ? { type: 'staff', id: this.staff.id, label: this.staff.displayName, ip: this.ip }
      : { type: 'anonymous', label: 'anonymous', ip: this.ip };
  });

  await app.register(fastifyStatic, { root: path.join(rootDir, 'public/build'), prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  await app.register(fastifyStatic, { root: govukAssets, prefix: '/assets/govuk/', decorateReply: false, maxAge: '1d' });

  app.get('/health', async (_request, reply) => {
    const up = await databaseAnswers(deps.db);
    return reply.code(up ? 200 : 503).send({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', engine: deps.engine });
  });

  registerSiteRoutes(app);
  registerCharterPublicRoutes(app, { db: deps.db, now });
  const publicUrl = deps.publicUrl ?? 'http://localhost:3000';
  registerResidentRequestRoutes(app, { db: deps.db, files, now, publicUrl });
  // The tracking page shows a complaint's stages and replies, and its stage 2 form (complaints/resident).
  registerTrackingRoutes(app, { db: deps.db, now, publicUrl, sections: [complaintTrackingSection] });
  registerCasePageRoutes(app, { db: deps.db, files, now, publicUrl });
  registerQueueRoutes(app, { db: deps.db, now, publicUrl });
  registerRaiseCaseRoutes(app, { db: deps.db, files, now, publicUrl });
  registerCustomerRoutes(app, { db: deps.db, now });
  registerContactRoutes(app, { db: deps.db, files, now });
  const performance = performanceFeature(deps.kpiSources ? createKpiRegistry(deps.kpiSources) : kpiRegistry);
  for (const feature of [...FEATURES, performance]) await feature.register(app, { db: deps.db, now, publicUrl });
  registerInboxRoutes(app, { db: deps.db, files, now });
  registerAuthRoutes(app, { db: deps.db, now, sessions: deps.sessions });
  registerWorkspaceRoutes(app, { db: deps.db, now, navigation: staffNavigation, panels: [...FEATURES, performance].flatMap((f) => f.homePanels ?? []) });
  registerCouncilRoutes(app, { db: deps.db });
  registerCharterAdminRoutes(app, { db: deps.db });
  registerWorkflowRoutes(app, { db: deps.db, now });
  registerOpen311Routes(app, { db: deps.db, now, publicUrl, jurisdictionId: deps.open311JurisdictionId ?? new URL(publicUrl).hostname });
  registerOpen311AdminRoutes(app, { db: deps.db });
  registerCalendarRoutes(app, { db: deps.db, now });
  registerUserAdminRoutes(app, { db: deps.db, now });
  registerApiKeyAdminRoutes(app, { db: deps.db, now });
  registerNotificationRoutes(app, { db: deps.db, now });
  await registerCatalogueApi(app, { db: deps.db });
  await registerCasesApi(app, { db: deps.db, now, publicUrl });
  registerAuditRoutes(app, { db: deps.db, subjects: auditSubjects });

  return app;
}

async function registerSecurity(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(fastifyCookie, { secret: deps.cookieSecret });
  await app.register(fastifyFormbody);
  // Multipart bodies are not read here: a route that takes files reads them in its own preValidation
  // hook (platform/web/multipart.ts), so elsewhere a multipart post has no _csrf and gets a 403.
  await app.register(fastifyMultipart);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    // HSTS only makes sense over HTTPS: behind a proxy that terminates TLS, or at an https public address.
    strictTransportSecurity: deps.trustProxy || deps.publicUrl?.startsWith('https://') ? undefined : false,
    // The same as frame-ancestors 'none', for browsers that only know this header.
    xFrameOptions: { action: 'deny' },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: app.siteCookies.csrf,
    cookieOpts: { ...app.siteCookies.options, signed: true },
    // Tokens are bound to the staff session: one minted before signing in, or for another session, is refused.
    getUserInfo: (request) => app.siteCookies.csrfUserInfo(request),
    csrfOpts: { userInfo: true, hmacKey: deps.cookieSecret },
  });
  // Every form is protected unless a route explicitly opts out (machine clients with API keys).
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (methods.every((m) => m === 'GET' || m === 'HEAD') || route.config?.csrf === false) return;
    const csrf: preHandlerHookHandler = (request, reply, done) => app.csrfProtection(request, reply, done);
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [csrf, ...existing];
  });
}
