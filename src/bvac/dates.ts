/**
 * Dates as the SMC schema sends them: `xsd:date`, which may carry a time-zone suffix
 * (`1978-10-20+02:00`, `2013-10-30Z`). The calendar day is what matters for a sale, so the suffix
 * is dropped, not converted. `0001-01-01` is the schema's default and means "none".
 */
const datePattern = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** For the OpenAPI document; the day itself is checked by `parseIsoDate`. */
export const datePatternSource = datePattern.source;

export const noDatePlaceholder = "0001-01-01";

/** `YYYY-MM-DD` of a real calendar day, or null when the text is not one. */
export function parseIsoDate(text: string): string | null {
  const match = datePattern.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Date.UTC rolls 2013-02-30 over to March: a round trip catches impossible days.
  if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() + 1 !== Number(month) || date.getUTCDate() !== Number(day)) {
    return null;
  }
  return `${year}-${month}-${day}`;
}

/** The day after `isoDate`, `YYYY-MM-DD`. */
export function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
