import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// The AssurPharma XSDs, unedited copies of shared/fixtures/assurpharma kept in the repository.
const fixtures = fileURLToPath(new URL("../fixtures/assurpharma", import.meta.url));
export const smcSchema = join(fixtures, "xsd/maindoc/single-message-oa-1.0.xsd");
export const bvacListSchema = join(fixtures, "insurer/assurpharma-batches-bvac-list.xsd");

const scratch = mkdtempSync(join(tmpdir(), "pharmagate-xml-"));
let counter = 0;

/** Debian's xmllint (libxml2-utils) against an XSD; returns its messages, "" when valid. */
export function xsdErrors(xml: string, schema: string): string {
  const file = join(scratch, `doc-${++counter}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync("xmllint", ["--noout", "--nonet", "--schema", schema, file], { stdio: "pipe" });
    return "";
  } catch (error) {
    const failed = error as { stderr?: Buffer };
    return failed.stderr?.toString() || String(error);
  }
}

/** Writes bytes to a scratch file and returns its path (for openssl). */
export function scratchFile(name: string, content: string | Buffer): string {
  const file = join(scratch, `${++counter}-${name}`);
  writeFileSync(file, content);
  return file;
}
