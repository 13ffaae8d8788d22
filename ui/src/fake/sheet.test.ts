import { describe, expect, it } from 'vitest';
import { csvLine, fieldOfHeader, guardFormula, guessMapping, mappingProblems, readSheet, scientific, utf8 } from './sheet';

// The fake's reading of a file, held to the cases `infora-exchange`'s own tests pin (text.rs,
// mapping.rs, row.rs, formula.rs); the recorded `import_export` fixture holds the rest to the shell.

const read = (bytes: Uint8Array | string) => readSheet(typeof bytes === 'string' ? utf8(bytes) : bytes, { delimiter: null });

describe('reading a CSV file as the shell does', () => {
  it('detects each separator', () => {
    for (const [text, expected] of [
      ['Name,Email\nA,a@x.co\n', 'comma'],
      ['Name;Email\nA;a@x.co\n', 'semicolon'],
      ['Name\tEmail\nA\ta@x.co\n', 'tab'],
    ] as const) {
      const sheet = read(text);
      expect(sheet.detected.delimiter).toBe(expected);
      expect(sheet.headers).toEqual(['Name', 'Email']);
      expect(sheet.rows[0]!.cells).toEqual(['A', 'a@x.co']);
    }
  });

  it('honours quotes, so a quoted comma does not make semicolons lose', () => {
    const sheet = read('Name;Address\n"Otieno, Achieng";"Kisumu, Milimani"\nB;C\n');
    expect(sheet.detected.delimiter).toBe('semicolon');
    expect(sheet.rows[0]!.cells).toEqual(['Otieno, Achieng', 'Kisumu, Milimani']);
  });

  it('takes a separator given over the one detected', () => {
    expect(readSheet(utf8('a,b;c\n1,2;3\n'), { delimiter: 'semicolon' }).headers).toEqual(['a,b', 'c']);
  });

  it('removes a BOM, and reads Windows-1252 when the bytes are not UTF-8', () => {
    const bom = read(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Name,Email\nZoë,z@x.co\n')]));
    expect(bom.headers[0]).toBe('Name');
    expect(bom.detected.encoding).toBe('utf8');
    const excel = read(new Uint8Array([...utf8('Name,Email\nRen'), 0xe9, ...utf8(' Mwangi,r@x.co\n')]));
    expect(excel.detected.encoding).toBe('windows1252');
    expect(excel.rows[0]!.cells[0]).toBe('René Mwangi');
  });

  it('counts lines from the header, across quoted line breaks, and drops blank rows', () => {
    const sheet = read('Name,Address\nA,"line one\nline two"\n\nB,x\n,\n');
    expect(sheet.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(sheet.rows[0]!.cells[1]).toBe('line one\nline two');
  });

  it('reads a text formula as its text, and refuses an empty file', () => {
    expect(read('Phone\n"=""0712345678"""\n').rows[0]!.cells).toEqual(['0712345678']);
    expect(() => read('')).toThrow('is empty: it has no header row');
  });

  it('writes text that would start a formula with an apostrophe, and reads exactly that one back', () => {
    const cases = [['=SUM(A1)', "'=SUM(A1)"], ['@cmd', "'@cmd"], ['-2+3', "'-2+3"], ['+254', "'+254"], ['\tx', "'\tx"], ['\rx', "'\rx"], ["'=x", "''=x"]];
    for (const [text, cell] of cases) expect(guardFormula(text!)).toBe(cell);
    for (const text of ['Achieng', "'hello", "'0712345678", ' =x', 'a=b', '']) expect(guardFormula(text)).toBe(text);
    const written = ['=SUM(A1)', "'=x", "'hello", "'0712345678", '="x"'].map((t) => csvLine([guardFormula(t)])).join('');
    expect(read('Name\n' + written).rows.map((r) => r.cells[0])).toEqual(['=SUM(A1)', "'=x", "'hello", "'0712345678", '="x"']);
  });
});

describe('matching headers to fields', () => {
  it('knows the usual headers in any case, spacing or punctuation, units ignored', () => {
    expect(fieldOfHeader('Full name')).toBe('name');
    expect(fieldOfHeader('E-mail')).toBe('email');
    expect(fieldOfHeader('Phone No.')).toBe('phone');
    expect(fieldOfHeader('Balance (KES)')).toBe('balance');
    expect(fieldOfHeader('Usage %')).toBe('usage_percentage');
    expect(fieldOfHeader('Simu')).toBeNull();
  });

  it('gives each field once and names what is missing or doubled', () => {
    const mapping = guessMapping(['Name', 'Notes', 'Mobile', 'Tel', 'Email']);
    expect(mapping.columns).toEqual(['name', null, 'phone', null, 'email']);
    expect(mappingProblems({ columns: ['name', 'name', 'email'] })).toEqual([
      { kind: 'missing', field: 'phone' },
      { kind: 'twice', field: 'name', columns: [0, 1] },
    ]);
  });

  it('tells scientific notation from a phone', () => {
    for (const yes of ['2.54712E+11', '7.12e8', '1E5', '-1.5E-3']) expect(scientific(yes)).toBe(true);
    for (const no of ['0712345678', '+254712345678', 'E12', '2.5E', '0712 E 1']) expect(scientific(no)).toBe(false);
  });

  it('writes CSV as the csv crate does: quoted only where needed', () => {
    expect(csvLine(['a', 'b, c', 'say "hi"', 'two\nlines'])).toBe('a,"b, c","say ""hi""","two\nlines"\n');
  });
});
