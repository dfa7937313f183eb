import { ParseUUIDPipe } from '@nestjs/common';

/** A plan id: any UUID spelling is accepted, stored ids are lower case. */
export class PlanIdPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: Parameters<ParseUUIDPipe['transform']>[1]): Promise<string> {
    await super.transform(value, metadata);
    return value.toLowerCase();
  }
}
