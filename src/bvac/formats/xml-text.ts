/**
 * Text and attribute content for XML 1.0 writers. Escapes the five markup characters and drops
 * code points XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF): a stray control character from pharmacy software must not make the whole
 * export unparseable for the insurer.
 */
// eslint-disable-next-line no-control-regex
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Anything `escapeXml` would change: a markup character, a C0 control, U+FFFE/U+FFFF or any
 * surrogate (a well-formed pair is kept, but only the slow path tells pairs from lone halves).
 */
// eslint-disable-next-line no-control-regex
const needsWork = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  // Most exported text (names, ids, amounts, dates) has nothing to escape: one scan, no copy.
  if (!needsWork.test(text)) return text;
  return text.replace(notXmlChar, "").replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/** `<name>text</name>` with the text escaped. */
export const element = (name: string, text: string): string => `<${name}>${escapeXml(text)}</${name}>`;
