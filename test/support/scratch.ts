import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const scratch = mkdtempSync(join(tmpdir(), "pharmagate-test-"));
let counter = 0;

/** Writes bytes to a scratch file and returns its path (for code that reads a file by name). */
export function scratchFile(name: string, content: string | Buffer): string {
  const file = join(scratch, `${++counter}-${name}`);
  writeFileSync(file, content);
  return file;
}
