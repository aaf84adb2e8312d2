import { pino, type DestinationStream, type Logger as Pino, type LoggerOptions } from "pino";
import type { Logger } from "../../core/ports.js";

/**
 * Field names that would carry health data or a credential if a caller ever passed one. Callers
 * pass ids and counts only (core/ports.ts); this is the second line of defence, so a mistake
 * prints "[redacted]" instead of a patient's name. Matched at the top level and one level down.
 */
export const redactedFields = [
  "patient",
  "patientName",
  "name",
  "firstName",
  "memberName",
  "insz",
  "niss",
  "ssin",
  "nationalNumber",
  "prescriber",
  "lines",
  "description",
  "productId",
  "totals",
  "publicPrice",
  "paidPrice",
  "amount",
  "amountCents",
  "estimate",
  "barcode",
  "scannedBarcode",
  "token",
  "accessToken",
  "idToken",
  "apiKey",
  "authorization",
  "cookie",
  "key1",
  "body",
  "document",
] as const;

const redactPaths = redactedFields.flatMap((field) => [field, `*.${field}`]);
const redactedNames: ReadonlySet<string> = new Set(redactedFields);

/**
 * True when no redaction path can match `fields`: every path is a redacted name at the top or one
 * level down, so fields whose names are all allowed and whose values are all plain values (no
 * object to look into) come out the same with or without redaction. pino's redaction walks every
 * path for every field of every line, the access log's included, so such lines skip it.
 */
function nothingToRedact(fields: Record<string, unknown>): boolean {
  for (const name in fields) {
    const value = fields[name];
    if (redactedNames.has(name) || (typeof value === "object" && value !== null) || typeof value === "function") return false;
  }
  return true;
}

export type LogLevel = "info" | "silent";

/** The same JSON line as the Workers' console logger: `{"level","time","event",...fields}`. */
function options(level: LogLevel, redact: boolean): LoggerOptions {
  return {
    level,
    base: undefined,
    messageKey: "event",
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    ...(redact ? { redact: { paths: redactPaths, censor: "[redacted]" } } : {}),
  };
}

export interface NodeLogger extends Logger {
  /** Writes whatever is still buffered, synchronously: on shutdown and on a crash path. */
  flush(): void;
}

/**
 * pino on Node: lines are buffered and written asynchronously (sonic-boom, `sync: false`), so a
 * request never waits for stdout. Info lines go to `out` (stdout), errors to `err` (stderr), as on
 * Workers. pino also flushes its own destinations when the process exits; `flush()` is for paths
 * that end the process some other way.
 */
export function pinoLogger(level: LogLevel, streams: { out?: DestinationStream; err?: DestinationStream } = {}): NodeLogger {
  // No minLength: a quiet server's line must appear at once, not wait for 4 kB of others; under
  // load, lines that arrive while a write is in progress go out together in the next one.
  const out = streams.out ?? pino.destination({ dest: 1, sync: false });
  const err = streams.err ?? pino.destination({ dest: 2, sync: false });
  // Each stream has a redacting logger and a plain one for lines with nothing to redact; both
  // write to the same destination, so lines keep their order.
  const info: Pino = pino(options(level, true), out);
  const plainInfo: Pino = pino(options(level, false), out);
  const error: Pino = pino(options(level, true), err);
  const plainError: Pino = pino(options(level, false), err);
  const flushSync = (stream: DestinationStream) => {
    const flushable = stream as DestinationStream & { flushSync?: () => void };
    try {
      flushable.flushSync?.();
    } catch {
      // Nothing buffered, or the stream is not writable any more (a closed pipe): nothing to save.
    }
  };
  return {
    info: (event, fields = {}) => (nothingToRedact(fields) ? plainInfo : info).info(fields, event),
    error: (event, fields = {}) => (nothingToRedact(fields) ? plainError : error).error(fields, event),
    flush() {
      flushSync(out);
      flushSync(err);
    },
  };
}
