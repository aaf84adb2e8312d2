import type { Context } from "hono";
import type { DocumentWarning } from "../bvac/problems.js";
import { defaultLanguage, translate } from "../i18n/index.js";
import type { GatewayEnv } from "./env.js";
import { answerLanguage } from "./problem-handlers.js";

/**
 * A receipt's warnings in the reader's language (the same choice as a problem's): English keeps
 * each warning's own, more specific sentence; the other languages say the code's catalogue text.
 * `code` and `path` never change. Sets Content-Language, as a problem answer does.
 */
export function warningsInLanguage<Receipt extends { warnings: DocumentWarning[] }>(c: Context<GatewayEnv>, receipt: Receipt): Receipt {
  const language = answerLanguage(c);
  c.header("Content-Language", language);
  c.header("Vary", "Accept-Language");
  if (language === defaultLanguage) return receipt;
  return { ...receipt, warnings: receipt.warnings.map((warning) => ({ ...warning, message: translate(language, `warning.${warning.code}`) })) };
}
