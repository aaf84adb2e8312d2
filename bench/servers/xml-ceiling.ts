import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { pathToFileURL } from "node:url";

/**
 * The XML ceiling: the bare route (servers/minimal-hono.ts) that also reads the SMC message with
 * the product's own reader (`readSmcMessage` of `src/bvac/formats/smc-xml-in.ts` in the checkout
 * under test, `SMC_READER`), and nothing else: no auth, normalisation, barcode check or storage.
 * A message the reader refuses is a 422, so a ceiling that does not parse cannot look fast.
 */
type Reader = (bytes: Uint8Array) => { ok: boolean };
const readerPath = process.env.SMC_READER;
if (!readerPath) throw new Error("SMC_READER (path of the product's smc-xml-in.ts) is required");
const { readSmcMessage } = (await import(pathToFileURL(readerPath).href)) as { readSmcMessage: Reader };

const app = new Hono();
app.post("/v1/bvac", async (c) => {
  const read = readSmcMessage(new Uint8Array(await c.req.arrayBuffer()));
  return c.json({ status: read.ok ? "queued" : "invalid" }, read.ok ? 201 : 422);
});

const port = Number(process.env.PORT ?? 8794);
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => console.log(`xml ceiling listening on http://127.0.0.1:${info.port}`));
