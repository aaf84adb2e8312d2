/** Integer cents as the 2-decimal string every BVAC format uses (`-1.50`, `17.31`). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** `12.34` → 1234; the 2-decimal strings of the HTTP API (DESIGN: amounts are decimal strings). */
export function parseAmountCents(amount: string): number {
  const match = /^(-?)(\d{1,12})\.(\d{2})$/.exec(amount);
  if (!match) throw new RangeError(`not a 2-decimal amount: ${amount}`);
  const cents = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === "-" ? -cents : cents;
}
