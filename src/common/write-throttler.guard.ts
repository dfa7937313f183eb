import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Caller } from './auth/caller';

/** Limits write requests per authenticated user rather than per IP, so one office behind NAT shares nothing. */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const caller = req.caller as Caller | undefined;
    return caller ? `user:${caller.id}` : `ip:${String(req.ip)}`;
  }
}
