import { BadRequestError } from './errors';

/** Reads the plan version from an If-Match header (`"3"`, `W/"3"` or `3`); undefined when absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new BadRequestError('request.ifMatchFormat');
  return Number(match[1]);
}

export const etag = (version: number) => `"${version}"`;
