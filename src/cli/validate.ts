import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readSettings } from "../core/config.js";
import { ApiError, problemOf, type Problem } from "../core/errors.js";
import { contentTypeOfFile, submissionFromBody } from "../core/services/submission-body.js";
import { defaultLanguage, isLanguage, languages, type Language } from "../i18n/index.js";
import { CliUsageError, type OfflineCliCommand } from "./command.js";

/** The files `validate` reads: the file named, or every .xml and .json file of a folder (not recursive), sorted. */
function filesOf(target: string): string[] {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    throw new CliUsageError(`cannot read ${target}`);
  }
  if (!stats.isDirectory()) return [target];
  return readdirSync(target)
    .filter((name) => /\.(xml|json)$/i.test(name))
    .sort()
    .map((name) => join(target, name));
}

export interface FileVerdict {
  file: string;
  /** What POST /v1/bvac would answer for the input itself: 0 when it reads cleanly, else the problem's status. */
  status: number;
  problem?: Problem;
  warnings?: Array<{ code: string }>;
}

/**
 * Checks one file exactly as POST /v1/bvac reads a body (`submissionFromBody`: same parser, same
 * codes, same size limit), in `language`. What needs the gateway's data — the key's pharmacy, the
 * barcode's signature and coverage, an earlier document with the same id — is not checked here.
 */
export function validateFile(file: string, language: Language, today: string, maxBodyBytes: number): FileVerdict {
  const bytes = new Uint8Array(readFileSync(file));
  try {
    if (bytes.byteLength > maxBodyBytes) {
      throw new ApiError("payload_too_large", { key: "detail.payload_too_large.limit", params: { bytes: maxBodyBytes } });
    }
    const submission = submissionFromBody(contentTypeOfFile(file, bytes), bytes, today);
    return { file, status: 0, warnings: submission.warnings.map(({ code }) => ({ code })) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { file, status: error.status, problem: problemOf(error, undefined, language) };
  }
}

function verdictText({ file, problem, warnings }: FileVerdict): string {
  if (!problem) return `${file}: ok${warnings?.length ? ` (warnings: ${warnings.map((w) => w.code).join(", ")})` : ""}`;
  const lines = [`${file}: ${problem.status} ${problem.code} — ${problem.title}: ${problem.detail}`];
  for (const entry of problem.errors ?? []) lines.push(`  ${entry.path}: ${entry.code} — ${entry.message}`);
  return lines.join("\n");
}

export const validate: OfflineCliCommand = {
  name: "validate",
  summary: "Check BVAC files (SMC XML or JSON, or a folder of them) as POST /v1/bvac reads them, without a gateway; exit 1 when any has a problem",
  offline: true,
  options: {
    lang: { type: "string", description: `language of the problems: ${languages.join(", ")} (default en)` },
  },
  async run(values, positionals) {
    if (positionals.length === 0) throw new CliUsageError("name a file or a folder: npm run cli -- validate FILE|FOLDER [--lang fr]");
    const lang = values.lang ?? defaultLanguage;
    if (!isLanguage(lang)) throw new CliUsageError(`--lang: one of ${languages.join(", ")}`);
    const settings = readSettings(process.env, "node");
    const today = new Date().toISOString().slice(0, 10);
    const verdicts = positionals.flatMap(filesOf).map((file) => validateFile(file, lang, today, settings.maxBodyBytes));
    const failed = verdicts.filter((verdict) => verdict.problem).length;
    const summary = `${verdicts.length} file(s), ${failed} with problems`;
    return {
      json: { files: verdicts, failed },
      text: [...verdicts.map(verdictText), summary].join("\n"),
      exitCode: failed > 0 || verdicts.length === 0 ? 1 : 0,
    };
  },
};
