// A1 notation, as Sheets reads it: "B2", "A1:C3", "A:B" (whole columns), "2:4" (whole rows), each
// optionally prefixed by a sheet name ("Sheet1!A1", "'My data'!A1:B2").

export interface GridRect {
  row: number; // 1-based
  column: number; // 1-based
  numRows: number;
  numColumns: number;
}

export interface ParsedA1 {
  sheetName: string | undefined;
  /** Bounds the whole-row / whole-column forms need. */
  resolve(maxRows: number, maxColumns: number): GridRect;
}

export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Notation(rect: GridRect): string {
  const start = `${columnLetters(rect.column)}${rect.row}`;
  if (rect.numRows === 1 && rect.numColumns === 1) return start;
  return `${start}:${columnLetters(rect.column + rect.numColumns - 1)}${rect.row + rect.numRows - 1}`;
}

interface Ref {
  column?: number;
  row?: number;
}

function parseRef(text: string): Ref | undefined {
  const match = /^\$?([A-Za-z]*)\$?(\d*)$/.exec(text);
  if (!match || (!match[1] && !match[2])) return undefined;
  return {
    column: match[1] ? columnNumber(match[1]) : undefined,
    row: match[2] ? Number(match[2]) : undefined,
  };
}

/** Parses A1 notation; returns undefined when it is not valid (the caller words the error). */
export function parseA1(notation: string): ParsedA1 | undefined {
  let sheetName: string | undefined;
  let rest = notation.trim();
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = rest
      .slice(0, bang)
      .replace(/^'(.*)'$/, '$1')
      .replace(/''/g, "'");
    rest = rest.slice(bang + 1);
  }
  const [startText, endText, extra] = rest.split(':');
  if (extra !== undefined || !startText) return undefined;
  const start = parseRef(startText);
  const end = endText === undefined ? start : parseRef(endText);
  if (!start || !end) return undefined;
  const single = endText === undefined;
  if (single && (start.row === undefined || start.column === undefined)) return undefined;
  if ((start.row === undefined) !== (end.row === undefined)) return undefined;
  if ((start.column === undefined) !== (end.column === undefined)) return undefined;
  if (start.row === 0 || end.row === 0) return undefined;
  return {
    sheetName,
    resolve(maxRows: number, maxColumns: number): GridRect {
      const r1 = start.row ?? 1;
      const r2 = end.row ?? maxRows;
      const c1 = start.column ?? 1;
      const c2 = end.column ?? maxColumns;
      return {
        row: Math.min(r1, r2),
        column: Math.min(c1, c2),
        numRows: Math.abs(r2 - r1) + 1,
        numColumns: Math.abs(c2 - c1) + 1,
      };
    },
  };
}
