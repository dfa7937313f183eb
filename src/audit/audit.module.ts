import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuditController } from './audit.controller';
import { AuditCheckpointService } from './audit-checkpoint.service';

/** A checkpoint holds about 150 bytes a plan: large portfolios send it as `application/jose`, up to this size. */
export const CHECKPOINT_BODY_LIMIT = 64 * 1024 * 1024;

@Module({
  controllers: [AuditController],
  providers: [AuditCheckpointService],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // The CLI scripts (seed, token) start the application without an HTTP server.
    const adapter = this.adapterHost.httpAdapter as typeof this.adapterHost.httpAdapter | null;
    if (!adapter) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser('application/jose')) return;
    fastify.addContentTypeParser('application/jose', { parseAs: 'string', bodyLimit: CHECKPOINT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  }
}
