import { Injectable, PipeTransform } from '@nestjs/common';
import { BadRequestError } from '../common/errors';
import type { IncomingEvent } from '../engine/engine.service';

const EVENT_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * An event body is `{ "type": "…", …payload }`. Its payload schema depends on the type and the
 * plan's workflow version, so this pipe only splits the two; the engine validates the payload
 * against the workflow's schema, with unknown fields refused.
 */
@Injectable()
export class EventBodyPipe implements PipeTransform<unknown, IncomingEvent> {
  transform(body: unknown): IncomingEvent {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestError('event.bodyNotObject');
    }
    const { type, ...payload } = body as Record<string, unknown>;
    if (typeof type !== 'string') throw new BadRequestError('event.typeRequired');
    if (!EVENT_TYPE.test(type)) throw new BadRequestError('event.typeFormat');
    return { type, payload };
  }
}
