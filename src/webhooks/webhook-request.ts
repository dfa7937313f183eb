import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { CloudEvent, HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { EventData } from '../outbox/event-catalogue';
import { hostOf, parseWebhookUrl, resolveSafely, UnsafeUrlError, assertAllowedHost } from './url-safety';

/** The CloudEvents `dataschema` of an event type: the `$id` of its data's JSON Schema (docs/events.md). */
export const dataSchemaUri = (type: string) => `urn:procurement-planning-engine:events:${type}`;

/** The event as stored in the outbox, with what the envelope needs. */
export interface EnvelopeSource {
  eventId: string;
  type: string;
  planId: string;
  organisationId: string;
  occurredAt: Date;
  data: EventData;
}

/**
 * The CloudEvents 1.0 structured JSON body of an event (built and validated by the `cloudevents`
 * package): `type` is the catalogue's own name, so it reads the same as a subscription's `events`;
 * `source` is the organisation's URL at PUBLIC_URL; `subject` is the plan; `data` is exactly what the
 * outbox stored, nothing added.
 */
export function cloudEventBody(source: EnvelopeSource, publicUrl: string): { body: string; contentType: string } {
  const event = new CloudEvent<EventData>({
    specversion: '1.0',
    id: source.eventId,
    source: `${publicUrl.replace(/\/+$/, '')}/organisations/${encodeURIComponent(source.organisationId)}`,
    type: source.type,
    subject: source.planId,
    time: source.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(source.type),
    data: source.data,
  });
  const message = HTTP.structured(event);
  return { body: String(message.body), contentType: String(message.headers['content-type']) };
}

export interface AttemptOutcome {
  /** The receiver's HTTP status; null when no answer came (refused address, connection error, timeout). */
  status: number | null;
  /** Why the attempt failed, for the delivery log; null on a 2xx. */
  error: string | null;
  durationMs: number;
  headers: IncomingHttpHeaders;
  /** When the answer arrived (wall clock), to read an HTTP-date Retry-After against. */
  receivedAt: number;
}

export interface SignedRequest {
  url: string;
  webhookId: string;
  secret: string;
  body: string;
  contentType: string;
}

/**
 * POSTs a signed delivery and never throws. The URL is checked again here, and the socket's own DNS
 * lookup checks every address it is given once more (the check before it names the reason; the
 * lookup is what the connection uses), so a name that resolved to a public address when the webhook
 * was created cannot be rebound to a private one.
 * Redirects are not followed: a 3xx is a failed attempt, like any other non-2xx.
 */
export async function postSigned(
  req: SignedRequest,
  options: { allowPrivate: boolean; allowedHosts: readonly string[]; timeoutMs: number },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const finish = (status: number | null, error: string | null, headers: IncomingHttpHeaders = {}): AttemptOutcome => ({
    status,
    error,
    durationMs: Math.round(performance.now() - started),
    headers,
    receivedAt: Date.now(),
  });
  let url: URL;
  try {
    // The addresses first: they are what the rule protects, and the clearest reason to give.
    url = parseWebhookUrl(req.url, true);
    assertAllowedHost(hostOf(url), options.allowedHosts);
    await resolveSafely(hostOf(url), options.allowPrivate, options.timeoutMs);
    parseWebhookUrl(req.url, options.allowPrivate);
  } catch (err) {
    return finish(null, `Refused: ${(err as Error).message}`);
  }
  // Signed with the wall clock, not the service's Clock: receivers check the timestamp against theirs.
  const signedAt = new Date();
  const signature = new Webhook(req.secret).sign(req.webhookId, signedAt, req.body);
  const timestamp = String(Math.floor(signedAt.getTime() / 1000));
  const body = Buffer.from(req.body, 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const outgoing = send(url, {
      method: 'POST',
      agent: false,
      lookup: vettedLookup(options.allowPrivate, options.timeoutMs),
      headers: {
        'content-type': req.contentType,
        'content-length': String(body.length),
        'user-agent': 'procurement-planning-engine-webhooks/1',
        'webhook-id': req.webhookId,
        'webhook-timestamp': timestamp,
        'webhook-signature': signature,
      },
    });
    const timer = setTimeout(() => outgoing.destroy(new Error(`No answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    outgoing.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // The answer's body is not kept; read it away so the connection closes normally.
      res.resume();
      done(
        finish(
          status,
          status >= 200 && status < 300 ? null : `The receiver answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
          res.headers,
        ),
      );
    });
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      const refused = err instanceof UnsafeUrlError;
      done(finish(null, refused ? `Refused: ${err.message}` : `${err.code ? `${err.code}: ` : ''}${err.message}`));
    });
    outgoing.end(body);
  });
}

/** The socket's DNS lookup, answering only with addresses that may be reached. */
function vettedLookup(allowPrivate: boolean, timeoutMs: number): LookupFunction {
  return (hostname, options, callback) => {
    resolveSafely(hostname, allowPrivate, timeoutMs).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const chosen = wanted.length > 0 ? wanted : addresses;
        if (options.all) callback(null, chosen);
        else callback(null, chosen[0].address, chosen[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
