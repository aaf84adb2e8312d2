import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { demo, jsonDocument } from "../../bench/lib/documents.js";
import { startProduct, type ProductServer } from "../../bench/lib/product.js";

/**
 * kill -9 durability: the real Node server as a child process on a file database, many concurrent
 * clients, SIGKILL at a random moment, restart on the same files, then the books must balance.
 * `npm test` runs DURABILITY_ROUNDS=1 of each scenario (about 20 s); `npm run test:durability` 5.
 */

const rounds = Number(process.env.DURABILITY_ROUNDS ?? 1);
// Port 0: the OS picks a free port on each start, so parallel runs cannot collide.
const port = Number(process.env.DURABILITY_PORT ?? 0);
const clients = 16;
const randomBetween = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));

type Outcome = { documentId: string; status: number | "no answer" };

/**
 * Posts unique documents from `clients` loops until the server stops answering. The kill comes
 * `killAfterMs` after the first 201, so a slow start (a loaded CI machine) cannot leave a round
 * with nothing to prove.
 */
async function postUntilKilled(server: ProductServer, killAfterMs: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let alive = true;
  let firstCreated: () => void = () => {};
  const created = new Promise<void>((resolve) => (firstCreated = resolve));
  const killer = (async () => {
    await Promise.race([created, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    server.child.kill("SIGKILL");
    alive = false;
  })();
  const client = async () => {
    while (alive) {
      const documentId = crypto.randomUUID();
      try {
        const response = await post(server, documentId);
        outcomes.push({ documentId, status: response.status });
        if (response.status === 201) firstCreated();
      } catch {
        outcomes.push({ documentId, status: "no answer" });
      }
    }
  };
  await Promise.all([killer, ...Array.from({ length: clients }, client)]);
  await exited(server);
  return outcomes;
}

/** Resolves once the child is gone (a SIGKILLed child has a signalCode and no exitCode). */
function exited({ child }: ProductServer): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function post(server: ProductServer, documentId: string): Promise<Response> {
  const response = await fetch(`${server.url}/v1/bvac`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.credentials.pharmacy.apiKey}` },
    body: jsonDocument(documentId, demo.legacyBarcode),
  });
  await response.arrayBuffer();
  return response;
}

/** Read-only look at the gateway's file: what a 201 promised must be there. */
function ledger(server: ProductServer) {
  const db = new BetterSqlite3(join(server.dataDir, "pharmagate.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const documents = db
      .prepare(
        `SELECT d.document_id AS id, d.status,
                (SELECT COUNT(*) FROM export_queue q WHERE q.document_pk = d.pk AND q.kind = 'document') AS queueEntries,
                (SELECT COUNT(*) FROM outbox o WHERE o.document_pk = d.pk) AS outboxEntries
           FROM bvac_documents d WHERE d.pharmacy_nihii = ?`,
      )
      .all(demo.nihii) as Array<{ id: string; status: string; queueEntries: number; outboxEntries: number }>;
    return new Map(documents.map((row) => [row.id, row]));
  } finally {
    db.close();
  }
}

async function waitForOutboxDrained(server: ProductServer) {
  for (let i = 0; i < 100; i++) {
    if ([...ledger(server).values()].every((row) => row.outboxEntries === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the outbox was not drained after a restart");
}

describe("kill -9 during ingestion", () => {
  for (let round = 1; round <= rounds; round++) {
    it(`round ${round}: every 201 survives exactly once and queued; re-posting everything duplicates nothing`, async () => {
      let server = await startProduct(port);
      try {
        const outcomes = await postUntilKilled(server, randomBetween(0, 1200));
        const created = outcomes.filter((outcome) => outcome.status === 201).map((outcome) => outcome.documentId);
        expect(created.length, "the kill came before any 201; the round proves nothing").toBeGreaterThan(0);
        expect(outcomes.filter((outcome) => typeof outcome.status === "number" && outcome.status !== 201)).toEqual([]);

        server = await server.restart();
        await waitForOutboxDrained(server);
        const after = ledger(server);
        for (const id of created) expect(after.get(id), `201 for ${id} but the document is gone`).toMatchObject({ status: "queued", queueEntries: 1 });
        // Whatever committed without its answer reaching the client is whole too: queued once.
        for (const row of after.values()) expect(row.queueEntries, row.id).toBe(1);

        const reposted = await Promise.all(outcomes.map(async ({ documentId }) => ({ documentId, status: (await post(server, documentId)).status })));
        for (const { documentId, status } of reposted) {
          expect(status, documentId).toBe(after.has(documentId) ? 200 : 201);
        }
        await waitForOutboxDrained(server);
        const final = ledger(server);
        expect(final.size).toBe(new Set(outcomes.map((outcome) => outcome.documentId)).size);
        for (const row of final.values()) expect(row.queueEntries, row.id).toBe(1);
      } finally {
        await server.dispose();
      }
    }, 60_000);
  }
});

describe("kill -9 during export leases", () => {
  for (let round = 1; round <= rounds; round++) {
    it(`round ${round}: nothing acked is lost, nothing unacked is lost`, async () => {
      let server = await startProduct(port);
      try {
        const all = Array.from({ length: 400 }, () => crypto.randomUUID());
        for (let i = 0; i < all.length; i += 40) {
          const answers = await Promise.all(all.slice(i, i + 40).map((id) => post(server, id)));
          expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
        }
        const acked = new Set<string>();
        const auth = () => ({ authorization: `Bearer ${server.credentials.insurer.apiKey}` });
        // Short leases, so what the killed server had leased comes back soon after the restart.
        const lease = (body: object) =>
          fetch(`${server.url}/v1/exports`, { method: "POST", headers: { ...auth(), "content-type": "application/json", accept: "application/x-ndjson" }, body: JSON.stringify(body) });
        const readIds = async (response: Response) =>
          (await response.text()).split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { documentId: string }).documentId);

        let alive = true;
        const killer = (async () => {
          await new Promise((resolve) => setTimeout(resolve, randomBetween(100, 600)));
          server.child.kill("SIGKILL");
          alive = false;
        })();
        const job = async () => {
          while (alive) {
            try {
              const response = await lease({ limit: 20, leaseSeconds: 2 });
              if (response.status === 204) return;
              const ids = await readIds(response);
              const ack = await fetch(`${server.url}/v1/exports/${response.headers.get("x-batch-id")}/ack`, { method: "POST", headers: auth() });
              if (ack.status === 200) for (const id of ids) acked.add(id);
            } catch {
              return; // the server died under this job
            }
          }
        };
        await Promise.all([killer, job(), job(), job()]);
        await exited(server);

        server = await server.restart();
        await new Promise((resolve) => setTimeout(resolve, 2_100)); // let the killed server's leases expire
        const again = new Set<string>();
        for (;;) {
          const response = await lease({ limit: 100 });
          if (response.status === 204) break;
          expect(response.status).toBe(200);
          for (const id of await readIds(response)) again.add(id);
          const ack = await fetch(`${server.url}/v1/exports/${response.headers.get("x-batch-id")}/ack`, { method: "POST", headers: auth() });
          expect(ack.status).toBe(200);
        }
        for (const id of acked) expect(again.has(id), `${id} was acked before the kill and exported again`).toBe(false);
        const delivered = ledger(server);
        const missing = all.filter((id) => !acked.has(id) && !again.has(id) && delivered.get(id)?.status !== "delivered");
        expect(missing, "documents neither acked nor exportable after the restart").toEqual([]);
        for (const id of all) expect(delivered.get(id)?.status, id).toBe("delivered");
      } finally {
        await server.dispose();
      }
    }, 60_000);
  }
});
