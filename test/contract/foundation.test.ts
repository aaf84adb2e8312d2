import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf, createInsurer, createPharmacy, expectProblem, json, randomNihii } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

describe("foundation contract", () => {
  it("answers /healthz with runtime and storage named", async () => {
    const response = await gateway.fetch("/healthz");
    const body = await bodyOf(response);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      runtime: gateway.runtime,
      storage: gateway.runtime === "node" ? "sqlite" : "d1",
      queue: gateway.runtime === "node" ? "outbox" : "cloudflare-queues",
    });
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("keeps a client-sent request id and sets one on errors too", async () => {
    const response = await gateway.fetch("/healthz", { headers: { "X-Request-Id": "pos-1234" } });
    expect(response.headers.get("x-request-id")).toBe("pos-1234");
    const missing = await gateway.fetch("/nope");
    expect(missing.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers an unknown route with a 404 problem", async () => {
    await expectProblem(await gateway.fetch("/nope"), 404, "route_not_found");
  });

  it("refuses a body over 1 MiB with a 413 problem, whatever the route", async () => {
    const body = "x".repeat(2 * 1024 * 1024);
    const init = { method: "POST", headers: { "Content-Type": "application/json", ...bearer(gateway.adminKey) }, body };
    await expectProblem(await gateway.fetch("/v1/admin/pharmacies", init), 413, "payload_too_large");
  });

  it("refuses a declared length over 1 MiB with a 413 problem before reading the body", async () => {
    const init = { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": String(2 * 1024 * 1024), ...bearer(gateway.adminKey) }, body: "{}" };
    await expectProblem(await gateway.fetch("/v1/admin/pharmacies", init), 413, "payload_too_large");
  });

  it("refuses malformed JSON with a 400 problem", async () => {
    const init = { method: "POST", headers: { "Content-Type": "application/json", ...bearer(gateway.adminKey) }, body: "{nope" };
    await expectProblem(await gateway.fetch("/v1/admin/pharmacies", init), 400, "malformed_json");
  });

  it("refuses another content type with a 415 problem", async () => {
    const init = { method: "POST", headers: { "Content-Type": "text/plain", ...bearer(gateway.adminKey) }, body: "nihii=1" };
    await expectProblem(await gateway.fetch("/v1/admin/pharmacies", init), 415, "unsupported_media_type");
  });

  it("reports every invalid field at once", async () => {
    const response = await gateway.fetch("/v1/admin/pharmacies", json({ nihii: "27456741", name: "" }, bearer(gateway.adminKey)));
    const problem = await expectProblem(response, 422, "validation_failed");
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["name", "nihii"]);
  });

  it("serves an OpenAPI 3.1 document listing the routes and their auth", async () => {
    const response = await gateway.fetch("/openapi.json");
    const document = await bodyOf<{ openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>>; components: { securitySchemes: object } }>(response);
    expect(document.openapi).toBe("3.1.0");
    expect(document.paths["/healthz"]?.get).toBeDefined();
    expect(document.paths["/v1/admin/pharmacies"]?.post?.security).toEqual([{ adminKey: [] }]);
    expect(Object.keys(document.components.securitySchemes)).toEqual(expect.arrayContaining(["pharmacyKey", "insurerKey", "adminKey", "memberToken"]));
  });

  it("serves the API reference with same-origin scripts only (Node), or says where it is not served (Workers)", async () => {
    const response = await gateway.fetch("/docs");
    if (gateway.runtime === "workers") {
      await expectProblem(response, 501, "not_implemented");
      return;
    }
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('spec-url="/openapi.json"');
    const sources = [...page.matchAll(/<script[^>]*src="([^"]+)"/gi)].map((m) => m[1]);
    expect(sources).toEqual(["/docs/redoc.standalone.js"]);
    const script = await gateway.fetch("/docs/redoc.standalone.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(500_000);
  });

  describe("API keys", () => {
    it("needs an operator key to onboard, and a key only works for its own audience", async () => {
      const nihii = randomNihii();
      await expectProblem(await gateway.fetch("/v1/admin/pharmacies", json({ nihii, name: "A" })), 401, "unauthenticated");
      await expectProblem(
        await gateway.fetch("/v1/admin/pharmacies", json({ nihii, name: "A" }, bearer("ak_forged"))),
        401,
        "unauthenticated",
      );
      const pharmacy = await createPharmacy(gateway, nihii);
      expect(pharmacy.apiKey).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      await expectProblem(
        await gateway.fetch("/v1/admin/pharmacies", json({ nihii: randomNihii(), name: "B" }, bearer(pharmacy.apiKey))),
        403,
        "forbidden",
      );
    });

    it("revokes a key at once", async () => {
      const insurer = await createInsurer(gateway);
      const pharmacy = await createPharmacy(gateway);
      const revoke = await gateway.fetch(`/v1/admin/keys/${pharmacy.keyId}/revoke`, { method: "POST", headers: bearer(gateway.adminKey) });
      expect(revoke.status).toBe(200);
      await expectProblem(
        await gateway.fetch(`/v1/admin/keys/${pharmacy.keyId}/revoke`, { method: "POST", headers: bearer(gateway.adminKey) }),
        404,
        "not_found",
      );
      expect(insurer.apiKey).toMatch(/^ik_/);
    });

    it("lists participating insurers with their barcode policy", async () => {
      const insurer = await createInsurer(gateway, { legacyBarcodes: "reject", mod97: true });
      const response = await gateway.fetch("/v1/insurers");
      const body = await bodyOf<{ insurers: unknown[] }>(response);
      expect(body.insurers).toContainEqual({ code: insurer.code, name: `Insurer ${insurer.code}`, legacyBarcodes: "reject", mod97: true });
    });
  });
});
