/**
 * The gateway's messages in nl, fr, de and en: one catalogue per language, shared by the problem
 * answers (src/core/errors.ts), the CLI and the member pages. Domain code: no HTTP, no runtime.
 */
import { de } from "./catalogues/de.js";
import { en, type Catalogue, type MessageKey } from "./catalogues/en.js";
import { fr } from "./catalogues/fr.js";
import { nl } from "./catalogues/nl.js";
import { formatMessage, type MessageParams } from "./format.js";
import type { Language } from "./languages.js";

export { defaultLanguage, isLanguage, languages, negotiateLanguage, type Language } from "./languages.js";
export { formatMessage, type MessageParams } from "./format.js";
export type { Catalogue, MessageKey } from "./catalogues/en.js";

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, nl, fr, de };

/** A message to render later, in the language of whoever reads it. */
export interface Message {
  key: MessageKey;
  params?: MessageParams;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The message `key` in `language`, its parameters filled in. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  return formatMessage(language, catalogues[language][key], params);
}
