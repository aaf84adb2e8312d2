import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/core/ports.js";
import { parseRateLimits, defaultRateLimits, type RateLimits } from "../../src/core/config.js";
import { memoryRateLimiter } from "../../src/adapters/memory-rate-limiter.js";

/** A clock the test moves by hand, so refill is exact rather than timing-dependent. */
function manualClock(start = Date.parse("2026-11-25T12:00:00Z")) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (ms: number) => (now += ms) };
}

const limits: RateLimits = { pharmacy: { perSecond: 2, burst: 3 }, insurer: null, admin: null, member: { perSecond: 0.5, burst: 1 }, address: null };

describe("memory token buckets", () => {
  it("allows a burst, then refuses with the seconds until the next token", () => {
    const { clock } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    expect([1, 2, 3].map(() => limiter.take("pharmacy", "key_a").allowed)).toEqual([true, true, true]);
    expect(limiter.take("pharmacy", "key_a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("refills at the configured rate and never above the burst", () => {
    const { clock, advance } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    for (let i = 0; i < 3; i++) limiter.take("pharmacy", "key_a");
    advance(500); // one token at 2/s
    expect(limiter.take("pharmacy", "key_a").allowed).toBe(true);
    expect(limiter.take("pharmacy", "key_a").allowed).toBe(false);
    advance(60_000); // an idle minute refills to the burst (3), not to 120
    expect([1, 2, 3, 4].map(() => limiter.take("pharmacy", "key_a").allowed)).toEqual([true, true, true, false]);
  });

  it("keeps one bucket per principal and per audience", () => {
    const { clock } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    for (let i = 0; i < 3; i++) limiter.take("pharmacy", "key_a");
    expect(limiter.take("pharmacy", "key_a").allowed).toBe(false);
    expect(limiter.take("pharmacy", "key_b").allowed).toBe(true);
    expect(limiter.take("member", "key_a").allowed).toBe(true);
  });

  it("rounds Retry-After up for slow refill rates", () => {
    const { clock } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    limiter.take("member", "6000:9912319994");
    expect(limiter.take("member", "6000:9912319994")).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it("does not limit an audience configured off", () => {
    const { clock } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    for (let i = 0; i < 1000; i++) expect(limiter.take("insurer", "key_i").allowed).toBe(true);
  });

  it("forgets idle principals once many buckets exist, without forgetting a drained one", () => {
    const { clock, advance } = manualClock();
    const limiter = memoryRateLimiter(limits, clock);
    for (let i = 0; i < 3; i++) limiter.take("pharmacy", "busy");
    for (let i = 0; i < 10_001; i++) limiter.take("member", `m${i}`);
    // The sweep ran (members refilled in 2 s are dropped) but `busy` had no time to refill.
    expect(limiter.take("pharmacy", "busy").allowed).toBe(false);
    advance(2_000);
    for (let i = 0; i < 10_001; i++) expect(limiter.take("member", `m${i}`).allowed).toBe(true);
  });
});

describe("RATE_LIMITS parsing", () => {
  it("defaults when unset, disables everything with off, overrides per audience", () => {
    expect(parseRateLimits(undefined)).toEqual(defaultRateLimits);
    expect(parseRateLimits("off")).toEqual({ pharmacy: null, insurer: null, admin: null, member: null, address: null });
    expect(parseRateLimits("pharmacy=5/20, member=off, address=10/50")).toEqual({
      ...defaultRateLimits,
      pharmacy: { perSecond: 5, burst: 20 },
      member: null,
      address: { perSecond: 10, burst: 50 },
    });
  });

  it("refuses what it cannot read rather than silently not limiting", () => {
    expect(() => parseRateLimits("pharmacy=5")).toThrow(/RATE_LIMITS/);
    expect(() => parseRateLimits("robots=1/1")).toThrow(/RATE_LIMITS/);
    expect(() => parseRateLimits("pharmacy=0/10")).toThrow(/perSecond > 0/);
  });
});
