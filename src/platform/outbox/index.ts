// The notification outbox: queue in the caller's transaction, deliver from the worker.
export { queueNotification, UnknownTemplateError, type QueuedNotification } from './outbox.js';
export { createOutboxDelivery, RETRY_DELAYS_MS, type DeliveryOptions } from './delivery.js';
export { MissingPersonalisationError, type Personalisation } from './templates.js';
export * from './channels/index.js';
