import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { D1Database } from "@cloudflare/workers-types";
import { insurerBindings } from "../../src/adapters/storage/insurer-databases.js";

// Every database gets every migration (docs/scale.md): the shared tables stay empty in an
// insurer's, and its own tables in DB for the insurers it does not hold. Applied side by side.
const databases = [env.DB, ...insurerBindings<D1Database>(env as unknown as Record<string, unknown>).values()];
await Promise.all(databases.map((database) => applyD1Migrations(database as never, env.TEST_MIGRATIONS)));
