// docs/problems.md from the catalogues: `npm run docs:problems` writes it, test/unit/problems-doc.test.ts fails when it is stale.
import { writeFileSync } from "node:fs";
import { errorStatus, type ErrorCode } from "../../src/core/errors.js";
import { catalogues, languages, type Language, type MessageKey } from "../../src/i18n/index.js";
import { en } from "../../src/i18n/catalogues/en.js";

const headings: Record<Language, { title: string; columns: [string, string, string, string] }> = {
  en: { title: "English", columns: ["code", "status", "title", "what to do now"] },
  nl: { title: "Nederlands", columns: ["code", "status", "titel", "wat nu te doen"] },
  fr: { title: "Français", columns: ["code", "statut", "titre", "que faire maintenant"] },
  de: { title: "Deutsch", columns: ["code", "Status", "Titel", "was jetzt zu tun ist"] },
};

const cell = (text: string) => text.replaceAll("|", "\\|");

export function renderProblemsDoc(): string {
  const codes = Object.keys(errorStatus) as ErrorCode[];
  const out: string[] = [
    "# Problem codes and what the pharmacist does",
    "",
    "<!-- Generated from src/i18n/catalogues by `npm run docs:problems`; test/unit/problems-doc.test.ts fails when it is stale. -->",
    "",
    "Every error is an RFC 9457 `application/problem+json` answer. `type` (`urn:pharmagate:problem:<code>`),",
    "`code` and `status` never change; `title`, `detail` and each `errors[].message` are said in the language of",
    "`Accept-Language` (nl, fr, de, en), else the pharmacy's configured language (`language` at onboarding,",
    "`npm run cli -- pharmacy add --language fr`), else English, and the answer carries `Content-Language`.",
    "Software should switch on `code` (and `errors[].code`), and show `title`, `detail` and the messages.",
    "",
  ];
  for (const language of [...languages].sort((a, b) => (a === "en" ? -1 : b === "en" ? 1 : 0))) {
    const { title, columns } = headings[language];
    out.push(`## ${title}`, "", `| ${columns.join(" | ")} |`, "|---|---|---|---|");
    for (const code of codes) {
      const say = (part: string) => cell(catalogues[language][`problem.${code}.${part}` as MessageKey]);
      out.push(`| \`${code}\` | ${errorStatus[code]} | ${say("title")} | ${say("action")} |`);
    }
    out.push("");
  }
  out.push(
    "## Field codes (`errors[].code`)",
    "",
    "Each entry of `errors[]` locates one problem (`path`: a JSON path such as `lines.0.quantity`, or the",
    "element path in an SMC XML message) and names it with a stable `code`. The English message is below; the",
    "same key `field.<code>` holds the nl, fr and de messages in `src/i18n/catalogues/`.",
    "",
    "| code | message (en) |",
    "|---|---|",
  );
  for (const key of Object.keys(en) as MessageKey[]) {
    if (key.startsWith("field.")) out.push(`| \`${key.slice("field.".length)}\` | ${cell(en[key])} |`);
  }
  out.push("");
  return out.join("\n");
}

if (process.argv.includes("--write")) {
  writeFileSync(new URL("../../docs/problems.md", import.meta.url), renderProblemsDoc());
  console.log("wrote docs/problems.md");
}
