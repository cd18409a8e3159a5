import {
  type AnswerLedger,
  decodeLedger,
  encodeLedger,
  inputFingerprint,
  outputFingerprint,
} from '../../../../src/features/job/fingerprint';
import { MAX_RUN_ROWS } from '../../../../src/features/job/ledger-store';
import { isUpToDate, PENDING, pruneLedger, viewRows } from '../../../../src/features/job/row-state';
import { runsOf } from '../../../../src/features/job/sheet-adapter';

describe('row fingerprints', () => {
  it('tell apart what the API or the sheet would tell apart', () => {
    const distinct = [
      [7, 'pro'],
      ['7', 'pro'],
      [7, 'Pro'],
      [7, ''],
      [7, true],
      [7, 'TRUE'],
      ['7|pro', ''],
      [new Date(Date.UTC(2026, 0, 2)), 'pro'],
      [new Date(Date.UTC(2026, 0, 3)), 'pro'],
    ].map((row) => inputFingerprint(row));
    expect(new Set(distinct).size).toBe(distinct.length);
    expect(inputFingerprint([new Date(5), 'x'])).toBe(inputFingerprint([new Date(5), 'x']));
    expect(inputFingerprint([1, 2], 'id-1')).not.toBe(inputFingerprint([1, 2], 'id-2'));
    expect(inputFingerprint([1, 2], 'id-1')).not.toBe(inputFingerprint([1, 2]));
  });

  it('an empty cell is empty whether read as "" or null', () => {
    expect(outputFingerprint([''])).toBe(outputFingerprint([null]));
    expect(outputFingerprint([0.5])).not.toBe(outputFingerprint(['0.5']));
  });

  it('do not collide over 20,000 different rows', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(inputFingerprint([i % 90, i, 'plan', i % 7 === 0]));
    expect(seen.size).toBe(20_000);
  });
});

describe('the answer ledger', () => {
  it('round-trips through chunks that fit a Document Property, 14 characters a row', () => {
    const ledger: AnswerLedger = new Map();
    for (let i = 0; i < 5_000; i++)
      ledger.set(inputFingerprint([i]), i % 3 ? outputFingerprint([i / 7]) : PENDING);
    const chunks = encodeLedger(ledger, 8_000);
    expect(chunks.every((chunk) => chunk.length <= 8_000)).toBe(true);
    expect(chunks.join('').length).toBe(70_000);
    expect(decodeLedger(chunks)).toEqual(ledger);
  });

  it('at the largest run allowed, fits the document store (500 KB) with room for settings', () => {
    const ledger: AnswerLedger = new Map();
    for (let i = 0; i < MAX_RUN_ROWS; i++) ledger.set(inputFingerprint([i]), outputFingerprint([i]));
    const chunks = encodeLedger(ledger, 8_000);
    const bytes = chunks.reduce((n, chunk, i) => n + chunk.length + `SHEETBRIDGE_JOB_LEDGER_${i}`.length, 0);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  it('a damaged chunk loses only its last, partial entry: that row is then predicted again', () => {
    const ledger: AnswerLedger = new Map([
      [inputFingerprint([1]), outputFingerprint([1])],
      [inputFingerprint([2]), outputFingerprint([2])],
    ]);
    const [chunk] = encodeLedger(ledger, 8_000);
    const decoded = decodeLedger([(chunk as string).slice(0, -3)]);
    expect([...decoded.keys()]).toEqual([inputFingerprint([1])]);
  });

  it('is pruned to the inputs still in the range', () => {
    const ledger: AnswerLedger = new Map([
      [inputFingerprint([1]), PENDING],
      [inputFingerprint([2]), PENDING],
    ]);
    pruneLedger(viewRows({ header: null, inputs: [[2]], outputs: [['']], ids: null }), ledger);
    expect([...ledger.keys()]).toEqual([inputFingerprint([2])]);
  });

  it('a row is up to date only when its output is the answer recorded for its current inputs', () => {
    const ledger: AnswerLedger = new Map([[inputFingerprint([1]), outputFingerprint([10])]]);
    const [right, stale, pending] = viewRows({
      header: null,
      inputs: [[1], [1], [2]],
      outputs: [[10], [11], ['']],
      ids: null,
    });
    expect([right, stale, pending].map((row) => row && isUpToDate(row, ledger))).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('writing runs of rows', () => {
  it('groups consecutive rows, so that rows between them are never written', () => {
    expect(runsOf([7, 1, 2, 3, 5])).toEqual([
      { start: 1, length: 3 },
      { start: 5, length: 1 },
      { start: 7, length: 1 },
    ]);
    expect(runsOf([])).toEqual([]);
  });
});
