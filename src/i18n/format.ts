import type { Language } from "./languages.js";

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Fills a catalogue template: `{name}` takes a parameter (numbers formatted for the language with
 * Intl.NumberFormat), `{count, plural, one {# problem} other {# problems}}` picks a branch with
 * Intl.PluralRules (`=0`-style exact branches too) and `#` inside it is the number. That is the
 * subset of ICU MessageFormat the catalogues use; a full ICU library (intl-messageformat) would
 * be the move if a translator needs select or nested formats. A parameter the caller did not
 * give stays visible as `{name}` rather than vanishing.
 */
export function formatMessage(language: Language, template: string, params: MessageParams = {}): string {
  return renderSegment(language, template, params, undefined);
}

function formatValue(language: Language, value: string | number): string {
  return typeof value === "number" ? new Intl.NumberFormat(language).format(value) : value;
}

/** The index of the `}` closing the `{` at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function renderSegment(language: Language, text: string, params: MessageParams, pound: number | undefined): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "#" && pound !== undefined) {
      out += formatValue(language, pound);
      i++;
      continue;
    }
    if (ch !== "{") {
      out += ch;
      i++;
      continue;
    }
    const end = closing(text, i);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    out += renderPlaceholder(language, text.slice(i + 1, end), params);
    i = end + 1;
  }
  return out;
}

function renderPlaceholder(language: Language, inner: string, params: MessageParams): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,/.exec(inner);
  if (!plural) {
    const name = inner.trim();
    const value = params[name];
    return value === undefined ? `{${name}}` : formatValue(language, value);
  }
  const name = plural[1]!;
  const value = params[name];
  if (typeof value !== "number") return `{${name}}`;
  const branches = new Map<string, string>();
  const body = inner.slice(plural[0].length);
  const branch = /\s*(=\d+|\w+)\s*\{/g;
  let match: RegExpExecArray | null;
  while ((match = branch.exec(body)) !== null) {
    const open = match.index + match[0].length - 1;
    const end = closing(body, open);
    if (end < 0) break;
    branches.set(match[1]!, body.slice(open + 1, end));
    branch.lastIndex = end + 1;
  }
  const chosen = branches.get(`=${value}`) ?? branches.get(new Intl.PluralRules(language).select(value)) ?? branches.get("other") ?? "";
  return renderSegment(language, chosen, params, value);
}
