import { findInsurer } from "../../storage/repos/insurers.js";
import { listParked, requeueParked } from "../../storage/repos/exports.js";
import { issueInsurerKey } from "../../../gateway/services/onboarding.js";
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
    const codes = [...new Set((values.code as string[] | undefined) ?? [])];
    const unknown = (await Promise.all(codes.map(async (code) => ((await findInsurer(deps.db, code)) ? null : code)))).filter((code) => code !== null);
    if (unknown.length > 0) throw new CliUsageError(`--code: not registered: ${unknown.join(", ")}`);
    const label = typeof values.label === "string" ? values.label : undefined;
    const issued = await issueInsurerKey(deps, codes, label);
    return { json: { insurers: codes, ...issued }, text: `Key for ${codes.join(", ")}\nkey id: ${issued.keyId}\nAPI key: ${issued.apiKey}\nStore it now: it is shown only once.` };
  },
};

/** `parked list`: entries leased 5 times without an ack (GET /v1/admin/parked). */
export const parkedList: CliCommand = {
  name: "parked list",
  summary: "List export entries parked after 5 unacknowledged leases",
  options: { insurer: { type: "string", description: "only this insurer code" } },
  async run(deps, values) {
    const parked = await listParked(deps.db, { limit: 1000, afterId: 0, ...(typeof values.insurer === "string" ? { insurer: values.insurer } : {}) });
    const lines = parked.map((entry) => `${entry.entryId}\t${entry.insurer}\t${entry.kind}\t${entry.pharmacyNihii}/${entry.documentId}\tparked ${entry.parkedAt}`);
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
    if (!(await requeueParked(deps.db, entryId))) throw new CliUsageError(`no parked entry ${entryId}`);
    return { json: { entryId, requeued: true }, text: `Entry ${entryId} is back in the queue.` };
  },
};
