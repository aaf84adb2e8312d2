import { parentPort, workerData } from "node:worker_threads";
import type { SqlValue, Statement } from "../../core/ports.js";
import { openConnection, type BatchOutcome } from "./sqlite-connection.js";
import { serialiseError, type SerialisedError, type ToWriter } from "./sqlite-writer-protocol.js";

/**
 * The SQLite writer thread (src/adapters/storage/sqlite.ts starts it): its own connection to the
 * same file, committing each group it is sent in one transaction, so the fsync of
 * `synchronous=FULL` blocks this thread and not the request thread.
 */
const port = parentPort;
if (!port) throw new Error("sqlite-writer-thread runs as a worker thread only");
const connection = openConnection((workerData as { filename: string }).filename);
const sqlTexts = new Map<number, string>();
const statementOf = ([number, params]: [number, readonly SqlValue[]]): Statement => ({ sql: sqlTexts.get(number)!, params });

port.on("message", (message: ToWriter) => {
  if (message.kind === "close") {
    connection.db.close();
    port.postMessage({ kind: "closed" });
    port.close();
    return;
  }
  for (const [number, sql] of message.sql) sqlTexts.set(number, sql);
  let outcomes: BatchOutcome[];
  try {
    outcomes = connection.commitGroup(message.batches.map((batch) => batch.map(statementOf)));
  } catch (error) {
    port.postMessage({ kind: "group", id: message.id, failed: serialiseError(error) });
    return;
  }
  const answers = outcomes.map((outcome): { results: unknown } | { error: SerialisedError } =>
    "error" in outcome ? { error: serialiseError(outcome.error) } : { results: outcome.results },
  );
  port.postMessage({ kind: "group", id: message.id, outcomes: answers });
});
