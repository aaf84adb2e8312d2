import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./lib/server.js";

/**
 * `tsx bench/parse-smc.ts [OTHER_CHECKOUT] [file.xml]`: `readSmcMessage` in-process on the bench's
 * SMC message (or `file.xml`), this checkout against another one (e.g. the commit before a change),
 * interleaved in six rounds of 2 000 reads; prints µs per message and the medians.
 */
type Reader = (bytes: Uint8Array) => { ok: boolean };
const reader = async (root: string) =>
  ((await import(pathToFileURL(join(root, "src/bvac/formats/smc-xml-in.ts")).href)) as { readSmcMessage: Reader }).readSmcMessage;

const other = process.argv[2] ? resolve(process.argv[2]) : undefined;
const file = process.argv[3] ?? join(repoRoot, "bench/fixtures/vendor-smc-13-lines.xml");
const bytes = new TextEncoder().encode(readFileSync(file, "utf8"));
const readers: Array<[string, Reader]> = [["this checkout", await reader(repoRoot)], ...(other ? [[other, await reader(other)] as [string, Reader]] : [])];
for (const [name, read] of readers) if (!read(bytes).ok) throw new Error(`${name} refuses ${file}`);

const perMessage = (read: Reader, count: number) => {
  const started = performance.now();
  for (let i = 0; i < count; i++) read(bytes);
  return ((performance.now() - started) / count) * 1000;
};
for (const [, read] of readers) perMessage(read, 500);
const times = readers.map(() => [] as number[]);
for (let round = 0; round < 6; round++) readers.forEach(([, read], index) => times[index]!.push(perMessage(read, 2_000)));
readers.forEach(([name], index) => {
  const sorted = [...times[index]!].sort((a, b) => a - b);
  console.log(`${name}: median ${Math.round(sorted[3]!)} µs per ${bytes.length}-byte message [${times[index]!.map(Math.round).join(", ")}]`);
});
