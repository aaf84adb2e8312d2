import { describe, expect, it } from "vitest";
import { newBatchId } from "../../src/core/services/exports.js";

const uuidV7 = /^b_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("export batch ids", () => {
  it("are b_ and a version 7 UUID carrying the lease's time", () => {
    const at = new Date("2026-11-30T10:00:00.123Z");
    const id = newBatchId(at);
    expect(id).toMatch(uuidV7);
    expect(Number.parseInt(id.slice(2, 10) + id.slice(11, 15), 16)).toBe(at.getTime());
  });

  it("sort in the order of their leases, and differ within one millisecond", () => {
    const times = ["2026-11-30T10:00:00.000Z", "2026-11-30T10:00:00.001Z", "2026-11-30T10:00:01.000Z", "2027-01-01T00:00:00.000Z"];
    const ids = times.map((time) => newBatchId(new Date(time)));
    expect([...ids].sort()).toEqual(ids);
    const same = new Date(times[0]!);
    expect(new Set(Array.from({ length: 100 }, () => newBatchId(same))).size).toBe(100);
  });
});
