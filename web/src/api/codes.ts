/**
 * Every code of an API enum, in the order written: the record must name each code of `T` once, so a
 * code the server adds (or drops) fails the console's type check instead of going missing from a list.
 */
export function allCodes<T extends string>(codes: Record<T, true>): T[] {
  return Object.keys(codes) as T[];
}
