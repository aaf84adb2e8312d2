import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderProblemsDoc } from "../support/problems-doc.js";

it("docs/problems.md is the catalogues' current table (regenerate: npm run docs:problems)", () => {
  expect(readFileSync(new URL("../../docs/problems.md", import.meta.url), "utf8")).toBe(renderProblemsDoc());
});
