import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadRequestError } from './errors';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** What one field of a cursor must be; a value it refuses makes the whole cursor foreign. */
type FieldCheck<T> = (value: unknown) => value is T;

/** A real instant in the form `toISOString()` prints: 2026-02-30T… matches the pattern but is no date. */
export const instant: FieldCheck<string> = (v): v is string =>
  typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
export const uuid: FieldCheck<string> = (v): v is string => typeof v === 'string' && UUID.test(v);
export const oneOf =
  <T extends string>(values: readonly T[]): FieldCheck<T> =>
  (v): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);
/** A position in an integer column (PostgreSQL `integer`: at most 2^31 - 1). */
export const sequence: FieldCheck<number> = (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2_147_483_647;

type Shape = Record<string, FieldCheck<unknown>>;
type Position<S extends Shape> = { [K in keyof S]: S[K] extends FieldCheck<infer T> ? T : never };

/**
 * The one cursor codec of every paginated route. A cursor is base64url JSON of the position after
 * which the next page starts; its shape is declared once per list, and decoding checks every field
 * (and that no other field is present), so what reaches SQL is always a real date, a uuid, a known
 * sort, a non-negative integer.
 */
export class CursorCodec<S extends Shape> {
  constructor(private readonly shape: S) {}

  encode(position: Position<S>): string {
    return Buffer.from(JSON.stringify(position)).toString('base64url');
  }

  decode(cursor: string): Position<S> {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      value = undefined;
    }
    if (!this.fits(value)) throw new BadRequestError('pagination.cursorInvalid');
    return value;
  }

  private fits(value: unknown): value is Position<S> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    const fields = Object.keys(this.shape);
    if (keys.length !== fields.length) return false;
    return fields.every((field) => Object.hasOwn(value, field) && this.shape[field]((value as Record<string, unknown>)[field]));
  }
}

/** The usual keyset position: a time column and the id that breaks ties. */
export const instantIdCursor = () => new CursorCodec({ at: instant, id: uuid });

/** A keyset position in a list the client may sort: the sort and order are part of it. */
export const sortedCursor = <S extends string>(sorts: readonly S[]) =>
  new CursorCodec({ s: oneOf(sorts), o: oneOf(['asc', 'desc'] as const), at: instant, id: uuid });
