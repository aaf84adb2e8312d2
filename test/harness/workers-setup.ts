import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { insurerBindings } from "../../src/adapters/storage/insurer-databases.js";
import type { D1Database } from "@cloudflare/workers-types";

// Every database gets every migration (docs/scale.md): the shared tables stay empty in an insurer's.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
for (const binding of insurerBindings<D1Database>(env as unknown as Record<string, unknown>).values()) {
  await applyD1Migrations(binding as never, env.TEST_MIGRATIONS);
}
