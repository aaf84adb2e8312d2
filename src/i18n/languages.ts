/** The languages the gateway answers in: Belgium's three official languages and English. */
export const languages = ["nl", "fr", "de", "en"] as const;
export type Language = (typeof languages)[number];

export const defaultLanguage: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

interface Range {
  tag: string;
  q: number;
  order: number;
}

/** RFC 9110 §12.5.4 `Accept-Language`: ranges with q-values (0 means "not this one"), malformed entries ignored. */
function parseAcceptLanguage(header: string): Range[] {
  const ranges: Range[] = [];
  // A header is attacker-controlled: look at a bounded number of entries only.
  header
    .split(",")
    .slice(0, 32)
    .forEach((entry, order) => {
      const [rawTag = "", ...parameters] = entry.split(";");
      const tag = rawTag.trim().toLowerCase();
      if (!/^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/.test(tag)) return;
      let q = 1;
      for (const parameter of parameters) {
        const match = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(parameter);
        if (match) q = Number(match[1]);
        else if (/^\s*q\s*=/i.test(parameter)) return;
      }
      ranges.push({ tag, q, order });
    });
  return ranges;
}

/**
 * The language to answer in: the supported language the client weighs highest (`fr-BE` counts as
 * `fr`; ties go to the earlier range), else `fallback` — typically the pharmacy's configured
 * language. `*` stands for any language not named, and then the fallback is the natural pick.
 *
 * @example negotiateLanguage("de-CH, fr;q=0.8", "nl") // "de"
 */
export function negotiateLanguage(acceptLanguage: string | null | undefined, fallback: Language = defaultLanguage): Language {
  if (!acceptLanguage) return fallback;
  const ranges = parseAcceptLanguage(acceptLanguage);
  const weightOf = (language: Language): number | undefined => {
    // The most specific matching range decides (RFC 4647 lookup order): `fr;q=0, fr-BE` still allows fr-BE's weight.
    const named = ranges.filter(({ tag }) => tag === language || tag.startsWith(`${language}-`));
    if (named.length > 0) return Math.max(...named.map(({ q }) => q));
    return ranges.find(({ tag }) => tag === "*")?.q;
  };
  let best: { language: Language; q: number; order: number } | undefined;
  // The fallback first: when `*` gives every language the same weight, it wins the tie.
  for (const language of [fallback, ...languages.filter((l) => l !== fallback)]) {
    const q = weightOf(language);
    if (q === undefined || q <= 0) continue;
    const order = ranges.find(({ tag }) => tag === language || tag.startsWith(`${language}-`))?.order ?? Number.MAX_SAFE_INTEGER;
    if (!best || q > best.q || (q === best.q && order < best.order)) best = { language, q, order };
  }
  return best?.language ?? fallback;
}
