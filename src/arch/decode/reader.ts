// Reading instruction bytes through the caller's fetch function, with the 15-byte limit.

/** Returns the byte at an offset from the instruction's first byte; may throw (a guest page fault). */
export type Fetch = (offset: number) => number;

export const MAX_INSTRUCTION_LENGTH = 15;

/**
 * The offset of the next byte, and whether a read went past the length limit (reads past it
 * return 0 without fetching). Module state: decoding is not re-entrant.
 */
export const cursor = { pos: 0, overLong: false };

export function byte(fetch: Fetch): number {
  if (cursor.pos >= MAX_INSTRUCTION_LENGTH) {
    cursor.overLong = true;
    cursor.pos++;
    return 0;
  }
  return fetch(cursor.pos++);
}

export function word(fetch: Fetch): number {
  const lo = byte(fetch);
  return lo | (byte(fetch) << 8);
}

export function dword(fetch: Fetch): number {
  const lo = word(fetch);
  return (lo | (word(fetch) << 16)) >>> 0;
}
