import type { Database } from "../../src/gateway/ports.js";

/** What a contract test needs from a running gateway, whichever runtime serves it. */
export interface Harness {
  runtime: "node" | "workers";
  /** Sends a request to the gateway; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** An operator key accepted by this gateway. */
  adminKey: string;
  /** Runs the queue consumer now for everything committed (Node: outbox dispatcher; Workers: consumer). */
  drainQueue(): Promise<void>;
  /** The gateway's own database, for seeding what has no API yet and for counting queue rows. */
  db: Database;
}
