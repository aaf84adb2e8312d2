import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { applyMembers, registeredInsurerCodes, RosterValidator, type RosterEntry } from "../core/services/roster.js";
import { CliUsageError, type CliCommand } from "./command.js";
import { progressBar } from "./progress.js";

/** Lines per transaction: the HTTP route's bound, so both paths write batches of the same size. */
const defaultChunk = 200;
const shownProblems = 50;

async function* numberedLines(file: string): AsyncGenerator<[string, number]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) yield [line, ++lineNo];
}

/**
 * `members import FILE`: the roster route's rules, from a file of any size. The whole file is
 * validated first (every bad line reported, nothing applied); then it is applied in chunks of
 * `--chunk` lines, one transaction each. A failure while applying (disk, crash) leaves the
 * earlier chunks applied; the import is an upsert, so running it again completes it.
 */
export const membersImport: CliCommand = {
  name: "members import",
  summary: "Upsert members from an NDJSON roster file (validated whole, then applied in chunks, progress on stderr)",
  options: { chunk: { type: "string", description: `lines per transaction (default ${defaultChunk})` } },
  async run(deps, values, positionals) {
    const file = positionals[0];
    if (!file) throw new CliUsageError("members import FILE: name the NDJSON roster file");
    const chunk = Number(values.chunk ?? defaultChunk);
    if (!Number.isInteger(chunk) || chunk < 1 || chunk > 250) throw new CliUsageError("--chunk: a whole number from 1 to 250");

    const registered = await registeredInsurerCodes(deps);
    const validator = new RosterValidator(registered);
    let total = 0;
    try {
      for await (const [line, lineNo] of numberedLines(file)) if (validator.line(line, lineNo)) total++;
    } catch (error) {
      throw new CliUsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    await validator.checkGuardians(deps);
    if (validator.problems.length > 0) {
      const listed = validator.problems.slice(0, shownProblems).map((problem) => `  ${problem.path}: ${problem.code} (${problem.message})`);
      const more = validator.problems.length > shownProblems ? [`  … and ${validator.problems.length - shownProblems} more`] : [];
      throw new CliUsageError(`${file}: ${validator.problems.length} problem(s); nothing was applied.\n${[...listed, ...more].join("\n")}`);
    }

    const bar = progressBar("members", total);
    const apply = new RosterValidator(registered);
    let pending: RosterEntry[] = [];
    let applied = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      await applyMembers(deps, pending);
      applied += pending.length;
      pending = [];
      bar.update(applied);
    };
    bar.update(0);
    for await (const [line, lineNo] of numberedLines(file)) {
      const member = apply.line(line, lineNo);
      if (member) pending.push(member);
      if (pending.length >= chunk) await flush();
    }
    await flush();
    bar.done();
    return { json: { file, applied, chunk }, text: `Applied ${applied} member(s) from ${file} in chunks of ${chunk}.` };
  },
};
