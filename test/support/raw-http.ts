import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from './create-test-app';

/** A request exactly as it goes on the wire: the path is not re-encoded, the body is sent byte for byte. */
export interface RawRequest {
  method: string;
  /** Path and query string, already percent-encoded (or deliberately mis-encoded). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON; undefined otherwise. */
  json: unknown;
}

export type RawSender = (req: RawRequest) => Promise<RawResponse>;

/**
 * Node's HTTP server refuses a request line plus headers over this many bytes (http.maxHeaderSize)
 * with a bare 431 before the app sees it; callers keep their requests below it.
 */
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

/**
 * Starts the test app listening on a loopback port and returns a sender of raw requests over real HTTP,
 * one connection per request. supertest cannot be used for this: it re-encodes `%zz` in URLs and
 * serialises a Buffer body as JSON.
 */
export async function rawHttp(t: TestApp): Promise<RawSender> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return (req) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers, connection: 'close' };
      if (req.body !== undefined) headers['content-length'] = req.body.length;
      let answered = false;
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          if (/^application\/json\b/.test(res.headers['content-type'] ?? '')) {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      // A server that answers early (413) may close before the whole body is written: the answer counts.
      outgoing.on('error', (err) => {
        if (!answered) reject(err);
      });
      outgoing.end(req.body);
    });
}
