import { describe, expect, it } from "vitest";
import { errorStatus } from "../../src/core/errors.js";
import { catalogues, formatMessage, languages, negotiateLanguage, translate, type MessageKey } from "../../src/i18n/index.js";
import { en } from "../../src/i18n/catalogues/en.js";

const keys = Object.keys(en) as MessageKey[];
const placeholders = (template: string): string[] =>
  [...new Set([...template.matchAll(/\{\s*(\w+)\s*(?:,|\})/g)].map((m) => m[1]!))].sort();

describe("catalogues", () => {
  it.each(languages)("%s has every key of en, each non-empty and none extra", (language) => {
    const catalogue = catalogues[language] as Record<string, string>;
    const missing = keys.filter((key) => typeof catalogue[key] !== "string" || catalogue[key]!.trim() === "");
    const extra = Object.keys(catalogue).filter((key) => !(key in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(languages.filter((l) => l !== "en"))("%s uses the same parameters as en in every message", (language) => {
    const differing = keys.filter((key) => placeholders(catalogues[language][key]).join() !== placeholders(en[key]).join());
    expect(differing).toEqual([]);
  });

  it("every error code has a title, a generic detail and an action in every language", () => {
    const lacking = Object.keys(errorStatus).flatMap((code) =>
      (["title", "detail", "action"] as const)
        .map((part) => `problem.${code}.${part}`)
        .filter((key) => !(key in en)),
    );
    expect(lacking).toEqual([]);
  });

  it("a non-English language is actually translated, not copied from en", () => {
    for (const language of ["nl", "fr", "de"] as const) {
      const copied = keys.filter((key) => key.startsWith("problem.") && key.endsWith(".title") && catalogues[language][key] === en[key]);
      expect(copied, language).toEqual([]);
    }
  });
});

describe("negotiateLanguage (RFC 9110 Accept-Language)", () => {
  it.each([
    ["fr", "en", "fr"],
    ["fr-BE", "en", "fr"],
    ["nl-BE,nl;q=0.9,en;q=0.8", "fr", "nl"],
    ["de-CH, fr;q=0.8", "nl", "de"],
    ["en;q=0.5, fr;q=0.9", "nl", "fr"],
    ["es, it", "nl", "nl"],
    ["es, en;q=0.1", "nl", "en"],
    ["*", "de", "de"],
    ["fr;q=0, *", "fr", "nl"],
    ["fr;q=0", "fr", "fr"],
    ["", "nl", "nl"],
    ["garbage;;;q=x, fr", "en", "fr"],
    ["fr;q=2, de", "en", "de"],
  ] as const)("%j with fallback %s → %s", (header, fallback, expected) => {
    expect(negotiateLanguage(header, fallback)).toBe(expected);
  });

  it("ties go to the range named first", () => {
    expect(negotiateLanguage("de, fr", "en")).toBe("de");
    expect(negotiateLanguage("fr, de", "en")).toBe("fr");
  });

  it("absent header → fallback", () => {
    expect(negotiateLanguage(undefined, "fr")).toBe("fr");
    expect(negotiateLanguage(null)).toBe("en");
  });
});

describe("formatMessage", () => {
  it("fills parameters, formatting numbers for the language", () => {
    expect(formatMessage("nl", "{bytes} bytes", { bytes: 1048576 })).toBe("1.048.576 bytes");
    expect(formatMessage("en", "{bytes} bytes", { bytes: 1048576 })).toBe("1,048,576 bytes");
    expect(formatMessage("en", "pharmacy {nihii}", { nihii: "99934051" })).toBe("pharmacy 99934051");
  });

  it("picks the plural branch with the language's rules", () => {
    expect(translate("en", "detail.validation_failed.document", { count: 1 })).toBe("The document has 1 problem; see errors[].");
    expect(translate("en", "detail.validation_failed.document", { count: 3 })).toBe("The document has 3 problems; see errors[].");
    // French treats 0 and 1 as singular.
    expect(translate("fr", "detail.validation_failed.document", { count: 0 })).toContain("0 problème ;");
    expect(formatMessage("en", "{n, plural, =0 {none} one {# item} other {# items}}", { n: 0 })).toBe("none");
  });

  it("leaves a missing parameter visible instead of dropping it", () => {
    expect(formatMessage("en", "at most {max} characters")).toBe("at most {max} characters");
  });
});
