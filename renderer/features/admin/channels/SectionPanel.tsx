import { useState, type ReactNode } from 'react';
import type { ConnectionTest, SectionView, SettingsSection } from '../../../../services/contracts';
import { fieldErrors, noErrors, type FieldErrors } from './fieldErrors';
import { useSaveChannelSettingsMutation, useTestChannelSettingsMutation } from './settingsApi';
import { useT } from '../../../i18n';
import { dateTime } from '../common/format';

type Props = Readonly<{
  section: SettingsSection;
  title: string;
  intro: ReactNode;
  view: SectionView;
  /** The section's JSON as typed (the stored section with the form's fields over it). */
  build: () => Record<string, unknown>;
  /** Every key path a field on screen shows (zod issues on other paths are listed above the form). */
  shown: readonly string[];
  /** Called after a save that was applied (the form re-reads the stored section). */
  onSaved?: () => void;
  children: (errors: FieldErrors) => ReactNode;
  /** Extra content under the results (web chat's snippet). */
  after?: (test: ConnectionTest | null) => ReactNode;
}>;

/** One channel's card: status, the form, "Test connection", "Save", and what the test found, in words. */
export function SectionPanel({ section, title, intro, view, build, shown, onSaved, children, after }: Props) {
  const [save, saving] = useSaveChannelSettingsMutation();
  const { t } = useT('admin/channels');
  const [test, testing] = useTestChannelSettingsMutation();
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [result, setResult] = useState<Readonly<{ test: ConnectionTest; saved: boolean | null }> | null>(null);
  const busy = saving.isLoading || testing.isLoading;

  const run = async (action: 'test' | 'save' | 'force'): Promise<void> => {
    setErrors(noErrors);
    try {
      if (action === 'test') {
        setResult({ test: await test({ section, value: build() }).unwrap(), saved: null });
        return;
      }
      const reply = await save({ section, value: build(), force: action === 'force' }).unwrap();
      setResult({ test: reply.test, saved: reply.applied });
      if (reply.applied) onSaved?.();
    } catch (error) {
      setErrors(fieldErrors(error, shown));
      setResult(null);
    }
  };

  return (
    <section className="ch-card" aria-labelledby={`ch-${section}-title`}>
      <header className="ch-card-head">
        <div>
          <h2 id={`ch-${section}-title`}>{title}</h2>
          <p className="ch-intro">{intro}</p>
        </div>
        <Status view={view} />
      </header>
      <form
        className="ch-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run('save');
        }}
      >
        {errors.other.length > 0 && (
          <div className="ch-problems" role="alert">
            {errors.other.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        )}
        {children(errors)}
        <div className="ch-actions">
          <button type="button" className="btn" disabled={busy} onClick={() => void run('test')}>
            {testing.isLoading ? t('panel.testing') : t('panel.test')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {saving.isLoading ? t('panel.saving') : t('panel.save')}
          </button>
          {Object.keys(errors.byPath).length > 0 && <span className="ch-error">{t('panel.fieldsNeedAttention')}</span>}
        </div>
      </form>
      {result && <Results test={result.test} saved={result.saved} busy={busy} onForce={() => void run('force')} />}
      {after?.(result?.test ?? null)}
    </section>
  );
}

function Status({ view }: Readonly<{ view: SectionView }>) {
  const { t } = useT('admin/channels');
  const label = !view.running
    ? view.value
      ? t('status.off')
      : t('status.notSetUp')
    : view.ok
      ? t('status.connected')
      : t('status.notConnected');
  const tone = !view.running ? 'off' : view.ok ? 'ok' : 'bad';
  return (
    <div className="ch-status">
      <span className={`ch-pill ch-pill-${tone}`} role="status" aria-label={t('status.label', { label })}>
        {label}
      </span>
      {/* "Not set up" says it all; a detail would only repeat it. */}
      {view.value !== null && <span className="ch-status-detail">{view.detail}</span>}
      {view.updatedAt !== null && (
        <span className="ch-status-detail">
          {view.updatedBy
            ? t('status.savedBy', { at: dateTime(view.updatedAt), by: view.updatedBy })
            : t('status.saved', { at: dateTime(view.updatedAt) })}
        </span>
      )}
      {view.source === 'file' && <span className="ch-status-detail">{t('status.fromFile')}</span>}
    </div>
  );
}

/** A tick or a cross beside each check's words (a sign, not a word to translate). */
const marks = { ok: '✓', bad: '✕' } as const;

function Results({
  test,
  saved,
  busy,
  onForce,
}: Readonly<{ test: ConnectionTest; saved: boolean | null; busy: boolean; onForce: () => void }>) {
  const { t } = useT('admin/channels');
  const headline =
    saved === true
      ? test.ok
        ? t('results.savedOk')
        : t('results.savedFailing')
      : saved === false
        ? t('results.notSaved')
        : test.ok
          ? t('results.ok')
          : t('results.problem');
  return (
    <div className={`ch-results ${test.ok ? 'ch-results-ok' : 'ch-results-bad'}`} aria-live="polite">
      <p className="ch-results-head">{headline}</p>
      <ul>
        {test.checks.map((c) => (
          <li key={`${c.label}-${c.detail}`} className={c.ok ? 'ok' : 'bad'}>
            <span className="ch-mark" aria-hidden="true">
              {c.ok ? marks.ok : marks.bad}
            </span>
            <span>
              <strong>{c.label}</strong>
              <span className="ch-check-detail">{c.detail}</span>
            </span>
          </li>
        ))}
      </ul>
      {saved === false && (
        <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={onForce}>
          {t('results.saveAnyway')}
        </button>
      )}
    </div>
  );
}
