import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import { catalogues } from "../../src/i18n/index.js";
import type { Harness } from "../harness/types.js";
import { jsonDocument, tenant } from "./bvac-helpers.js";
import { bearer, bodyOf, createPharmacy, json } from "./helpers.js";

/**
 * Problems are said in the reader's language: Accept-Language, else the pharmacy's configured
 * language, else English. `type`, `code`, `status` and every path/code of errors[] never change.
 */
let gateway: Harness;
let t: Awaited<ReturnType<typeof tenant>>;
beforeAll(async () => {
  gateway = await getHarness();
  t = await tenant(gateway);
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Array<{ path: string; code: string; message: string }>;
}

/** A document with two problems: a barcode that is no barcode and a price with a decimal comma. */
const flawed = () => {
  const body = jsonDocument(t) as ReturnType<typeof jsonDocument> & { barcode: string };
  body.barcode = "not a barcode";
  (body.lines[0] as Record<string, unknown>).publicPrice = "17,31";
  return body;
};

async function submitIn(acceptLanguage: string | undefined, key = t.pharmacy.apiKey, body: unknown = flawed()) {
  const headers: Record<string, string> = { ...bearer(key), ...(acceptLanguage ? { "Accept-Language": acceptLanguage } : {}) };
  const response = await gateway.fetch("/v1/bvac", json(body, headers));
  const problem = await bodyOf<Problem>(response);
  expect(response.status, JSON.stringify(problem)).toBe(422);
  return { response, problem };
}

const shapeOf = (problem: Problem) => ({
  type: problem.type,
  code: problem.code,
  status: problem.status,
  errors: (problem.errors ?? []).map(({ path, code }) => `${path}:${code}`).sort(),
});

describe("problem+json in the reader's language", () => {
  it("answers in French with Content-Language: fr, the same type, code and errors[] codes as in English", async () => {
    const english = await submitIn(undefined);
    const french = await submitIn("fr-BE, nl;q=0.5");
    expect(french.response.headers.get("content-language")).toBe("fr");
    expect(french.response.headers.get("vary")).toMatch(/accept-language/i);
    expect(english.response.headers.get("content-language")).toBe("en");
    expect(shapeOf(french.problem)).toEqual(shapeOf(english.problem));
    expect(french.problem.errors?.length).toBe(2);

    expect(french.problem.title).toBe(catalogues.fr["problem.validation_failed.title"]);
    expect(french.problem.detail).toBe("Le document présente 2 problèmes ; voir errors[].");
    expect(english.problem.detail).toBe("The document has 2 problems; see errors[].");
    const frenchMessage = (code: string) => french.problem.errors?.find((e) => e.code === code)?.message;
    expect(frenchMessage("invalid_barcode")).toBe(catalogues.fr["field.invalid_barcode"]);
    expect(frenchMessage("invalid_amount")).toBe(catalogues.fr["field.invalid_amount"]);
    expect(french.problem.title).not.toBe(english.problem.title);
  });

  it("falls back to the pharmacy's configured language, and Accept-Language still wins", async () => {
    const response = await gateway.fetch("/v1/admin/pharmacies", json({ nihii: t.pharmacy.nihii, name: "Apotheek Test", language: "nl" }, bearer(gateway.adminKey)));
    const dutchKey = (await bodyOf<{ apiKey: string }>(response)).apiKey;
    expect(response.status).toBe(201);

    const dutch = await submitIn(undefined, dutchKey);
    expect(dutch.response.headers.get("content-language")).toBe("nl");
    expect(dutch.problem.title).toBe(catalogues.nl["problem.validation_failed.title"]);
    expect(dutch.problem.detail).toBe("Het document bevat 2 problemen; zie errors[].");

    const german = await submitIn("de", dutchKey);
    expect(german.response.headers.get("content-language")).toBe("de");
    expect(german.problem.errors?.find((e) => e.code === "invalid_barcode")?.message).toBe(catalogues.de["field.invalid_barcode"]);

    // Accept-Language naming only unsupported languages: the pharmacy's language.
    expect((await submitIn("es, it;q=0.8", dutchKey)).response.headers.get("content-language")).toBe("nl");
    // Re-onboarding without a language keeps the stored one.
    const again = await gateway.fetch("/v1/admin/pharmacies", json({ nihii: t.pharmacy.nihii, name: "Apotheek Test" }, bearer(gateway.adminKey)));
    const sameKey = (await bodyOf<{ apiKey: string }>(again)).apiKey;
    expect((await submitIn(undefined, sameKey)).response.headers.get("content-language")).toBe("nl");
  });

  it("localises problems raised before any key is known", async () => {
    const unknownKey = await gateway.fetch("/v1/bvac", json({}, { ...bearer("pk_nope"), "Accept-Language": "de-BE" }));
    const problem = await bodyOf<Problem>(unknownKey);
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.headers.get("content-language")).toBe("de");
    expect(problem).toMatchObject({ code: "unauthenticated", title: catalogues.de["problem.unauthenticated.title"], detail: catalogues.de["detail.unauthenticated.api_key_unknown"] });

    const noRoute = await gateway.fetch("/v1/nowhere", { headers: { "Accept-Language": "nl" } });
    expect(await bodyOf<Problem>(noRoute)).toMatchObject({ code: "route_not_found", type: "urn:pharmagate:problem:route_not_found", detail: "Geen adres voor GET /v1/nowhere." });
  });

  it("refuses an unknown configured language at onboarding", async () => {
    const response = await gateway.fetch("/v1/admin/pharmacies", json({ nihii: (await createPharmacy(gateway)).nihii, name: "x", language: "es" }, bearer(gateway.adminKey)));
    const problem = await bodyOf<Problem>(response);
    expect(response.status).toBe(422);
    expect(problem.errors?.map((e) => `${e.path}:${e.code}`)).toEqual(["language:invalid_value"]);
  });

  it("says a receipt's warnings in the reader's language; code and path stay", async () => {
    const feeLine = { productType: 1, productId: "000000000000000", description: "Honoraires", quantity: 1, publicPrice: "4.99", paidPrice: "4.99" };
    const sale = jsonDocument(t, { lines: [feeLine] });
    const response = await gateway.fetch("/v1/bvac", json(sale, { ...bearer(t.pharmacy.apiKey), "Accept-Language": "fr-BE" }));
    const receipt = await bodyOf<{ warnings: Array<{ code: string; path?: string; message: string }> }>(response);
    expect(response.status, JSON.stringify(receipt)).toBe(201);
    expect(response.headers.get("content-language")).toBe("fr");
    expect(receipt.warnings).toContainEqual({ code: "fee_line", path: "lines.0.productId", message: catalogues.fr["warning.fee_line"] });
    const again = await gateway.fetch(`/v1/bvac/${sale.documentId}`, { headers: { ...bearer(t.pharmacy.apiKey), "Accept-Language": "nl" } });
    expect((await bodyOf<{ warnings: Array<{ code: string; message: string }> }>(again)).warnings).toContainEqual(
      expect.objectContaining({ code: "fee_line", message: catalogues.nl["warning.fee_line"] }),
    );
  });
});
