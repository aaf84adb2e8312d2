import type { Clock } from "../core/ports.js";

/** The machine's clock; tests inject their own. */
export const systemClock: Clock = { now: () => new Date() };
