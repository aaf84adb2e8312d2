import { describe, expect, it } from "vitest";
import { PageBytes } from "../../src/core/services/export-page.js";

const utf8 = (bytes: Uint8Array) => new TextDecoder("utf-8", { fatal: true }).decode(bytes);

describe("export page bytes", () => {
  it("holds the UTF-8 of everything written, multi-byte characters included, past its first capacity", () => {
    const page = new PageBytes(8);
    const parts = ["<Bvac>", "Zoë 😀 €", "é".repeat(5000), "日本語", "a".repeat(70_000), "\n"];
    for (const part of parts) page.text(part);
    expect(page.length).toBe(new TextEncoder().encode(parts.join("")).length);
    expect(utf8(page.take())).toBe(parts.join(""));
  });

  it("writes a lone surrogate as U+FFFD, as the stored text's digest and TextEncoder do", () => {
    const page = new PageBytes(4);
    page.text("a\uD800b");
    expect(new Uint8Array(page.take())).toEqual(new TextEncoder().encode("a\uD800b"));
  });

  it("drops what an entry wrote when it is truncated back, and keeps writing after it", () => {
    const page = new PageBytes(16);
    page.text("first,");
    const start = page.length;
    page.text("half of a broken entry ".repeat(10));
    page.truncate(start);
    page.text("second");
    expect(utf8(page.take())).toBe("first,second");
  });

  it("hands out each page as its own copy: writing the next page changes no page already handed out", () => {
    const page = new PageBytes(1024);
    page.text("first page");
    const first = page.take();
    expect(page.length).toBe(0);
    page.text("XXXXXXXXXXXXXXXX");
    const second = page.take();
    page.text("a third page, longer than the buffer: ".repeat(40));
    expect(utf8(first)).toBe("first page");
    expect(utf8(second)).toBe("XXXXXXXXXXXXXXXX");
  });
});
