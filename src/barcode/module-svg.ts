import type { ModuleMatrix } from "./module-matrix.js";

/**
 * A 2D symbol as SVG: a white background and one path with a rectangle per horizontal run of dark
 * modules (a few hundred runs for a 65×65 QR, instead of one shape per module). `modulePx` is the
 * side of a module in pixels, `quietModules` the light margin on every side.
 */
export function moduleSvg(matrix: ModuleMatrix, modulePx: number, quietModules: number): string {
  const width = (matrix.width + 2 * quietModules) * modulePx;
  const height = (matrix.height + 2 * quietModules) * modulePx;
  const runs: string[] = [];
  for (let row = 0; row < matrix.height; row++) {
    const y = (row + quietModules) * modulePx;
    let column = 0;
    while (column < matrix.width) {
      if (!matrix.dark[row * matrix.width + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < matrix.width && matrix.dark[row * matrix.width + column]) column++;
      const x = (start + quietModules) * modulePx;
      runs.push(`M${x} ${y}h${(column - start) * modulePx}v${modulePx}h-${(column - start) * modulePx}z`);
    }
  }
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<rect width="100%" height="100%" fill="#FFFFFF" />` +
    `<path fill="#000000" shape-rendering="crispEdges" d="${runs.join("")}" /></svg>`
  );
}
