import { apiSchemas, arrayOf, boolean, instant, integer, nullable, object, page, ref, string, uuid } from '../common/openapi';

const webhook = {
  id: uuid,
  organisation: string,
  url: { ...string, description: 'Where deliveries are POSTed.' },
  events: { ...arrayOf(string), description: 'The event types delivered ("*": every type).' },
  description: nullable(string),
  enabled: { ...boolean, description: 'false once the receiver answered 410 Gone or a manager disabled it; PATCH { "enabled": true } turns it on again.' },
  disabledReason: { ...nullable(string), description: 'Why it was disabled.' },
  disabledAt: nullable(instant),
  version: { ...integer, description: 'Also the `ETag`; send it as `If-Match`.' },
  createdAt: instant,
  createdBy: string,
  updatedAt: instant,
};

/** What WebhooksService returns, as OpenAPI schemas. */
export const WEBHOOK_SCHEMAS = apiSchemas({
  Webhook: object(webhook),
  WebhookWithSecret: {
    allOf: [
      ref('Webhook'),
      object({
        secret: {
          ...string,
          pattern: '^whsec_[A-Za-z0-9+/]{43}=$',
          description: 'The signing secret (Standard Webhooks): shown in this answer only, stored encrypted. Verify every delivery with it.',
        },
      }),
    ],
  },
  WebhookDelivery: object({
    id: { ...string, pattern: '^msg_[0-9a-f]{32}$', description: 'The `webhook-id` header: the same on every attempt and redelivery.' },
    eventId: { ...uuid, description: 'The CloudEvents `id`.' },
    eventType: string,
    planId: uuid,
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    nextAttemptAt: { ...nullable(instant), description: 'When it is sent next; null unless pending.' },
    lastAttemptAt: nullable(instant),
    lastStatus: { ...nullable(integer), description: "The receiver's HTTP status at the last attempt; null when it gave none." },
    lastError: nullable(string),
    deliveredAt: nullable(instant),
    createdAt: instant,
    attempts: arrayOf(
      object({
        at: instant,
        status: { ...nullable(integer), description: "The receiver's HTTP status; null when none came (refused address, connection error, timeout)." },
        error: { ...nullable(string), description: 'Why the attempt failed; null when it succeeded.' },
        durationMs: integer,
      }),
    ),
  }),
});

export const WEBHOOK_DELIVERY_PAGE = page(WEBHOOK_SCHEMAS.WebhookDelivery);
