/** A UUID of version 7 (RFC 9562), as `src/common/uuid-v7.ts` makes them. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix time in milliseconds a version 7 UUID was made at: its first 48 bits. */
export const millisecondOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
