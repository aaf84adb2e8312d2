import type { AppDeps } from "../core/deps.js";

type CliValues = Record<string, string | boolean | string[] | undefined>;

/** What to print: an object for `--json`, its human-readable lines, and the exit status (0 unless said). */
export interface CliOutput {
  json: unknown;
  text: string;
  exitCode?: number;
}

interface CliCommandSpec {
  /** e.g. `pharmacy add` */
  name: string;
  summary: string;
  /** parseArgs option spec; `json` is added for every command. */
  options: Record<string, { type: "string" | "boolean"; multiple?: boolean; description: string; required?: boolean }>;
}

/** One CLI command: `npm run cli -- <group> <name> [--flag value …] [--json]`. */
export interface CliCommand extends CliCommandSpec {
  offline?: false;
  run(deps: AppDeps, values: CliValues, positionals: string[]): Promise<CliOutput>;
}

/** A command that needs no database: DATA_DIR is not opened (e.g. `validate`, for a vendor without a gateway). */
export interface OfflineCliCommand extends CliCommandSpec {
  offline: true;
  run(values: CliValues, positionals: string[]): Promise<CliOutput>;
}

/** An operator mistake: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {}
