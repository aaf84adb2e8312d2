// The gateway's /openapi.json as a file: `npm run client:generate` writes it into packages/client and
// regenerates the client's types from it; test/node/client-generated.test.ts fails when either is stale.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeGateway } from "./node-gateway.js";

export const clientDir = fileURLToPath(new URL("../../packages/client/", import.meta.url));
export const snapshotFile = `${clientDir}openapi.json`;
export const typesFile = `${clientDir}src/generated/api.ts`;

/** The document exactly as GET /openapi.json serves it, pretty-printed for reviewable diffs. */
export async function currentOpenApiDocument(): Promise<string> {
  const { harness, close } = await nodeGateway();
  try {
    const response = await harness.fetch("/openapi.json");
    return `${JSON.stringify(await response.json(), null, 2)}\n`;
  } finally {
    await close();
  }
}

/** openapi-typescript's output for a document file, as a string (no file written). */
export function generatedTypes(documentFile: string): string {
  const cli = fileURLToPath(new URL("../../node_modules/openapi-typescript/bin/cli.js", import.meta.url));
  return execFileSync(process.execPath, [cli, documentFile], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

if (process.argv.includes("--write")) {
  writeFileSync(snapshotFile, await currentOpenApiDocument());
  writeFileSync(typesFile, generatedTypes(snapshotFile));
  console.log(`wrote ${snapshotFile} and ${typesFile}`);
}
