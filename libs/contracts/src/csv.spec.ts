import { danishDate, toCsv } from './csv';

describe('toCsv (the one CSV writer)', () => {
  const columns = [
    { header: 'navn', value: (r: Record<string, unknown>) => r.name as string },
    { header: 'frist', value: (r: Record<string, unknown>) => r.due as string },
    { header: 'antal', value: (r: Record<string, unknown>) => r.n as number },
  ];

  it('writes a BOM, ; separators, CRLF lines and Danish dates, so Excel opens it as a table', () => {
    const csv = toCsv(columns, [{ name: 'Kontakt borgeren', due: '2026-12-07', n: 1.5 }]);
    expect(csv).toBe('\uFEFFnavn;frist;antal\r\nKontakt borgeren;07-12-2026;1,5\r\n');
  });

  it('quotes separators, quotes and line breaks, and leaves empty cells for null', () => {
    const csv = toCsv(columns, [{ name: 'a;b "c"\nd', due: null, n: undefined }]);
    expect(csv.split('\r\n')[1]).toBe('"a;b ""c""\nd";;');
  });

  it('keeps a formula-like cell as text (CSV injection) but leaves negative numbers alone', () => {
    const csv = toCsv(columns, [{ name: '=HYPERLINK("x")', due: '@sum', n: -3 }]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")";'@sum;-3`);
  });

  it('writes instants as given and booleans in Danish', () => {
    expect(
      toCsv(
        [{ header: 'x', value: (r: { v: unknown }) => r.v as string | boolean }],
        [{ v: true }, { v: '2026-12-07T10:00:00.000Z' }],
      ),
    ).toBe('\uFEFFx\r\nja\r\n2026-12-07T10:00:00.000Z\r\n');
    expect(danishDate('2026-02-01')).toBe('01-02-2026');
    expect(danishDate('uge 3')).toBe('uge 3');
  });
});

describe('toCsv for a file frist reads back', () => {
  it('keeps ISO dates and decimal points with { danish: false }', () => {
    const csv = toCsv(
      [
        { header: 'date', value: (r: { d: string; n: number }) => r.d },
        { header: 'n', value: (r: { d: string; n: number }) => r.n },
      ],
      [{ d: '2026-12-07', n: 12.5 }],
      { danish: false },
    );
    expect(csv).toBe('\uFEFFdate;n\r\n2026-12-07;12.5\r\n');
  });
});
