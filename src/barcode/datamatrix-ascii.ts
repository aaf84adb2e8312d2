/**
 * DataMatrix ASCII encodation (ISO/IEC 16022 §5.2.3): a character 0–127 is its code + 1, a pair of
 * digits is 130 + their value. For base64url text (our tokens) the other encodation modes
 * (C40/Text/X12/EDIFACT/Base256) give no smaller symbol, and searching for the shortest mix of them
 * was most of BWIPP's DataMatrix time. Returns undefined for text outside ASCII (BWIPP encodes it).
 */
export function datamatrixAsciiCodewords(text: string): number[] | undefined {
  const codewords: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 127) return undefined;
    const next = text.charCodeAt(index + 1);
    const isDigit = (value: number) => value >= 48 && value <= 57;
    if (isDigit(code) && isDigit(next)) {
      codewords.push(130 + (code - 48) * 10 + (next - 48));
      index++;
    } else {
      codewords.push(code + 1);
    }
  }
  return codewords;
}
