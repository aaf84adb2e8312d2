import type { AppDeps } from "../core/deps.js";

/** One CLI command: `npm run cli -- <group> <name> [--flag value …] [--json]`. */
export interface CliCommand {
  /** e.g. `pharmacy add` */
  name: string;
  summary: string;
  /** parseArgs option spec; `json` is added for every command. */
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; description: string; required?: boolean }>;
  /** Returns what to print: an object for `--json`, and its human-readable lines. */
  run(deps: AppDeps, values: Record<string, string | boolean | string[] | undefined>, positionals: string[]): Promise<{ json: unknown; text: string }>;
}

/** An operator mistake: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {}
