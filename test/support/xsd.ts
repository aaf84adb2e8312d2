import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";

// The AssurPharma XSDs, unedited copies of shared/fixtures/assurpharma kept in the repository.
const fixtures = fileURLToPath(new URL("../fixtures/assurpharma", import.meta.url));
const xsdTree = join(fixtures, "xsd");
export const smcSchema = join(xsdTree, "maindoc/single-message-oa-1.0.xsd");
export const bvacListSchema = join(fixtures, "insurer/assurpharma-batches-bvac-list.xsd");

/** Every .xsd under a folder, named by its path relative to that folder (as schemaLocation sees it). */
function schemaFiles(root: string): XMLFileInfo[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".xsd"))
    .sort()
    .map((name) => ({ fileName: name.split(sep).join("/"), contents: readFileSync(join(root, name), "utf8") }));
}

const trees = new Map<string, XMLFileInfo[]>();

/**
 * libxml2's XSD validation (xmllint compiled to WebAssembly: no Debian package, no native build);
 * returns libxml2's messages, "" when valid. A schema under the AssurPharma xsd/ tree is loaded with
 * the whole tree beside it, named relative to xsd/ (maindoc/…, common/…, models/…, events/…), so its
 * relative includes and imports resolve; any other schema (the BvacList one imports nothing) alone.
 */
export async function xsdErrors(xml: string, schema: string): Promise<string> {
  const inTree = !relative(xsdTree, schema).startsWith("..");
  const root = inTree ? xsdTree : dirname(schema);
  let preload = trees.get(root);
  if (!preload) {
    preload = inTree ? schemaFiles(root) : [];
    trees.set(root, preload);
  }
  const fileName = inTree ? relative(root, schema).split(sep).join("/") : basename(schema);
  const result = await validateXML({
    xml: { fileName: "document.xml", contents: xml },
    schema: { fileName, contents: readFileSync(schema, "utf8") },
    preload,
    modifyArguments: (args) => ["--nonet", ...args],
  });
  if (result.valid) return "";
  return result.rawOutput.trim() || result.errors.map((error) => error.rawMessage).join("\n") || "invalid (no message from xmllint)";
}
