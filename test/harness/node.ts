import { nodeGateway } from "../support/node-gateway.js";
import type { Harness } from "./types.js";

let harness: Promise<Harness> | undefined;

/** The Node app on an in-memory SQLite database, called in-process. One per test file. */
export function getHarness(): Promise<Harness> {
  harness ??= nodeGateway().then((gateway) => gateway.harness);
  return harness;
}
