import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

let bundle: Promise<string> | undefined;

/** Redoc's standalone bundle (one self-contained script, no CDN), read once from node_modules. */
export function readRedocBundle(): Promise<string> {
  bundle ??= readFile(createRequire(import.meta.url).resolve("redoc/bundles/redoc.standalone.js"), "utf8");
  return bundle;
}
