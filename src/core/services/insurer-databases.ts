import type { AppDeps } from "../deps.js";
import type { Database, Statement } from "../ports.js";
import { findInsurer, listInsurers } from "../store/insurers.js";
import { insurerCopy } from "../store/locator.js";

/** Items grouped by the database of their insurer, the databases in `all()` order (the shared one first). */
export function byDatabase<Item>(deps: Pick<AppDeps, "databases">, items: readonly Item[], insurerOf: (item: Item) => string): Map<Database, Item[]> {
  const groups = new Map<Database, Item[]>();
  for (const item of items) {
    const db = deps.databases.databaseFor(insurerOf(item));
    const group = groups.get(db);
    if (group) group.push(item);
    else groups.set(db, [item]);
  }
  const order = deps.databases.all();
  return new Map([...groups].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}

/** Whether the insurer has a database of its own (then the shared rows its rows point at are copied there). */
export const ownDatabase = (deps: Pick<AppDeps, "db" | "databases">, insurer: string): boolean => deps.databases.databaseFor(insurer) !== deps.db;

/**
 * The copies of the insurers' shared rows their own databases need before members or plans are
 * written there (store/locator.ts `insurerCopy`): none on a single database. One read of the
 * shared database when any insurer has its own.
 */
export async function insurerCopies(deps: Pick<AppDeps, "db" | "databases" | "clock">, codes: Iterable<string>): Promise<Map<string, Statement>> {
  const own = [...new Set(codes)].filter((code) => ownDatabase(deps, code));
  if (own.length === 0) return new Map();
  const now = deps.clock.now().toISOString();
  const insurers = own.length === 1 ? [await findInsurer(deps.db, own[0]!)] : await listInsurers(deps.db);
  return new Map(insurers.filter((insurer) => insurer !== null && own.includes(insurer.code)).map((insurer) => [insurer!.code, insurerCopy(insurer!, now)]));
}
