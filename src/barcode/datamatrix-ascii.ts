/**
 * DataMatrix ASCII encodation (ISO/IEC 16022 §5.2.3) as BWIPP `raw` input (`^NNN` per codeword):
 * a character 0–127 is its code + 1, a pair of digits is 130 + their value. Handing BWIPP the
 * codewords skips its search for the shortest mix of encodation modes, which was most of the
 * DataMatrix render time; for base64url text that search gains nothing anyway (C40/Text pay off
 * only on long runs of one case). Returns undefined for text outside ASCII (BWIPP encodes it).
 */
export function datamatrixAsciiCodewords(text: string): string | undefined {
  const codewords: string[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 127) return undefined;
    const next = text.charCodeAt(index + 1);
    const isDigit = (value: number) => value >= 48 && value <= 57;
    let codeword = code + 1;
    if (isDigit(code) && isDigit(next)) {
      codeword = 130 + (code - 48) * 10 + (next - 48);
      index++;
    }
    codewords.push(`^${String(codeword).padStart(3, "0")}`);
  }
  return codewords.join("");
}
