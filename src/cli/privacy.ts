import { InsurerCodeSchema } from "../bvac/fields.js";
import { purgeExpired } from "../core/services/purge.js";
import { insurerRetention, RetentionSchema, setInsurerRetention } from "../core/services/retention.js";
import { CliUsageError, type CliCommand } from "./command.js";

export const insurerRetentionCommand: CliCommand = {
  name: "insurer retention",
  summary: "Show or set how many days an insurer's documents are kept after their decision (or delivery)",
  options: {
    code: { type: "string", required: true, description: "4-digit insurer code" },
    days: { type: "string", description: "days to keep (1–3650)" },
    default: { type: "boolean", description: "use the gateway's default (RETENTION_DAYS) again" },
  },
  async run(deps, values) {
    const code = InsurerCodeSchema.safeParse(values.code);
    if (!code.success) throw new CliUsageError("--code: a 4-digit insurer code");
    if (values.days !== undefined && values.default) throw new CliUsageError("--days and --default exclude each other");
    let retention;
    if (values.days === undefined && !values.default) retention = await insurerRetention(deps, code.data);
    else {
      const parsed = RetentionSchema.safeParse({ days: values.default ? null : Number(values.days) });
      if (!parsed.success) throw new CliUsageError("--days: a whole number from 1 to 3650");
      retention = await setInsurerRetention(deps, code.data, parsed.data.days);
    }
    const source = retention.days === null ? "the default" : "its own setting";
    return { json: retention, text: `Insurer ${retention.insurer}: documents kept ${retention.effectiveDays} days after their decision (${source}; default ${retention.defaultDays})` };
  },
};

export const purgeRun: CliCommand = {
  name: "purge run",
  summary: "Run the retention and erasure purge now, until nothing is left to purge",
  options: {},
  async run(deps) {
    const total = { documents: 0, accessLogEntries: 0, barcodeRecords: 0, erasuresFinished: 0, erasuresDropped: 0, erasuresWaiting: 0, runs: 0 };
    for (;;) {
      const report = await purgeExpired(deps);
      total.runs++;
      total.documents += report.documents;
      total.accessLogEntries += report.accessLogEntries;
      total.barcodeRecords += report.barcodeRecords;
      total.erasuresFinished += report.erasuresFinished;
      total.erasuresDropped += report.erasuresDropped;
      total.erasuresWaiting = report.erasuresWaiting;
      if (report.complete) break;
    }
    return {
      json: total,
      text: `Purged ${total.documents} document(s), ${total.accessLogEntries} access-log entries, ${total.barcodeRecords} barcode record(s); ` +
        `erasures finished ${total.erasuresFinished}, dropped ${total.erasuresDropped}, waiting ${total.erasuresWaiting}.`,
    };
  },
};
