import type { ModuleMatrix } from "./module-matrix.js";

/**
 * DataMatrix ECC 200 (ISO/IEC 16022) from data codewords to modules: symbol size, padding,
 * Reed–Solomon error correction with block interleaving, the Annex F placement and the finder and
 * timing patterns. Square symbols only, as BWIPP draws by default, up to 132×132 (1 304 codewords,
 * over four times a token): the 144×144 symbol interleaves blocks of unequal length and is left to
 * BWIPP (`fitsEcc200`). BWIPP runs the same steps as
 * transpiled PostScript on an operand stack (~7 ms for a token); in plain JS they take a fraction
 * of a millisecond. The tests compare every module with bwip-js's symbol for the same codewords.
 */

interface SymbolSize {
  /** Modules per side, finder and timing patterns included. */
  size: number;
  dataCodewords: number;
  eccCodewords: number;
  /** Data regions per side. */
  regions: number;
  /** Interleaved Reed–Solomon blocks. */
  blocks: number;
}

// ISO/IEC 16022 table 7, square symbols.
const squareSizes: readonly SymbolSize[] = [
  [10, 3, 5, 1, 1], [12, 5, 7, 1, 1], [14, 8, 10, 1, 1], [16, 12, 12, 1, 1], [18, 18, 14, 1, 1], [20, 22, 18, 1, 1],
  [22, 30, 20, 1, 1], [24, 36, 24, 1, 1], [26, 44, 28, 1, 1], [32, 62, 36, 2, 1], [36, 86, 42, 2, 1], [40, 114, 48, 2, 1],
  [44, 144, 56, 2, 1], [48, 174, 68, 2, 1], [52, 204, 84, 2, 2], [64, 280, 112, 4, 2], [72, 368, 144, 4, 4],
  [80, 456, 192, 4, 4], [88, 576, 224, 4, 4], [96, 696, 272, 4, 4], [104, 816, 336, 4, 6], [120, 1050, 408, 6, 6],
  [132, 1304, 496, 6, 8],
].map(([size, dataCodewords, eccCodewords, regions, blocks]) => ({ size: size!, dataCodewords: dataCodewords!, eccCodewords: eccCodewords!, regions: regions!, blocks: blocks! }));

/** Whether `datamatrixSymbol` takes this many data codewords. */
export const fitsEcc200 = (count: number): boolean => count <= squareSizes[squareSizes.length - 1]!.dataCodewords;

// GF(256) with the DataMatrix field polynomial x^8 + x^5 + x^3 + x^2 + 1 (0x12D).
const exp = new Uint8Array(512);
const log = new Uint8Array(256);
for (let i = 0, value = 1; i < 255; i++) {
  exp[i] = value;
  log[value] = i;
  value <<= 1;
  if (value & 0x100) value ^= 0x12d;
}
for (let i = 255; i < 512; i++) exp[i] = exp[i - 255]!;

const generators = new Map<number, Uint8Array>();

/** Coefficients of (x − α)(x − α²)…(x − αⁿ), highest power first without the leading 1. */
function generator(degree: number): Uint8Array {
  let poly = generators.get(degree);
  if (poly) return poly;
  poly = new Uint8Array(degree + 1);
  poly[0] = 1;
  for (let root = 1; root <= degree; root++) {
    // Multiply by (x + α^root); in GF(2^8) subtraction is addition.
    for (let i = root; i > 0; i--) poly[i] = poly[i]! ^ (poly[i - 1] ? exp[log[poly[i - 1]!]! + root]! : 0);
  }
  generators.set(degree, poly);
  return poly;
}

/** Reed–Solomon remainder of `data` for `degree` check codewords. */
function reedSolomon(data: readonly number[], degree: number): Uint8Array {
  const poly = generator(degree);
  const remainder = new Uint8Array(degree);
  for (const codeword of data) {
    const factor = codeword ^ remainder[0]!;
    remainder.copyWithin(0, 1);
    remainder[degree - 1] = 0;
    if (factor === 0) continue;
    const logFactor = log[factor]!;
    for (let i = 0; i < degree; i++) if (poly[i + 1]) remainder[i] = remainder[i]! ^ exp[log[poly[i + 1]!]! + logFactor]!;
  }
  return remainder;
}

/** Data, padded (§5.2.3: 129, then the 253-state randomised pad), then the interleaved check codewords. */
function allCodewords(data: readonly number[], symbol: SymbolSize): number[] {
  const codewords = [...data];
  for (let position = codewords.length + 1; codewords.length < symbol.dataCodewords; position++) {
    if (codewords.length === data.length) codewords.push(129);
    else {
      const pad = 129 + ((149 * position) % 253) + 1;
      codewords.push(pad > 254 ? pad - 254 : pad);
    }
  }
  const { blocks } = symbol;
  const eccPerBlock = symbol.eccCodewords / blocks;
  const out = codewords.concat(new Array<number>(symbol.eccCodewords).fill(0));
  for (let block = 0; block < blocks; block++) {
    const blockData: number[] = [];
    for (let i = block; i < codewords.length; i += blocks) blockData.push(codewords[i]!);
    const ecc = reedSolomon(blockData, eccPerBlock);
    for (let i = 0; i < eccPerBlock; i++) out[symbol.dataCodewords + block + i * blocks] = ecc[i]!;
  }
  return out;
}

/**
 * ISO/IEC 16022 Annex F: where each bit of each codeword goes in the mapping matrix (the data
 * regions put together without their patterns). A cell holds 10 × codeword number + bit (1 = most
 * significant), or 1 for the fixed dark modules of an unfilled corner; 0 stays light.
 */
function placement(nrow: number, ncol: number): Int32Array {
  const cells = new Int32Array(nrow * ncol);
  const module = (row: number, col: number, pos: number, bit: number) => {
    if (row < 0) {
      row += nrow;
      col += 4 - ((nrow + 4) % 8);
    }
    if (col < 0) {
      col += ncol;
      row += 4 - ((ncol + 4) % 8);
    }
    cells[row * ncol + col] = 10 * pos + bit;
  };
  const utah = (row: number, col: number, pos: number) => {
    module(row - 2, col - 2, pos, 1);
    module(row - 2, col - 1, pos, 2);
    module(row - 1, col - 2, pos, 3);
    module(row - 1, col - 1, pos, 4);
    module(row - 1, col, pos, 5);
    module(row, col - 2, pos, 6);
    module(row, col - 1, pos, 7);
    module(row, col, pos, 8);
  };
  const corner = (pos: number, spots: ReadonlyArray<readonly [number, number]>) => spots.forEach(([row, col], bit) => module(row, col, pos, bit + 1));
  let pos = 1;
  let row = 4;
  let col = 0;
  do {
    if (row === nrow && col === 0) corner(pos++, [[nrow - 1, 0], [nrow - 1, 1], [nrow - 1, 2], [0, ncol - 2], [0, ncol - 1], [1, ncol - 1], [2, ncol - 1], [3, ncol - 1]]);
    if (row === nrow - 2 && col === 0 && ncol % 4) corner(pos++, [[nrow - 3, 0], [nrow - 2, 0], [nrow - 1, 0], [0, ncol - 4], [0, ncol - 3], [0, ncol - 2], [0, ncol - 1], [1, ncol - 1]]);
    if (row === nrow - 2 && col === 0 && ncol % 8 === 4) corner(pos++, [[nrow - 3, 0], [nrow - 2, 0], [nrow - 1, 0], [0, ncol - 2], [0, ncol - 1], [1, ncol - 1], [2, ncol - 1], [3, ncol - 1]]);
    if (row === nrow + 4 && col === 2 && ncol % 8 === 0) corner(pos++, [[nrow - 1, 0], [nrow - 1, ncol - 1], [0, ncol - 3], [0, ncol - 2], [0, ncol - 1], [1, ncol - 3], [1, ncol - 2], [1, ncol - 1]]);
    // Up and to the right, then down and to the left, along diagonals.
    do {
      if (row < nrow && col >= 0 && !cells[row * ncol + col]) utah(row, col, pos++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < ncol);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < ncol && !cells[row * ncol + col]) utah(row, col, pos++);
      row += 2;
      col -= 2;
    } while (row < nrow && col >= 0);
    row += 3;
    col += 1;
  } while (row < nrow || col < ncol);
  if (!cells[nrow * ncol - 1]) cells[nrow * ncol - 1] = cells[nrow * ncol - ncol - 2] = 1;
  return cells;
}

const placements = new Map<number, Int32Array>();

/**
 * The smallest square ECC 200 symbol holding `data` (codewords, e.g. from
 * `datamatrixAsciiCodewords`), as modules without the quiet zone.
 */
export function datamatrixSymbol(data: readonly number[]): ModuleMatrix {
  const symbol = squareSizes.find((candidate) => candidate.dataCodewords >= data.length);
  if (!symbol) throw new RangeError("Too many codewords for the symbols written here (see fitsEcc200)");
  const codewords = allCodewords(data, symbol);
  const region = symbol.size / symbol.regions - 2;
  const side = region * symbol.regions;
  let cells = placements.get(symbol.size);
  if (!cells) placements.set(symbol.size, (cells = placement(side, side)));
  const { size } = symbol;
  const dark = new Array<boolean>(size * size).fill(false);
  for (let row = 0; row < size; row++) {
    const inRow = row % (region + 2);
    for (let col = 0; col < size; col++) {
      const inCol = col % (region + 2);
      let on: boolean;
      if (inCol === 0 || inRow === region + 1) on = true; // solid left and bottom edges of each region
      else if (inRow === 0) on = inCol % 2 === 0; // alternating top edge
      else if (inCol === region + 1) on = inRow % 2 === 1; // alternating right edge
      else {
        const cell = cells[(Math.floor(row / (region + 2)) * region + inRow - 1) * side + Math.floor(col / (region + 2)) * region + inCol - 1]!;
        on = cell === 1 || (cell > 1 && ((codewords[Math.floor(cell / 10) - 1]! >> (8 - (cell % 10))) & 1) === 1);
      }
      dark[row * size + col] = on;
    }
  }
  return { width: size, height: size, dark };
}
