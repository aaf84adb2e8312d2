import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pinoLogger } from "../../src/adapters/node/pino-logger.js";

/** Collects what pino writes, one JSON line per call. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe("pino logger (Node)", () => {
  it("writes one JSON line per event with level, ISO time, event and the caller's fields; errors apart", () => {
    const [out, err] = [capture(), capture()];
    const logger = pinoLogger("info", { out: out.stream, err: err.stream });
    logger.info("request", { requestId: "r-1", method: "POST", route: "/v1/bvac", status: 201, durationMs: 1.5 });
    logger.error("unhandled", { requestId: "r-2", error: "Error: boom" });
    expect(out.lines).toEqual([{ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), event: "request", requestId: "r-1", method: "POST", route: "/v1/bvac", status: 201, durationMs: 1.5 }]);
    expect(err.lines).toEqual([{ level: "error", time: expect.any(String), event: "unhandled", requestId: "r-2", error: "Error: boom" }]);
  });

  it("redacts health and credential fields a caller should never have passed, at the top and one level down", () => {
    const out = capture();
    const logger = pinoLogger("info", { out: out.stream, err: out.stream });
    logger.info("mistake", {
      requestId: "r-3",
      patient: { name: "Jagger", firstName: "Mick" },
      insz: "85073003328",
      barcode: "AP1:eyJhbGciOiJFZERTQSJ9.e30.c2ln",
      context: { description: "AMLOR 5 MG CAPS", paidPrice: "3.32", memberName: "Mick Jagger", count: 3 },
    });
    const line = out.lines[0]!;
    expect(line).toMatchObject({ requestId: "r-3", patient: "[redacted]", insz: "[redacted]", barcode: "[redacted]" });
    expect(line.context).toEqual({ description: "[redacted]", paidPrice: "[redacted]", memberName: "[redacted]", count: 3 });
    expect(JSON.stringify(line)).not.toMatch(/Jagger|AMLOR|3\.32|85073003328|eyJ/);
  });

  // Lines of plain values skip pino's redaction walk; a redacted name among them must not.
  it("redacts a redacted name in a line of plain values, on both streams", () => {
    const out = capture();
    const logger = pinoLogger("info", { out: out.stream, err: out.stream });
    logger.info("mistake", { requestId: "r-5", token: "secret-token", insz: "85073003328", status: 201 });
    logger.error("mistake", { requestId: "r-6", authorization: "Bearer secret-key", barcode: "60009912319994" });
    expect(out.lines).toEqual([
      expect.objectContaining({ requestId: "r-5", token: "[redacted]", insz: "[redacted]", status: 201 }),
      expect.objectContaining({ requestId: "r-6", authorization: "[redacted]", barcode: "[redacted]" }),
    ]);
    expect(JSON.stringify(out.lines)).not.toMatch(/secret|85073003328|60009912319994/);
  });

  it("LOG_LEVEL=silent writes nothing", () => {
    const out = capture();
    const logger = pinoLogger("silent", { out: out.stream, err: out.stream });
    logger.info("request", { requestId: "r-4" });
    logger.error("unhandled", { requestId: "r-4" });
    expect(out.lines).toEqual([]);
  });

  // The buffered, asynchronous lines must survive the process ending: by process.exit, by an
  // uncaught exception, and through flush() (what src/node.ts calls on shutdown and on a crash).
  const adapter = fileURLToPath(new URL("../../src/adapters/node/pino-logger.ts", import.meta.url));
  const runChild = (ending: string) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { pinoLogger } = await import(${JSON.stringify(adapter)});
         const logger = pinoLogger("info");
         for (let i = 0; i < 2000; i++) logger.info("request", { requestId: "r-" + i, status: 201 });
         ${ending}`,
      ],
      { encoding: "utf8", timeout: 30_000 },
    );

  for (const [name, ending] of [
    ["process.exit", "process.exit(3);"],
    ["an uncaught exception", 'setImmediate(() => { throw new Error("boom"); });'],
    ["flush() then SIGKILL", 'logger.flush(); process.kill(process.pid, "SIGKILL");'],
  ] as const) {
    it(`every buffered line reaches stdout on ${name}`, () => {
      const child = runChild(ending);
      const lines = child.stdout.split("\n").filter(Boolean);
      expect(lines, child.stderr).toHaveLength(2000);
      expect(JSON.parse(lines[1999]!)).toMatchObject({ event: "request", requestId: "r-1999" });
    });
  }
});
