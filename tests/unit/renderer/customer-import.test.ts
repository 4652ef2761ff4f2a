import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../../../services/contracts';
import { guessMapping, toImportMapping } from '../../../renderer/features/customers/import/mapping';
import { neutraliseCell, rejectedRowsCsv } from '../../../renderer/features/customers/import/rejectedCsv';
import { checkFileBeforeUpload } from '../../../renderer/features/customers/import/upload';

const tier: AttributeDef = { key: 'tier', label: 'Customer tier', type: 'choice', choices: ['gold'], category: null };

describe('import screen: mapping guessed from headers', () => {
  it('recognises name, email, phone, ids, tags, notes and the admin attributes; leaves the rest skipped', () => {
    const columns = [
      'Full Name',
      'E-mail',
      'Mobile',
      'Home phone',
      'CRM ID',
      'id',
      'Labels',
      'Comments',
      'Customer tier',
      'Favourite colour',
      'Name',
    ];
    expect(guessMapping(columns, [tier])).toEqual([
      { target: 'displayName', system: '' },
      { target: 'email', system: '' },
      { target: 'phone', system: '' },
      { target: 'phone', system: '' },
      { target: 'external', system: 'crm' },
      { target: 'external', system: 'legacy' },
      { target: 'tags', system: '' },
      { target: 'note', system: '' },
      { target: 'attribute:tier', system: '' },
      { target: 'ignore', system: '' },
      // A second name column is not guessed: one customer has one name.
      { target: 'ignore', system: '' },
    ]);
  });

  it('builds the hub mapping, and says what stops it', () => {
    expect(
      toImportMapping(
        ['Name', 'CRM ID', 'x'],
        [
          { target: 'displayName', system: '' },
          { target: 'external', system: 'crm' },
          { target: 'ignore', system: '' },
        ],
      ),
    ).toEqual({ ok: true, mapping: { Name: 'displayName', 'CRM ID': 'external:crm' } });
    expect(toImportMapping(['Name'], [{ target: 'displayName', system: '' }])).toMatchObject({ ok: false, problem: /at least one column/ });
    expect(toImportMapping(['CRM ID'], [{ target: 'external', system: 'my crm!' }])).toMatchObject({
      ok: false,
      problem: /Name the system/,
    });
  });
});

describe('import screen: rejected rows download', () => {
  it('neutralises formula cells with a leading apostrophe and quotes per RFC 4180', () => {
    for (const cell of ['=cmd|" /C calc"!A0', '+1 555', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(neutraliseCell('Ann')).toBe('Ann');
    const csv = rejectedRowsCsv({
      columns: ['Name', 'Email'],
      rejectedRows: [
        { row: 2, reason: 'no phone, email or external id', values: ['=HYPERLINK("http://x","y")', ''] },
        { row: 7, reason: 'expected 2 columns, found 1', values: ['Line\nbreak'] },
      ],
    });
    expect(csv).toBe(
      '\uFEFFRow,Reason,Name,Email\r\n2,"no phone, email or external id","\'=HYPERLINK(""http://x"",""y"")",\r\n7,"expected 2 columns, found 1","Line\nbreak"\r\n',
    );
  });
});

describe('import screen: checks before upload', () => {
  it('names workbooks, non-CSV files, empty and too-large files', () => {
    expect(checkFileBeforeUpload({ name: 'crm.xlsx', size: 10 }, 100)).toMatch(/workbook. Save it as “CSV UTF-8”/);
    expect(checkFileBeforeUpload({ name: 'photo.png', size: 10 }, 100)).toMatch(/not a CSV file/);
    expect(checkFileBeforeUpload({ name: 'a.csv', size: 0 }, 100)).toMatch(/empty/);
    expect(checkFileBeforeUpload({ name: 'a.csv', size: 3 * 1024 * 1024 }, 2 * 1024 * 1024)).toBe(
      '“a.csv” is 3 MB; the largest file you can import is 2 MB.',
    );
    expect(checkFileBeforeUpload({ name: 'A.CSV', size: 10 }, 100)).toBeNull();
  });
});
