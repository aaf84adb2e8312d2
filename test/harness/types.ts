import type { Database, InsurerDatabases } from "../../src/core/ports.js";
import type { MemberTokenOptions } from "./identity-provider.js";

/** What a contract test needs from a running gateway, whichever runtime serves it. */
export interface Harness {
  runtime: "node" | "workers";
  /** Sends a request to the gateway; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** An operator key accepted by this gateway. */
  adminKey: string;
  /** Runs the queue consumer now for everything committed (Node: outbox dispatcher; Workers: consumer). */
  drainQueue(): Promise<void>;
  /** A member access token from the test identity provider (configure it per insurer first). */
  memberToken(options: MemberTokenOptions): Promise<string>;
  /** The gateway's shared database (tenants, keys, pharmacies, locator), for arranging states HTTP cannot reach quickly. */
  db: Database;
  /** Where each insurer's documents, queue and members are (Workers: some test insurers have their own database). */
  databases: InsurerDatabases;
  /** `databases.databaseFor(insurer)`: the database to arrange or inspect an insurer's rows in. */
  dbFor(insurer: string): Database;
}
