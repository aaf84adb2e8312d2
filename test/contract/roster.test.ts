import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf, createInsurer, expectProblem } from "./helpers.js";

let gateway: Harness;
beforeAll(async () => {
  gateway = await getHarness();
});

const putRoster = (key: string, lines: Array<object | string>, contentType = "application/x-ndjson") =>
  gateway.fetch("/v1/members", {
    method: "PUT",
    headers: { ...bearer(key), "Content-Type": contentType },
    body: lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n",
  });

const member = (insurer: string, key1: string, extra: object = {}) => ({
  insurer,
  key1,
  name: `Member ${key1}`,
  coverage: [{ from: "2020-01-01", to: null }],
  ...extra,
});

const stored = (insurer: string) =>
  gateway.dbFor(insurer).all<{ key1: string; guardian_key1: string | null; periods: string | null }>(
    `SELECT m.key1, m.guardian_key1,
            (SELECT group_concat(valid_from || '..' || COALESCE(valid_to, ''), ',') FROM coverage_periods p WHERE p.insurer = m.insurer AND p.key1 = m.key1) AS periods
       FROM members m WHERE m.insurer = ? ORDER BY m.key1`,
    [insurer],
  );

describe("roster sync (PUT /v1/members)", () => {
  it("upserts members, coverage and dependents in one request, replacing coverage on the next", async () => {
    const insurer = await createInsurer(gateway);
    const first = await putRoster(insurer.apiKey, [
      member(insurer.code, "1000000001", { birthDate: "1980-02-03" }),
      member(insurer.code, "1000000002", { guardianKey1: "1000000001", coverage: [{ from: "2020-01-01", to: "2020-12-31" }, { from: "2022-01-01" }] }),
    ]);
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await bodyOf(first)).toEqual({ applied: 2 });
    expect(await stored(insurer.code)).toEqual([
      { key1: "1000000001", guardian_key1: null, periods: "2020-01-01.." },
      { key1: "1000000002", guardian_key1: "1000000001", periods: "2020-01-01..2020-12-31,2022-01-01.." },
    ]);
    // A dependent may name a guardian stored by an earlier request.
    const second = await putRoster(insurer.apiKey, [member(insurer.code, "1000000002", { guardianKey1: "1000000001", coverage: [{ from: "2023-01-01", to: "2023-06-30" }] })]);
    expect(second.status).toBe(200);
    expect((await stored(insurer.code))[1]).toEqual({ key1: "1000000002", guardian_key1: "1000000001", periods: "2023-01-01..2023-06-30" });
  });

  it("reports every bad line by number and applies nothing", async () => {
    const insurer = await createInsurer(gateway);
    const other = await createInsurer(gateway);
    const response = await putRoster(insurer.apiKey, [
      member(insurer.code, "2000000001"),
      "{not json",
      member(other.code, "2000000003"),
      member(insurer.code, "2000000004", { coverage: [{ from: "2021-01-01", to: "2020-01-01" }] }),
      member(insurer.code, "2000000005", { guardianKey1: "2999999999" }),
      "",
      member(insurer.code, "2000000001"),
      { ...member(insurer.code, "2000000008"), guardianKey: "2000000001" },
      member(insurer.code, "2000000009", { coverage: [{ from: "2020-01-01", to: null }, { from: "2021-01-01", to: null }] }),
    ]);
    const problem = await expectProblem(response, 422, "validation_failed");
    expect(problem.errors?.map((error) => [error.path, error.code])).toEqual([
      ["line.2", "malformed_json"],
      ["line.3.insurer", "insurer_not_allowed"],
      ["line.4.coverage.0.to", "period_reversed"],
      ["line.5.guardianKey1", "unknown_guardian"],
      ["line.7.key1", "duplicate_member"],
      ["line.8", "unrecognized_keys"],
      ["line.9.coverage.1.from", "period_overlap"],
    ]);
    expect(await stored(insurer.code)).toEqual([]);
    expect(await stored(other.code)).toEqual([]);
  });

  it("finds stored guardians across look-up chunks (over 40 at once) and names the one missing", async () => {
    const insurer = await createInsurer(gateway);
    const guardians = Array.from({ length: 45 }, (_, index) => String(5000000000 + index));
    expect((await putRoster(insurer.apiKey, guardians.map((key1) => member(insurer.code, key1)))).status).toBe(200);
    const dependents = guardians.map((guardian, index) => member(insurer.code, String(5100000000 + index), { guardianKey1: guardian }));
    const withUnknown = [...dependents, member(insurer.code, "5199999999", { guardianKey1: "5299999999" })];
    const problem = await expectProblem(await putRoster(insurer.apiKey, withUnknown), 422, "validation_failed");
    expect(problem.errors?.map((error) => [error.path, error.code])).toEqual([["line.46.guardianKey1", "unknown_guardian"]]);
    expect((await putRoster(insurer.apiKey, dependents)).status).toBe(200);
    expect((await stored(insurer.code)).filter((row) => row.guardian_key1 !== null)).toHaveLength(45);
  });

  it("needs NDJSON, an insurer key and a bounded number of lines", async () => {
    const insurer = await createInsurer(gateway);
    await expectProblem(await putRoster(insurer.apiKey, [member(insurer.code, "3000000001")], "application/json"), 415, "unsupported_media_type");
    await expectProblem(await putRoster(gateway.adminKey, [member(insurer.code, "3000000001")]), 403, "forbidden");
    await expectProblem(await putRoster("ik_nope", [member(insurer.code, "3000000001")]), 401, "unauthenticated");
    const many = Array.from({ length: 251 }, (_, index) => member(insurer.code, String(3000000000 + index)));
    await expectProblem(await putRoster(insurer.apiKey, many), 413, "payload_too_large");
  });

  it("applies the largest allowed request (250 members, 50 coverage periods each) as one batch", async () => {
    const insurer = await createInsurer(gateway);
    const coverage = Array.from({ length: 50 }, (_, index) => ({ from: `${1970 + index}-01-01`, to: `${1970 + index}-12-31` }));
    const lines = Array.from({ length: 250 }, (_, index) => member(insurer.code, String(4000000000 + index), { coverage }));
    const response = await putRoster(insurer.apiKey, lines);
    expect(response.status, await response.clone().text()).toBe(200);
    expect((await stored(insurer.code)).length).toBe(250);
    const periods = await gateway.dbFor(insurer.code).first<{ n: number }>("SELECT COUNT(*) AS n FROM coverage_periods WHERE insurer = ?", [insurer.code]);
    expect(periods?.n).toBe(250 * 50);
  });
});
