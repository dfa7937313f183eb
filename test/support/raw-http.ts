import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
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
 * Starts the test app listening on a loopback port and returns a sender of raw requests over real HTTP.
 * supertest cannot be used for this: it re-encodes `%zz` in URLs and serialises a Buffer body as JSON.
 */
export async function rawHttp(t: TestApp): Promise<{ send: RawSender; stop: () => void }> {
  const server = t.app.getHttpServer();
  if (!server.listening) await t.app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send: RawSender = (req) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = req.body.length;
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
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
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  return { send, stop: () => agent.destroy() };
}
