import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  checkImportRules,
  extractImports,
  findCycles,
  formatReport,
  readSourceGraph,
  type ImportGraph,
  type Rule,
} from "../support/import-rules.js";

// The import rules of docs DESIGN.md "Layout": domain → nothing else; core → domain only, no Hono,
// no driver; gateway → core/services, never adapters, cli or core/store; adapters and cli never
// gateway; nobody imports an entry; no import cycles. See test/support/import-rules.ts.

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A synthetic { file → imports } map, each file given as its source text (so the parser is exercised too). */
function graphOf(sources: Record<string, string>): ImportGraph {
  return new Map(Object.entries(sources).map(([file, text]) => [file, extractImports(file, text)]));
}

const rulesOf = (graph: ImportGraph): Rule[] => checkImportRules(graph).violations.map((v) => v.rule);

/** A small layout that keeps every rule: each synthetic failure below adds one file to it. */
const clean: Record<string, string> = {
  "src/bvac/model.ts": `import { z } from "zod";\nexport const Doc = z.object({});`,
  "src/bvac/sha256.ts": `import { createHash } from "node:crypto";\nimport { Buffer } from "node:buffer";\nexport const h = createHash;`,
  "src/bvac/formats/smc-xml-in.ts": `import { SaxesParser } from "saxes";\nimport { Doc } from "../model.js";\nimport type { Problem } from "../problems.js";`,
  "src/bvac/problems.ts": `export type Problem = { path: string };`,
  "src/barcode/token.ts": `import { SignJWT } from "jose";\nimport { h } from "../bvac/sha256.js";`,
  "src/barcode/render.ts": `const core = await import("./token.js");`,
  "src/core/ports.ts": `import type { Doc } from "../bvac/model.js";\nexport interface Database { run(): void }`,
  "src/core/errors.ts": `export class ApiError extends Error {}`,
  "src/core/deps.ts": `import type { Database } from "./ports.js";\nexport interface AppDeps { db: Database }`,
  "src/core/store/index.ts": `export * from "./documents.js";`,
  "src/core/store/documents.ts": `import type { Database } from "../ports.js";\nexport const insert = (db: Database) => db.run();`,
  "src/core/services/submit.ts": `import { insert } from "../store/documents.js";\nimport { ApiError } from "../errors.js";\nimport { Doc } from "../../bvac/model.js";\nimport * as store from "../store";`,
  "src/gateway/app.ts": `import { Hono } from "hono";\nimport type { AppDeps } from "../core/deps.js";\nimport { submit } from "./routes/pharmacy/submit.js";`,
  "src/gateway/routes/pharmacy/submit.ts": `import { createRoute } from "@hono/zod-openapi";\nimport { submit } from "../../../core/services/submit.js";\nimport { ApiError } from "../../../core/errors.js";`,
  "src/adapters/storage/sqlite.ts": `import Database from "better-sqlite3";\nimport { readFileSync } from "node:fs";\nimport type { Database as Port } from "../../core/ports.js";`,
  "src/adapters/storage/d1.ts": `import type { D1Database } from "@cloudflare/workers-types";\nimport type { Database } from "../../core/ports.js";`,
  "src/cli/index.ts": `import { submit } from "../core/services/submit.js";\nimport { open } from "../adapters/storage/sqlite.js";\nimport { createInterface } from "node:readline";`,
  "src/node.ts": `import { serve } from "@hono/node-server";\nimport { createApp } from "./gateway/app.js";\nimport { open } from "./adapters/storage/sqlite.js";`,
  "src/worker.ts": `import type { ExecutionContext } from "@cloudflare/workers-types";\nimport { createApp } from "./gateway/app.js";\nimport { d1 } from "./adapters/storage/d1.js";`,
  "src/cli.ts": `import { main } from "./cli/index.js";`,
};

const withFile = (file: string, text: string): ImportGraph => graphOf({ ...clean, [file]: text });

describe("import rules (DESIGN.md Layout)", () => {
  it("the real src/ keeps every rule and has no import cycle", () => {
    const graph = readSourceGraph(root);
    expect(graph.size).toBeGreaterThan(20);
    const report = checkImportRules(graph);
    // The message is the whole list, one line per broken rule: file:line, import, target, rule.
    expect(report.violations.length + report.cycles.length, formatReport(report)).toBe(0);
  });

  describe("the parser", () => {
    it("sees import, export … from, import type, export type, dynamic import(), import() types, side effects", () => {
      const refs = extractImports(
        "src/gateway/x.ts",
        [
          `import { a } from "./a.js";`,
          `import type { B } from "./b.js";`,
          `import { type C } from "./c.js";`,
          `export { d } from "./d.js";`,
          `export type { E } from "./e.js";`,
          `export * from "./f.js";`,
          `import "./g.js";`,
          `const h = await import("./h.js");`,
          `let i: import("./i.js").I;`,
          `const j = await import(\`./\${name}.js\`);`,
          `// import { k } from "./k.js";`,
          `const s = 'import { l } from "./l.js"';`,
        ].join("\n"),
      );
      expect(refs.map((r) => [r.specifier, r.typeOnly, r.kind, r.line])).toEqual([
        ["./a.js", false, "import", 1],
        ["./b.js", true, "import", 2],
        // verbatimModuleSyntax keeps `import {} from "./c.js"`: it still loads c at runtime.
        ["./c.js", false, "import", 3],
        ["./d.js", false, "export", 4],
        ["./e.js", true, "export", 5],
        ["./f.js", false, "export", 6],
        ["./g.js", false, "import", 7],
        ["./h.js", false, "dynamic", 8],
        ["./i.js", true, "import-type", 9],
        ["`./${name}.js`", false, "dynamic-computed", 10],
      ]);
    });

    it("takes everything in a .d.ts or a declare module block as type-only", () => {
      const refs = extractImports("src/barcode/qrcode-core.d.ts", `declare module "qrcode/lib/core/qrcode.js" {\n  export { create } from "qrcode";\n}`);
      expect(refs).toEqual([{ specifier: "qrcode", typeOnly: true, kind: "export", line: 2 }]);
    });
  });

  describe("the checker fails where it should", () => {
    it("passes a clean layout", () => {
      const report = checkImportRules(graphOf(clean));
      expect(report, formatReport(report)).toEqual({ violations: [], cycles: [] });
    });

    it("flags a route importing core/store", () => {
      const report = checkImportRules(
        withFile("src/gateway/routes/pharmacy/x.ts", `import { insert } from "../../../core/store/documents.js";`),
      );
      expect(report.violations).toEqual([
        {
          file: "src/gateway/routes/pharmacy/x.ts",
          line: 1,
          import: "../../../core/store/documents.js",
          target: "src/core/store/documents.ts",
          rule: "store-via-services",
          message: expect.stringContaining("core/store is imported only from core/store/** and core/services/**"),
        },
      ]);
      expect(formatReport(report)).toContain(
        `src/gateway/routes/pharmacy/x.ts:1 imports "../../../core/store/documents.js" (src/core/store/documents.ts) — [store-via-services]`,
      );
    });

    it("flags even a type-only import of core/store from gateway, cli or adapters", () => {
      expect(rulesOf(withFile("src/gateway/routes/member/y.ts", `import type { Row } from "../../../core/store/documents.js";`))).toEqual(["store-via-services"]);
      expect(rulesOf(withFile("src/cli/z.ts", `import { insert } from "../core/store/index.js";`))).toEqual(["store-via-services"]);
      expect(rulesOf(withFile("src/adapters/w.ts", `import { insert } from "../core/store";`))).toEqual(["store-via-services"]);
      expect(rulesOf(withFile("src/core/deps2.ts", `import { insert } from "./store/documents.js";`))).toEqual(["store-via-services"]);
    });

    it("flags domain importing hono, a runtime package, a node builtin or another layer", () => {
      expect(rulesOf(withFile("src/bvac/bad.ts", `import { Hono } from "hono";`))).toEqual(["domain-no-runtime-package"]);
      expect(rulesOf(withFile("src/bvac/formats/bad.ts", `import { z } from "@hono/zod-openapi";`))).toEqual(["domain-no-runtime-package"]);
      expect(rulesOf(withFile("src/barcode/bad.ts", `import { readFileSync } from "node:fs";\nimport { gzipSync } from "node:zlib";\nimport { join } from "path";`))).toEqual([
        "domain-no-runtime-package",
        "domain-no-runtime-package",
        "domain-no-runtime-package",
      ]);
      expect(rulesOf(withFile("src/barcode/bad.ts", `import type { D1Database } from "@cloudflare/workers-types";`))).toEqual(["domain-no-runtime-package"]);
      expect(rulesOf(withFile("src/barcode/bad.ts", `import { env } from "cloudflare:workers";`))).toEqual(["domain-no-runtime-package"]);
      expect(rulesOf(withFile("src/bvac/bad.ts", `import type { AppDeps } from "../core/deps.js";`))).toEqual(["domain-imports-domain"]);
      // The plan engine is domain too: pure rules, nothing stored, no runtime.
      expect(rulesOf(withFile("src/plan/bad.ts", `import type { AppDeps } from "../core/deps.js";`))).toEqual(["domain-imports-domain"]);
      expect(rulesOf(withFile("src/plan/bad.ts", `import { Hono } from "hono";`))).toEqual(["domain-no-runtime-package"]);
    });

    it("flags core importing better-sqlite3, hono, node:fs or gateway/adapters/cli", () => {
      expect(rulesOf(withFile("src/core/services/bad.ts", `import Database from "better-sqlite3";`))).toEqual(["core-no-runtime-package"]);
      expect(rulesOf(withFile("src/core/bad.ts", `import { HTTPException } from "hono/http-exception";`))).toEqual(["core-no-runtime-package"]);
      expect(rulesOf(withFile("src/core/store/bad.ts", `import { readFileSync } from "node:fs";`))).toEqual(["core-no-runtime-package"]);
      expect(rulesOf(withFile("src/core/bad.ts", `import { createApp } from "../gateway/app.js";`))).toEqual(["core-imports-core-domain"]);
      expect(rulesOf(withFile("src/core/services/bad.ts", `import { open } from "../../adapters/storage/sqlite.js";`))).toEqual(["core-imports-core-domain"]);
    });

    it("flags adapters importing gateway", () => {
      const report = checkImportRules(withFile("src/adapters/queue/bad.ts", `import { createApp } from "../../gateway/app.js";`));
      expect(report.violations).toEqual([expect.objectContaining({ file: "src/adapters/queue/bad.ts", target: "src/gateway/app.ts", rule: "adapters-layers" })]);
    });

    it("flags gateway importing adapters or a driver, and cli importing gateway", () => {
      expect(rulesOf(withFile("src/gateway/bad.ts", `import { open } from "../adapters/storage/sqlite.js";`))).toEqual(["gateway-layers"]);
      expect(rulesOf(withFile("src/gateway/bad.ts", `import type { D1Database } from "@cloudflare/workers-types";`))).toEqual(["gateway-no-driver"]);
      expect(rulesOf(withFile("src/gateway/bad.ts", `import Database from "better-sqlite3";`))).toEqual(["gateway-no-driver"]);
      expect(rulesOf(withFile("src/cli/bad.ts", `import { createApp } from "../gateway/app.js";`))).toEqual(["cli-layers"]);
    });

    it("flags importing an entry", () => {
      const report = checkImportRules(withFile("src/adapters/bad.ts", `import "../node.js";`));
      expect(report.violations).toEqual([expect.objectContaining({ file: "src/adapters/bad.ts", target: "src/node.ts", rule: "no-entry-import" })]);
      expect(rulesOf(withFile("src/cli.ts", `const w = await import("./worker.js");`))).toEqual(["no-entry-import"]);
    });

    it("flags an unknown top-level folder or file, and an import it cannot check", () => {
      const report = checkImportRules(withFile("src/shortcuts/store.ts", `import { insert } from "../core/store/documents.js";`));
      expect(report.violations.map((v) => [v.file, v.rule])).toEqual([
        ["src/shortcuts/store.ts", "known-layer"],
        ["src/shortcuts/store.ts", "store-via-services"],
      ]);
      expect(rulesOf(withFile("src/helpers.ts", `export const x = 1;`))).toEqual(["known-layer"]);
      expect(rulesOf(withFile("src/gateway/bad.ts", `import { x } from "./missing.js";`))).toEqual(["resolvable"]);
      expect(rulesOf(withFile("src/gateway/bad.ts", `const m = await import(name);`))).toEqual(["resolvable"]);
    });

    it("flags a two-file and a three-file cycle", () => {
      const two = checkImportRules(
        graphOf({
          ...clean,
          "src/core/services/a.ts": `import { b } from "./b.js";\nexport const a = 1;`,
          "src/core/services/b.ts": `import { a } from "./a.js";\nexport const b = 2;`,
        }),
      );
      expect(two.violations).toEqual([]);
      expect(two.cycles).toEqual([
        { files: ["src/core/services/a.ts", "src/core/services/b.ts"], path: ["src/core/services/a.ts", "src/core/services/b.ts", "src/core/services/a.ts"] },
      ]);

      const three = checkImportRules(
        graphOf({
          ...clean,
          "src/gateway/x.ts": `export { y } from "./y.js";`,
          "src/gateway/y.ts": `import { z } from "./z.js";`,
          "src/gateway/z.ts": `const x = await import("./x.js");`,
        }),
      );
      expect(three.cycles).toEqual([
        { files: ["src/gateway/x.ts", "src/gateway/y.ts", "src/gateway/z.ts"], path: ["src/gateway/x.ts", "src/gateway/y.ts", "src/gateway/z.ts", "src/gateway/x.ts"] },
      ]);
      expect(formatReport(three)).toContain("import cycle: src/gateway/x.ts → src/gateway/y.ts → src/gateway/z.ts → src/gateway/x.ts");
    });

    it("does not flag a cycle closed only by type imports, but does by `import { type … }` (kept at runtime)", () => {
      const typeOnly = graphOf({
        ...clean,
        "src/bvac/a.ts": `import { b } from "./b.js";\nexport type A = { b: typeof b };`,
        "src/bvac/b.ts": `import type { A } from "./a.js";\nexport type { A as AA } from "./a.js";\nexport const b = 1;`,
      });
      expect(checkImportRules(typeOnly)).toEqual({ violations: [], cycles: [] });

      const inline = graphOf({
        ...clean,
        "src/bvac/a.ts": `import { b } from "./b.js";\nexport type A = { b: typeof b };`,
        "src/bvac/b.ts": `import { type A } from "./a.js";\nexport const b = 1;`,
      });
      expect(checkImportRules(inline).cycles.map((c) => c.files)).toEqual([["src/bvac/a.ts", "src/bvac/b.ts"]]);
    });

    it("finds cycles in linear time on a long chain and reports a self-import", () => {
      const n = 20_000;
      const edges = new Map(Array.from({ length: n }, (_, i) => [`f${i}`, [`f${(i + 1) % n}`]] as const));
      const [cycle] = findCycles(edges);
      expect(cycle?.files).toHaveLength(n);
      expect(cycle?.path).toHaveLength(n + 1);
      expect(findCycles(new Map([["a", ["a"]], ["b", []]]))).toEqual([{ files: ["a"], path: ["a", "a"] }]);
    });
  });
});
