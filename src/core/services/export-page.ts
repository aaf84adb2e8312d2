import { Buffer } from "node:buffer";

/**
 * The UTF-8 bytes of the pages of one export body, written entry by entry as they are produced. A
 * page used to be one long string encoded at the end: the string was flattened and encoded again
 * as a whole, a second full pass over the page's bytes besides the one each entry already made.
 *
 * One buffer is written into for every page of the body, and each finished page is handed out as
 * a copy of exactly its bytes. The copy is what the socket may still hold while the next page is
 * written. A buffer handed out itself would live from the page's first entry until the socket let
 * go of it, long enough to outlive young-generation collections; such buffers are freed only by a
 * full collection, which V8 starts when tens of megabytes of them have piled up.
 */
export class PageBytes {
  private bytes: Buffer;
  private size = 0;

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

  /** A copy of the page's bytes; the buffer is empty again for the next page. */
  take(): Uint8Array {
    const page = new Uint8Array(this.bytes.subarray(0, this.size));
    this.size = 0;
    return page;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.size);
    this.bytes = next;
  }
}
