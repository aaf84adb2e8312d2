import type { Database, InsurerDatabases } from "../../core/ports.js";

/** A D1 binding named `DB_INSURER_<digits>` holds the insurers whose code starts with those digits. */
export const insurerBindingPattern = /^DB_INSURER_(\d{1,4})$/;

/**
 * Routes insurer codes to databases by code prefix: the longest prefix that has a database wins,
 * else the shared one. `DB_INSURER_0739` holds insurer 0739 alone; `DB_INSURER_3` would hold
 * every code starting with 3 (a national union's mutualities). With no prefix (Node) every code
 * is in `shared`.
 */
export function insurerDatabases(shared: Database, byPrefix: ReadonlyMap<string, Database> = new Map()): InsurerDatabases {
  const prefixes = [...byPrefix.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const everyOne = [shared, ...[...byPrefix.keys()].sort().map((prefix) => byPrefix.get(prefix)!)].filter((db, index, list) => list.indexOf(db) === index);
  return {
    shared,
    databaseFor(insurer) {
      const prefix = prefixes.find((candidate) => insurer.startsWith(candidate));
      return prefix === undefined ? shared : byPrefix.get(prefix)!;
    },
    all: () => everyOne,
  };
}

/** The `DB_INSURER_<prefix>` bindings among a Worker's bindings, by prefix (values as found). */
export function insurerBindings<Binding>(env: Readonly<Record<string, unknown>>): Map<string, Binding> {
  const found = new Map<string, Binding>();
  for (const [name, value] of Object.entries(env)) {
    const match = insurerBindingPattern.exec(name);
    if (match && value) found.set(match[1]!, value as Binding);
  }
  return found;
}
