import type { KeyRing } from "../../barcode/key-ring.js";
import type { AppDeps } from "../deps.js";
import { ping } from "../store/health.js";
import { listInsurers } from "../store/insurers.js";

/** What anyone may read: health, the participating insurers' barcode policy, the barcode keys. */

export interface Health {
  status: "ok";
  runtime: AppDeps["runtime"];
  storage: AppDeps["db"]["kind"];
  queue: AppDeps["queue"]["kind"];
  time: string;
}

/** Answers once the database responds (a failure surfaces as a 500/503 problem). */
export async function health(deps: Pick<AppDeps, "db" | "queue" | "runtime" | "clock">): Promise<Health> {
  await ping(deps.db);
  return { status: "ok", runtime: deps.runtime, storage: deps.db.kind, queue: deps.queue.kind, time: deps.clock.now().toISOString() };
}

export interface InsurerPolicy {
  code: string;
  name: string;
  legacyBarcodes: "accept" | "reject";
  mod97: boolean;
}

export async function insurerPolicies(deps: Pick<AppDeps, "db">): Promise<InsurerPolicy[]> {
  return (await listInsurers(deps.db)).map(({ code, name, legacyBarcodes, mod97 }) => ({ code, name, legacyBarcodes, mod97 }));
}

/** The public keys that verify member barcodes, retired ones included while their tokens live. */
export async function barcodeKeySet(deps: Pick<AppDeps, "barcodes" | "clock">): Promise<ReturnType<KeyRing["jwks"]>> {
  const now = deps.clock.now();
  return (await deps.barcodes.keys.ring(now)).jwks(now);
}
