import type { TFunction } from 'i18next';
import type { AttributeDef, ImportUpload } from '../../../../services/contracts';
import { useT } from '../../../i18n';
import { BASIC_TARGETS, type ColumnChoice } from './mapping';

type Props = Readonly<{
  upload: ImportUpload;
  defs: readonly AttributeDef[];
  choices: readonly ColumnChoice[];
  onChange: (index: number, choice: ColumnChoice) => void;
}>;

const SKIP: ColumnChoice = { target: 'ignore', system: '' };

const labelOf = (choice: ColumnChoice | undefined, defs: readonly AttributeDef[], t: TFunction): string => {
  if (!choice || choice.target === 'ignore') return t('mapping.skipped');
  if (choice.target === 'external') return t('mapping.externalOf', { system: choice.system || '?' });
  if (choice.target.startsWith('attribute:')) {
    const key = choice.target.slice('attribute:'.length);
    return defs.find((d) => d.key === key)?.label ?? key;
  }
  const key = BASIC_TARGETS.find(([v]) => v === choice.target)?.[1];
  return key ? t(key) : choice.target;
};

/** Step 2: where each column goes, guessed from the header and editable, with the first rows as they would be read. */
export function ColumnMapping({ upload, defs, choices, onChange }: Props) {
  const { t } = useT('customers/import');
  const width = upload.columns.length;
  return (
    <>
      <table className="imp-table imp-mapping" aria-label={t('mapping.label')}>
        <thead>
          <tr>
            <th scope="col">{t('mapping.column')}</th>
            <th scope="col">{t('mapping.goesTo')}</th>
            <th scope="col">{t('mapping.example')}</th>
          </tr>
        </thead>
        <tbody>
          {upload.columns.map((column, i) => {
            const choice = choices[i] ?? SKIP;
            const name = column === '' ? t('mapping.unnamed', { n: i + 1 }) : column;
            return (
              <tr key={`${i}-${column}`}>
                <th scope="row" className="imp-colname">
                  {name}
                </th>
                <td>
                  <div className="imp-target">
                    <select
                      aria-label={t('mapping.goesToOf', { name })}
                      value={choice.target}
                      disabled={column === ''}
                      onChange={(event) => onChange(i, { target: event.target.value, system: choice.system || 'legacy' })}
                    >
                      {BASIC_TARGETS.map(([value, label]) => (
                        <option key={value} value={value}>
                          {t(label)}
                        </option>
                      ))}
                      {defs.length > 0 && (
                        <optgroup label={t('mapping.customerFields')}>
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
                        aria-label={t('mapping.systemOf', { name })}
                        placeholder={t('mapping.systemPlaceholder')}
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
        {t('mapping.previewTitle', { count: upload.preview.length })}
      </h4>
      {upload.preview.length === 0 ? (
        <p className="muted">{t('mapping.noRows')}</p>
      ) : (
        <div className="imp-scroll">
          <table className="imp-table imp-preview" aria-labelledby="imp-preview-title">
            <thead>
              <tr>
                <th scope="col">{t('mapping.row')}</th>
                {upload.columns.map((column, i) => (
                  <th scope="col" key={`${i}-${column}`} className={choices[i]?.target === 'ignore' ? 'skipped' : undefined}>
                    <span className="imp-head-target">{labelOf(choices[i], defs, t)}</span>
                    <span className="imp-head-file">{column || t('mapping.columnN', { n: i + 1 })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {upload.preview.map((row, r) => (
                <tr key={r} className={row.length !== width ? 'mismatch' : undefined}>
                  <td className="imp-rowno">
                    <span className="mono">{r + 1}</span>
                    {row.length !== width && <span className="imp-flag">{t('mapping.mismatch', { found: row.length, count: width })}</span>}
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
