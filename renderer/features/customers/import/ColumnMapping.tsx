import type { AttributeDef, ImportUpload } from '../../../../services/contracts';
import { BASIC_TARGETS, type ColumnChoice } from './mapping';

type Props = Readonly<{
  upload: ImportUpload;
  defs: readonly AttributeDef[];
  choices: readonly ColumnChoice[];
  onChange: (index: number, choice: ColumnChoice) => void;
}>;

const labelOf = (choice: ColumnChoice | undefined, defs: readonly AttributeDef[]): string => {
  if (!choice || choice.target === 'ignore') return 'Skipped';
  if (choice.target === 'external') return `External ID (${choice.system || '?'})`;
  if (choice.target.startsWith('attribute:')) {
    const key = choice.target.slice('attribute:'.length);
    return defs.find((d) => d.key === key)?.label ?? key;
  }
  return BASIC_TARGETS.find(([v]) => v === choice.target)?.[1] ?? choice.target;
};

/** Step 2: where each column goes, guessed from the header and editable, with the first rows as they would be read. */
export function ColumnMapping({ upload, defs, choices, onChange }: Props) {
  const width = upload.columns.length;
  return (
    <>
      <table className="imp-table imp-mapping" aria-label="Column mapping">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Goes to</th>
            <th scope="col">Example</th>
          </tr>
        </thead>
        <tbody>
          {upload.columns.map((column, i) => {
            const choice = choices[i] ?? { target: 'ignore', system: '' };
            const name = column === '' ? `Column ${i + 1} (no name)` : column;
            return (
              <tr key={`${i}-${column}`}>
                <th scope="row" className="imp-colname">
                  {name}
                </th>
                <td>
                  <div className="imp-target">
                    <select
                      aria-label={`${name} goes to`}
                      value={choice.target}
                      disabled={column === ''}
                      onChange={(event) => onChange(i, { target: event.target.value, system: choice.system || 'legacy' })}
                    >
                      {BASIC_TARGETS.map(([value, label]) => (
                        <option key={value} value={value}>
                          {label}
                        </option>
                      ))}
                      {defs.length > 0 && (
                        <optgroup label="Customer fields">
                          {defs.map((d) => (
                            <option key={d.key} value={`attribute:${d.key}`}>
                              {d.label}
                            </option>
                          ))}
                        </optgroup>
                      )}
                    </select>
                    {choice.target === 'external' && (
                      <input
                        aria-label={`System the IDs in ${name} come from`}
                        placeholder="system, e.g. crm"
                        value={choice.system}
                        maxLength={40}
                        onChange={(event) => onChange(i, { target: 'external', system: event.target.value.trim() })}
                      />
                    )}
                  </div>
                </td>
                <td className="imp-sample">{upload.preview.map((row) => row[i]?.trim() ?? '').find((v) => v !== '') ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h4 className="imp-subtitle" id="imp-preview-title">
        First {upload.preview.length} {upload.preview.length === 1 ? 'row' : 'rows'} as they will be read
      </h4>
      {upload.preview.length === 0 ? (
        <p className="muted">The file has a header but no rows.</p>
      ) : (
        <div className="imp-scroll">
          <table className="imp-table imp-preview" aria-labelledby="imp-preview-title">
            <thead>
              <tr>
                <th scope="col">Row</th>
                {upload.columns.map((column, i) => (
                  <th scope="col" key={`${i}-${column}`} className={choices[i]?.target === 'ignore' ? 'skipped' : undefined}>
                    <span className="imp-head-target">{labelOf(choices[i], defs)}</span>
                    <span className="imp-head-file">{column || `Column ${i + 1}`}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {upload.preview.map((row, r) => (
                <tr key={r} className={row.length !== width ? 'mismatch' : undefined}>
                  <td className="imp-rowno">
                    <span className="mono">{r + 1}</span>
                    {row.length !== width && (
                      <span className="imp-flag">
                        {row.length} of {width} columns: will be rejected
                      </span>
                    )}
                  </td>
                  {upload.columns.map((_, i) => (
                    <td key={i} className={choices[i]?.target === 'ignore' ? 'skipped' : undefined}>
                      {row[i] ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
