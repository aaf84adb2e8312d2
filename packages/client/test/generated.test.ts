import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { currentOpenApiDocument, generatedTypes, snapshotFile, typesFile } from "../../../test/support/openapi-document.js";

it("the client's openapi.json and generated types match the gateway's current /openapi.json (regenerate: npm run client:generate)", async () => {
  expect(readFileSync(snapshotFile, "utf8"), "packages/client/openapi.json is stale").toBe(await currentOpenApiDocument());
  expect(readFileSync(typesFile, "utf8"), "packages/client/src/generated/api.ts is stale").toBe(generatedTypes(snapshotFile));
}, 60_000);
