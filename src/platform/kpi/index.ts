// KPIs as every feature describes them (model.ts) and the periods they are reported over (periods.ts).
export * from './model.js';
export * from './periods.js';
