/**
 * A progress bar on stderr (stdout stays clean for `--json`). On a terminal it redraws one line;
 * otherwise (a log file, CI) it prints a line at every 10 % so the log stays short.
 */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let lastDecile = -1;
  return {
    update(done: number): void {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      if (stream.isTTY) {
        const filled = Math.round(ratio * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total}`);
        return;
      }
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label} ${decile * 10}% ${done}/${total}\n`);
      }
    },
    done(): void {
      if (stream.isTTY) stream.write("\n");
    },
  };
}
