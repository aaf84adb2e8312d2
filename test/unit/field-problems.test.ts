import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldProblems } from "../../src/core/errors.js";

const schema = z.object({
  name: z.string(),
  lines: z.array(z.object({ quantity: z.number(), note: z.string().nullable().optional() })),
  totals: z.object({ paid: z.string() }).optional(),
});

const problemsOf = (input: unknown, withInput = true) => {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return fieldProblems(result.error, withInput ? { value: input } : undefined).map(({ path, code }) => `${path}:${code}`);
};

describe("fieldProblems", () => {
  it("calls an absent field required and a present one of the wrong JSON type invalid_type, at any depth", () => {
    expect(problemsOf({ lines: [{}, { quantity: "3", note: 4 }], totals: { paid: null } })).toEqual([
      "name:required",
      "lines.0.quantity:required",
      "lines.1.quantity:invalid_type",
      "lines.1.note:invalid_type",
      "totals.paid:invalid_type",
    ]);
  });

  it("locates a body that is not an object at (body), as invalid_type even when it is null", () => {
    expect(problemsOf(null)).toEqual(["(body):invalid_type"]);
    expect(problemsOf([])).toEqual(["(body):invalid_type"]);
  });

  it("keeps zod's code when the input is unknown", () => {
    expect(problemsOf({ lines: [] }, false)).toEqual(["name:invalid_type"]);
  });
});
