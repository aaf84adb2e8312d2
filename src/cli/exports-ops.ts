import { issueInsurerKey } from "../core/services/onboarding.js";
import { parkedEntries, requeueParkedEntry } from "../core/services/operator.js";
import { CliUsageError, type CliCommand } from "./command.js";

/** `insurer key --code A --code B`: an aggregator key (the CLI twin of POST /v1/admin/insurer-keys). */
export const insurerKey: CliCommand = {
  name: "insurer key",
  summary: "Issue an insurer key bound to several registered insurer codes (an aggregator)",
  options: {
    code: { type: "string", multiple: true, required: true, description: "insurer code; repeat for each" },
    label: { type: "string", description: "who holds the key" },
  },
  async run(deps, values) {
    const label = typeof values.label === "string" ? values.label : undefined;
    const issued = await issueInsurerKey(deps, { insurers: (values.code as string[] | undefined) ?? [], label });
    return { json: issued, text: `Key for ${issued.insurers.join(", ")}\nkey id: ${issued.keyId}\nAPI key: ${issued.apiKey}\nStore it now: it is shown only once.` };
  },
};

/** `parked list`: entries leased 5 times without an ack (GET /v1/admin/parked). */
export const parkedList: CliCommand = {
  name: "parked list",
  summary: "List export entries parked after 5 unacknowledged leases",
  options: { insurer: { type: "string", description: "only this insurer code" } },
  async run(deps, values) {
    const parked = await parkedEntries(deps, { limit: 1000, afterId: 0, insurer: typeof values.insurer === "string" ? values.insurer : undefined });
    const lines = parked.map((entry) => `${entry.entryId}\t${entry.insurer}\t${entry.kind}\t${entry.pharmacyNihii}/${entry.documentId}\tparked ${entry.parkedAt}${entry.reason ? ` (${entry.reason})` : ""}`);
    return { json: { parked }, text: parked.length === 0 ? "Nothing parked." : `entry\tinsurer\tkind\tdocument\n${lines.join("\n")}` };
  },
};

/** `parked requeue --id N`: back in the queue with a fresh attempt count. */
export const parkedRequeue: CliCommand = {
  name: "parked requeue",
  summary: "Put a parked export entry back in its insurer's queue",
  options: { id: { type: "string", required: true, description: "entry id from `parked list`" } },
  async run(deps, values) {
    const entryId = Number(values.id);
    if (!Number.isSafeInteger(entryId) || entryId < 1) throw new CliUsageError("--id: an entry id from `parked list`");
    return { json: await requeueParkedEntry(deps, entryId), text: `Entry ${entryId} is back in the queue.` };
  },
};
