import type { Language } from "../../i18n/index.js";
import type { Database, Statement } from "../ports.js";

export interface Pharmacy {
  nihii: string;
  name: string;
  /** The language of its problem answers when a request sends no Accept-Language; null = en. */
  language?: Language | null | undefined;
}

/** Registers or renames a pharmacy; a language left out keeps the one stored. */
export function upsertPharmacy(pharmacy: Pharmacy, now: string): Statement {
  return {
    sql: `INSERT INTO pharmacies (nihii, name, language, created_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (nihii) DO UPDATE SET name = excluded.name, language = coalesce(excluded.language, pharmacies.language)`,
    params: [pharmacy.nihii, pharmacy.name, pharmacy.language ?? null, now],
  };
}

export async function findPharmacy(db: Database, nihii: string): Promise<Pharmacy | null> {
  return db.first<Pharmacy>("SELECT nihii, name FROM pharmacies WHERE nihii = ?", [nihii]);
}
