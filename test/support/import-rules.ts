// dependency-cruiser is the usual tool, but its current versions require Node >= 22 and we run on 20: a small checker on TypeScript's own parser instead.
//
// The import rules of DESIGN.md "Layout", as a pure function over { file → imports }:
// `extractImports` parses one file, `checkImportRules` judges a whole map, `findCycles` is Tarjan's
// strongly connected components over the value imports. Only `readSourceGraph` touches the disk.
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, posix, relative, sep } from "node:path";
import ts from "typescript";

/** One import as written in a file. */
export interface ImportRef {
  /** The module specifier as written; for a computed `import(expr)`, the expression's text. */
  specifier: string;
  /**
   * Erased at runtime: `import type`, `export type … from`, `import("…")` in a type position, a
   * triple-slash reference, anything in a .d.ts or a `declare module` block. NOT `import { type A }`:
   * under `verbatimModuleSyntax` (tsconfig) that is kept as `import {} from "…"` and still loads the file.
   */
  typeOnly: boolean;
  kind: "import" | "export" | "dynamic" | "dynamic-computed" | "require" | "import-type" | "reference";
  line: number;
}

/** { file → imports }, files as repo-relative POSIX paths ("src/gateway/app.ts"). */
export type ImportGraph = ReadonlyMap<string, readonly ImportRef[]>;

export type Layer = "domain" | "core" | "gateway" | "adapters" | "cli" | "entry" | "unknown";

export type Rule =
  | "known-layer"
  | "resolvable"
  | "no-entry-import"
  | "store-via-services"
  | "domain-imports-domain"
  | "domain-no-runtime-package"
  | "core-imports-core-domain"
  | "core-no-runtime-package"
  | "gateway-layers"
  | "gateway-no-driver"
  | "adapters-layers"
  | "cli-layers";

export const RULES: Readonly<Record<Rule, string>> = {
  "known-layer":
    "every src file belongs to a layer: domain (src/barcode, src/bvac, src/i18n, src/plan), core (src/core), src/gateway, src/adapters, src/cli, or an entry (src/node.ts, src/worker.ts, src/cli.ts)",
  resolvable:
    "a src import is a package or a relative path to a .ts file under src/ (no computed import(), no #alias, no path leaving src/)",
  "no-entry-import": "nobody imports an entry (src/node.ts, src/worker.ts, src/cli.ts)",
  "store-via-services": "core/store is imported only from core/store/** and core/services/** (everyone else goes through a service)",
  "domain-imports-domain": "domain (src/barcode, src/bvac, src/i18n, src/plan) imports only domain files",
  "domain-no-runtime-package":
    "domain imports no HTTP or runtime package: hono, @hono/*, better-sqlite3, @cloudflare/*, cloudflare:*, wrangler, node builtins other than node:crypto and node:buffer",
  "core-imports-core-domain": "core imports only core and domain files (never gateway, adapters, cli)",
  "core-no-runtime-package":
    "core imports no HTTP or runtime package: hono, @hono/*, better-sqlite3, @cloudflare/*, cloudflare:*, wrangler, node builtins other than node:crypto and node:buffer",
  "gateway-layers": "gateway never imports adapters or cli",
  "gateway-no-driver": "gateway never imports better-sqlite3, @cloudflare/* or cloudflare:* (it reaches data through core/services)",
  "adapters-layers": "adapters never import gateway or cli",
  "cli-layers": "cli never imports gateway (it calls core/services)",
};

export interface Violation {
  file: string;
  line: number;
  /** The specifier as written. */
  import: string;
  /** The src file it resolves to, when it is one. */
  target?: string;
  rule: Rule;
  message: string;
}

export interface Cycle {
  /** The files of one strongly connected component, sorted. */
  files: string[];
  /** One concrete loop through them: [a, b, …, a]. */
  path: string[];
}

export interface ImportReport {
  violations: Violation[];
  cycles: Cycle[];
}

const ENTRIES = new Set(["src/node.ts", "src/worker.ts", "src/cli.ts"]);
const NEUTRAL_BUILTINS = new Set(["node:crypto", "node:buffer"]);
const SOURCE_FILE = /\.(?:d\.)?[cm]?tsx?$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;

// ---------------------------------------------------------------------------------------------
// Parsing

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function isDeclare(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

/** Every import of one file, found by walking TypeScript's syntax tree (no regex). */
export function extractImports(file: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const declarationFile = DECLARATION_FILE.test(file);
  const refs: ImportRef[] = [];
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (specifier: string, typeOnly: boolean, kind: ImportRef["kind"], pos: number): void => {
    refs.push({ specifier, typeOnly: typeOnly || declarationFile, kind, line: lineOf(pos) });
  };

  for (const ref of sf.referencedFiles) add(ref.fileName, true, "reference", ref.pos);
  for (const ref of sf.typeReferenceDirectives) add(ref.fileName, true, "reference", ref.pos);

  const visit = (node: ts.Node, ambient: boolean): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, ambient || (node.importClause?.isTypeOnly ?? false), "import", node.getStart(sf));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, ambient || node.isTypeOnly, "export", node.getStart(sf));
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)
    ) {
      add(node.moduleReference.expression.text, ambient || node.isTypeOnly, "require", node.getStart(sf));
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(arg.literal.text, true, "import-type", node.getStart(sf));
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const require = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if ((dynamic || require) && first) {
        if (ts.isStringLiteralLike(first)) add(first.text, ambient, dynamic ? "dynamic" : "require", node.getStart(sf));
        else add(first.getText(sf), ambient, "dynamic-computed", node.getStart(sf));
      }
    }
    const inner = ambient || (ts.isModuleDeclaration(node) && isDeclare(node));
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sf, false);
  return refs;
}

/** Every .ts file under `<root>/src`, parsed: the map `checkImportRules` takes. */
export function readSourceGraph(root: string): Map<string, ImportRef[]> {
  const graph = new Map<string, ImportRef[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
        const file = relative(root, full).split(sep).join("/");
        graph.set(file, extractImports(file, readFileSync(full, "utf8")));
      }
    }
  };
  walk(join(root, "src"));
  return new Map([...graph].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---------------------------------------------------------------------------------------------
// Classification and resolution (pure)

export function layerOf(file: string): Layer {
  if (ENTRIES.has(file)) return "entry";
  const [top, second] = file.split("/");
  if (top !== "src" || second === undefined) return "unknown";
  switch (second) {
    case "barcode":
    case "bvac":
    case "i18n":
    case "plan":
      return "domain";
    case "core":
    case "gateway":
    case "adapters":
    case "cli":
      return second;
    default:
      return "unknown";
  }
}

const isStore = (file: string): boolean => file.startsWith("src/core/store/");
const isServices = (file: string): boolean => file.startsWith("src/core/services/");

/** `./x.js` → `./x.ts` (or .tsx, .d.ts), `./dir` → `./dir/index.ts`; undefined when no file of `files` matches. */
export function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\/+$/, "");
  const candidates: string[] = [base];
  const js = /\.([cm]?)jsx?$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    const m = js[1] ?? "";
    candidates.push(`${stem}.${m}ts`, `${stem}.${m}tsx`, `${stem}.d.${m}ts`);
  }
  for (const ext of [".ts", ".tsx", ".d.ts", "/index.ts", "/index.tsx", "/index.d.ts"]) candidates.push(base + ext);
  return candidates.find((c) => files.has(c));
}

const isRelative = (specifier: string): boolean => specifier === "." || specifier === ".." || /^\.\.?\//.test(specifier);

/** "node:fs" for node:fs, fs, fs/promises, node:fs/promises; undefined for anything that is not a builtin. */
function builtinName(specifier: string): string | undefined {
  const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  const root = bare.split("/")[0] ?? bare;
  if (specifier.startsWith("node:") || builtinModules.includes(specifier) || builtinModules.includes(root)) return `node:${root}`;
  return undefined;
}

/** Why a package may not be loaded by runtime-neutral code (domain, core), or undefined if it may. */
function runtimePackage(specifier: string): string | undefined {
  const builtin = builtinName(specifier);
  if (builtin !== undefined) {
    if (specifier === builtin && NEUTRAL_BUILTINS.has(builtin)) return undefined;
    return NEUTRAL_BUILTINS.has(builtin) ? `write "${builtin}"` : `node builtin ${builtin}`;
  }
  return driverPackage(specifier) ?? httpPackage(specifier) ?? (packageName(specifier) === "wrangler" ? "wrangler" : undefined);
}

function httpPackage(specifier: string): string | undefined {
  const name = packageName(specifier);
  if (name === "hono") return "hono";
  if (name.startsWith("@hono/")) return "@hono/*";
  return undefined;
}

function driverPackage(specifier: string): string | undefined {
  if (specifier.startsWith("cloudflare:")) return "cloudflare:*";
  const name = packageName(specifier);
  if (name === "better-sqlite3") return "better-sqlite3";
  if (name.startsWith("@cloudflare/")) return "@cloudflare/*";
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

// ---------------------------------------------------------------------------------------------
// The rules (pure)

/** Every broken layout rule and every import cycle of `graph`, in file order. */
export function checkImportRules(graph: ImportGraph): ImportReport {
  const files = new Set(graph.keys());
  const violations: Violation[] = [];
  const valueEdges = new Map<string, string[]>();

  for (const [file, refs] of graph) {
    const layer = layerOf(file);
    const flag = (ref: ImportRef, rule: Rule, detail?: string, target?: string): void => {
      const v: Violation = { file, line: ref.line, import: ref.specifier, rule, message: detail ? `${RULES[rule]} (${detail})` : RULES[rule] };
      if (target !== undefined) v.target = target;
      violations.push(v);
    };
    if (layer === "unknown") {
      violations.push({ file, line: 1, import: "", rule: "known-layer", message: RULES["known-layer"] });
    }
    const edges: string[] = [];
    valueEdges.set(file, edges);

    for (const ref of refs) {
      const spec = ref.specifier;
      if (ref.kind === "dynamic-computed") {
        flag(ref, "resolvable", "computed import(): its target cannot be checked");
        continue;
      }
      if (isRelative(spec) || spec.startsWith("/") || spec.startsWith("#") || spec.startsWith("file:")) {
        const target = isRelative(spec) ? resolveRelative(file, spec, files) : undefined;
        if (target === undefined) {
          flag(ref, "resolvable", isRelative(spec) ? "no .ts file under src/ at that path" : "alias or absolute specifier");
          continue;
        }
        if (!ref.typeOnly && !DECLARATION_FILE.test(target)) edges.push(target);
        checkFileImport(layer, file, target, (rule, detail) => flag(ref, rule, detail, target));
      } else {
        checkPackageImport(layer, spec, (rule, detail) => flag(ref, rule, detail));
      }
    }
  }

  return { violations, cycles: findCycles(valueEdges) };
}

function checkFileImport(layer: Layer, file: string, target: string, flag: (rule: Rule, detail?: string) => void): void {
  const to = layerOf(target);
  if (to === "entry") flag("no-entry-import");
  if (isStore(target) && !isStore(file) && !isServices(file)) flag("store-via-services");
  switch (layer) {
    case "domain":
      if (to !== "domain") flag("domain-imports-domain", `imports ${to}`);
      break;
    case "core":
      if (to !== "domain" && to !== "core") flag("core-imports-core-domain", `imports ${to}`);
      break;
    case "gateway":
      if (to === "adapters" || to === "cli") flag("gateway-layers", `imports ${to}`);
      break;
    case "adapters":
      if (to === "gateway" || to === "cli") flag("adapters-layers", `imports ${to}`);
      break;
    case "cli":
      if (to === "gateway") flag("cli-layers", `imports ${to}`);
      break;
    case "entry":
    case "unknown":
      break;
  }
}

function checkPackageImport(layer: Layer, specifier: string, flag: (rule: Rule, detail?: string) => void): void {
  switch (layer) {
    case "domain": {
      const why = runtimePackage(specifier);
      if (why) flag("domain-no-runtime-package", why);
      break;
    }
    case "core": {
      const why = runtimePackage(specifier);
      if (why) flag("core-no-runtime-package", why);
      break;
    }
    case "gateway": {
      const why = driverPackage(specifier);
      if (why) flag("gateway-no-driver", why);
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Cycles: Tarjan's strongly connected components, iterative, O(files + imports)

/** Each strongly connected component of more than one file (or a file importing itself), with one loop through it. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): Cycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    // Each frame: the node and how many of its successors have been looked at.
    const frames: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const succ = edges.get(frame.node) ?? [];
      if (frame.i < succ.length) {
        const w = succ[frame.i++]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          frames.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      const v = frame.node;
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(v)!));
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || succ.includes(v)) components.push(component.sort());
      }
    }
  }

  return components
    .map((files) => ({ files, path: loopThrough(files, edges) }))
    .sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : 1));
}

/** The shortest loop from the component's first file back to itself (breadth-first inside the component). */
function loopThrough(files: string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const inside = new Set(files);
  const start = files[0]!;
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at: string | undefined = v; at !== undefined && at !== start; at = parent.get(at)) path.push(at);
        path.push(start);
        // Built backwards from v; put it in import order: start → … → v → start.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!parent.has(w) && w !== start) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...files, start];
}

// ---------------------------------------------------------------------------------------------
// Reporting

export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const v of report.violations) {
    const to = v.target !== undefined && v.target !== v.import ? ` (${v.target})` : "";
    const what = v.import === "" ? "" : ` imports "${v.import}"${to}`;
    lines.push(`${v.file}:${v.line}${what} — [${v.rule}] ${v.message}`);
  }
  for (const c of report.cycles) lines.push(`import cycle: ${c.path.join(" → ")}${c.files.length + 1 > c.path.length ? ` (component: ${c.files.join(", ")})` : ""}`);
  return lines.length === 0 ? "no import rule broken" : `${lines.length} import rule problem(s):\n${lines.join("\n")}`;
}
