import { Buffer } from "node:buffer";

/**
 * The UTF-8 bytes of one page of an export body, written entry by entry as they are produced. A
 * page used to be one long string encoded at the end: the string was flattened and encoded again
 * as a whole, a second full pass over the page's bytes besides the one each entry already made.
 * Each page gets its own buffer: the previous one may still be queued on the socket.
 */
export class PageBytes {
  private bytes: Buffer;
  private size = 0;

  /** `capacity`: the bytes expected, so that a page as large as the last one is not copied as it grows. */
  constructor(capacity: number) {
    this.bytes = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Appends `text` as UTF-8. */
  text(text: string): void {
    // At most 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2 units).
    const needed = this.size + text.length * 3;
    if (needed > this.bytes.length) this.grow(needed);
    this.size += this.bytes.write(text, this.size, "utf8");
  }

  /** Drops what was written after `length` (an entry that turned out not to be writable). */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  /** The page's bytes; the page is not written to after this. */
  done(): Uint8Array {
    return this.bytes.subarray(0, this.size);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.size);
    this.bytes = next;
  }
}
