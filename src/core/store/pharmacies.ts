import type { Database, Statement } from "../ports.js";

export interface Pharmacy {
  nihii: string;
  name: string;
}

export function upsertPharmacy(pharmacy: Pharmacy, now: string): Statement {
  return {
    sql: `INSERT INTO pharmacies (nihii, name, created_at) VALUES (?, ?, ?)
          ON CONFLICT (nihii) DO UPDATE SET name = excluded.name`,
    params: [pharmacy.nihii, pharmacy.name, now],
  };
}

export async function findPharmacy(db: Database, nihii: string): Promise<Pharmacy | null> {
  return db.first<Pharmacy>("SELECT nihii, name FROM pharmacies WHERE nihii = ?", [nihii]);
}
