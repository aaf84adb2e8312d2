import { parseArgs } from "node:util";
import { CliUsageError, type CliCommand, type OfflineCliCommand } from "./cli/command.js";
import { commands } from "./cli/index.js";
import { readSettings } from "./core/config.js";
import { ApiError } from "./core/errors.js";
import { openConfiguredNodeDeps } from "./adapters/node/deps.js";
import { silentLogger } from "./adapters/console-logger.js";

/** An operator mistake in words: a usage error's message, or a refusal's detail and each problem. */
function refusalText(error: CliUsageError | ApiError): string {
  if (error instanceof CliUsageError) return error.message;
  return [error.detail, ...error.errors.map((problem) => `  ${problem.path}: ${problem.code} (${problem.message})`)].join("\n");
}

function usage(): string {
  const lines = commands.map((command) => {
    const flags = Object.entries(command.options)
      .map(([flag, spec]) => (spec.required ? `--${flag} <${spec.description}>` : `[--${flag}${spec.type === "string" ? " …" : ""}]`))
      .join(" ");
    return `  ${command.name} ${flags} [--json]\n      ${command.summary}`;
  });
  return `Usage: npm run cli -- <command> [options]\n(operates on DATA_DIR, default .data/)\n\n${lines.join("\n")}`;
}

function findCommand(argv: string[]): { command: CliCommand | OfflineCliCommand; rest: string[] } | null {
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(words.length) };
  }
  return null;
}

const found = findCommand(process.argv.slice(2));
if (!found) {
  console.error(usage());
  process.exit(2);
}

const { command, rest } = found;
let values: Record<string, string | boolean | string[] | undefined>;
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    args: rest,
    options: { ...command.options, json: { type: "boolean" } },
    allowPositionals: true,
  }));
  const missing = Object.entries(command.options).filter(([flag, spec]) => spec.required && values[flag] === undefined);
  if (missing.length > 0) throw new CliUsageError(`missing ${missing.map(([flag]) => `--${flag}`).join(", ")}`);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
  process.exit(2);
}

// One short command: its few writes commit in this thread (starting a writer thread would cost more).
const opened = command.offline ? null : await openConfiguredNodeDeps({ ...readSettings(process.env, "node"), writerThread: false }, silentLogger);
try {
  const output = command.offline ? await command.run(values, positionals) : await command.run(opened!.deps, values, positionals);
  console.log(values.json ? JSON.stringify(output.json) : output.text);
  if (output.exitCode !== undefined) process.exitCode = output.exitCode;
} catch (error) {
  const refused = error instanceof CliUsageError || (error instanceof ApiError && error.status < 500);
  console.error(refused ? refusalText(error) : `Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = refused ? 2 : 1;
} finally {
  await opened?.close();
}
