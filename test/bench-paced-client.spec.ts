import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { paced } from '../bench/load';

/**
 * The benchmark's paced load generator writes HTTP/1.1 by hand and reads answers by their
 * Content-Length (bench/load.ts). Against a real HTTP server: what it sends arrives intact, answers
 * of any size and status are counted as such, and what it cannot read (a chunked answer, a
 * connection closed mid-request) is counted as an error without stopping the run.
 */
describe('bench: the paced load generator', () => {
  let server: Server;
  let url: string;
  let open = 0;
  let mostOpen = 0;
  const large = Buffer.alloc(200_000, 'x');

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const intact = req.method === 'POST' && req.headers['x-bench'] === 'yes' && body === JSON.stringify({ path: req.url, text: 'ä€' });
        // A status set without writeHead: Node then sends the body's Content-Length, as Fastify does.
        const answer = (status: number, body: string | Buffer) => {
          res.statusCode = status;
          res.end(body);
        };
        if (!intact) return answer(400, 'garbled');
        if (req.url === '/large') return answer(200, large);
        if (req.url === '/held') return void setTimeout(() => answer(200, 'late'), 300);
        if (req.url === '/quick') return answer(200, 'now');
        if (req.url === '/conflict') return answer(409, '{"code":"conflict"}');
        if (req.url === '/chunked') {
          res.writeHead(200);
          res.write('no length');
          return void res.end('!');
        }
        req.socket.destroy();
      });
    });
    server.on('connection', (socket: Socket) => {
      mostOpen = Math.max(mostOpen, ++open);
      socket.on('close', () => open--);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts every answer by its status, and what it cannot read as errors', async () => {
    const paths = ['/large', '/conflict', '/chunked', '/dropped'];
    const result = await paced({
      title: 'paced client',
      url,
      rate: 400,
      seconds: 0.5,
      connections: 4,
      next: (i) => {
        const path = paths[i % paths.length];
        return { method: 'POST', path, headers: { 'content-type': 'application/json', 'x-bench': 'yes' }, body: JSON.stringify({ path, text: 'ä€' }) };
      },
      appPids: [process.pid],
    });

    expect(result.responses).toBe(100);
    expect(result.statusCodes).toEqual({ '200': 50, '409': 50 });
    expect(result.ok).toBe(50);
    expect(result.non2xx).toBe(50);
    expect(result.errors).toBe(100);
    expect(result.latencyMs.count).toBe(50);
    expect(result.clientLagMs?.count).toBe(200);
    expect(result.targetRate).toBe(400);
    expect(mostOpen).toBeLessThanOrEqual(4);
  });

  it('tells a server that holds every connection from a late load generator', async () => {
    // Two connections; the first two answers take 300 ms, the rest none. The requests due meanwhile
    // find both connections busy and wait: the server's stall, not the client's lateness.
    const result = await paced({
      title: 'held connections',
      url,
      rate: 200,
      seconds: 0.5,
      connections: 2,
      next: (i) => {
        const path = i < 2 ? '/held' : '/quick';
        return { method: 'POST', path, headers: { 'content-type': 'application/json', 'x-bench': 'yes' }, body: JSON.stringify({ path, text: 'ä€' }) };
      },
      appPids: [process.pid],
    });

    expect(result.ok).toBe(100);
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(290);
    expect(result.queued?.count).toBeGreaterThanOrEqual(50);
    expect(result.queued?.waitMs.max).toBeGreaterThanOrEqual(250);
    expect(result.clientLagMs?.count).toBe(100);
    expect(result.clientLagMs!.p99).toBeLessThan(result.queued!.waitMs.max / 2);
  });
});
