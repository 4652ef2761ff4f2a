import { useId, useMemo } from 'react';
import { weekdays, type Weekday } from '../../../../services/contracts';
import { i18n, useT } from '../../../i18n';
import { dayLabel, runsPastMidnight, timeZones, type ExceptionDraft, type QueueDraft, type RangeDraft } from './queueDraft';

type Props = Readonly<{ draft: QueueDraft; onChange: (next: QueueDraft) => void }>;

const defaultRange: RangeDraft = { from: '09:00', to: '17:00' };
const exceptionKinds = ['closed', 'special'] as const;

/** What a range that closes at or before it opens means, in a word beside it. */
function pastMidnightWord(range: RangeDraft): string {
  if (!runsPastMidnight(range)) return '';
  const t = i18n.getFixedT(null, 'admin/queues');
  if (range.to === '00:00') return range.from === '00:00' ? t('hours.allDay') : t('hours.midnight');
  return t('hours.nextDay');
}

/** Opening and closing time of one range; a close at or before the open is shown as "next day". */
function RangeRow({
  range,
  label,
  onChange,
  onRemove,
  after,
}: Readonly<{ range: RangeDraft; label: string; onChange: (r: RangeDraft) => void; onRemove: () => void; after?: React.ReactNode }>) {
  const { t } = useT('admin/queues');
  return (
    <div className="qa-range">
      <input
        type="time"
        aria-label={t('hours.opens', { label })}
        value={range.from}
        onChange={(e) => onChange({ ...range, from: e.target.value })}
        required
      />
      <span aria-hidden="true">–</span>
      <input
        type="time"
        aria-label={t('hours.closes', { label })}
        value={range.to}
        onChange={(e) => onChange({ ...range, to: e.target.value })}
        required
      />
      <span className="qa-next-day">{pastMidnightWord(range)}</span>
      <button type="button" className="btn btn-ghost btn-small" aria-label={t('hours.removeLabel', { label })} onClick={onRemove}>
        {t('hours.remove')}
      </button>
      {after}
    </div>
  );
}

function Ranges({
  ranges,
  label,
  onChange,
}: Readonly<{ ranges: readonly RangeDraft[]; label: string; onChange: (r: readonly RangeDraft[]) => void }>) {
  const last = ranges.at(-1);
  const { t } = useT('admin/queues');
  const add = (
    <button
      type="button"
      className="btn btn-small qa-add"
      aria-label={t('hours.addOn', { label })}
      onClick={() =>
        onChange([
          ...ranges,
          last ? { from: last.to === '00:00' ? '09:00' : last.to, to: last.to === '00:00' ? '17:00' : '23:00' } : defaultRange,
        ])
      }
    >
      {t('hours.add')}
    </button>
  );
  if (ranges.length === 0)
    return (
      <div className="qa-ranges">
        <div className="qa-range">
          <span className="muted qa-closed-day">{t('hours.closed')}</span>
          {add}
        </div>
      </div>
    );
  return (
    <div className="qa-ranges">
      {ranges.map((r, i) => (
        <RangeRow
          key={i}
          range={r}
          label={ranges.length > 1 ? t('hours.rangeLabel', { label, n: i + 1 }) : label}
          onChange={(next) => onChange(ranges.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(ranges.filter((_, j) => j !== i))}
          after={i === ranges.length - 1 && ranges.length < 8 ? add : undefined}
        />
      ))}
    </div>
  );
}

function ExceptionRow({
  exception,
  index,
  onChange,
  onRemove,
}: Readonly<{ exception: ExceptionDraft; index: number; onChange: (e: ExceptionDraft) => void; onRemove: () => void }>) {
  const { t } = useT('admin/queues');
  const name = t('place.exception', { n: index + 1 });
  return (
    <li className="qa-exception">
      <div className="qa-exception-head">
        <input
          type="date"
          aria-label={t('hours.exceptionDate', { name })}
          value={exception.date}
          onChange={(e) => onChange({ ...exception, date: e.target.value })}
          required
        />
        <input
          type="text"
          aria-label={t('hours.exceptionName', { name })}
          placeholder={t('hours.exceptionPlaceholder')}
          maxLength={80}
          value={exception.label}
          onChange={(e) => onChange({ ...exception, label: e.target.value })}
        />
        <select
          aria-label={t('hours.exceptionKind', { name })}
          value={exceptionKinds[exception.closed ? 0 : 1]}
          onChange={(e) =>
            onChange({
              ...exception,
              closed: e.target.value === 'closed',
              ranges: exception.ranges.length ? exception.ranges : [{ from: '10:00', to: '14:00' }],
            })
          }
        >
          <option value={exceptionKinds[0]}>{t('hours.closedAllDay')}</option>
          <option value={exceptionKinds[1]}>{t('hours.special')}</option>
        </select>
        <button type="button" className="btn btn-ghost btn-small" aria-label={t('hours.removeLabel', { label: name })} onClick={onRemove}>
          {t('hours.remove')}
        </button>
      </div>
      {!exception.closed && <Ranges ranges={exception.ranges} label={name} onChange={(ranges) => onChange({ ...exception, ranges })} />}
    </li>
  );
}

/** The queue's business hours: time zone, a weekly grid of ranges per day, dated exceptions. */
export function HoursEditor({ draft, onChange }: Props) {
  const zoneId = useId();
  const { t } = useT('admin/queues');
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const setDay = (day: Weekday, ranges: readonly RangeDraft[]) => onChange({ ...draft, weekly: { ...draft.weekly, [day]: ranges } });
  const setExceptions = (exceptions: readonly ExceptionDraft[]) => onChange({ ...draft, exceptions });
  return (
    <div className="qa-hours">
      <div className="qa-radio" role="radiogroup" aria-label={t('hours.when')}>
        <label>
          <input type="radio" name="hoursOn" checked={!draft.hoursOn} onChange={() => onChange({ ...draft, hoursOn: false })} />{' '}
          {t('status.alwaysOpen')}
        </label>
        <label>
          <input type="radio" name="hoursOn" checked={draft.hoursOn} onChange={() => onChange({ ...draft, hoursOn: true })} />{' '}
          {t('hours.set')}
        </label>
      </div>
      {draft.hoursOn && (
        <>
          <div className="qa-field">
            <label htmlFor={zoneId}>{t('field.timeZone')}</label>
            <select id={zoneId} value={draft.timeZone} onChange={(e) => onChange({ ...draft, timeZone: e.target.value })}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </div>
          <table className="qa-week">
            <caption className="sr-only">{t('hours.weekly')}</caption>
            <tbody>
              {weekdays.map((day) => (
                <tr key={day}>
                  <th scope="row">{dayLabel(day)}</th>
                  <td>
                    <Ranges ranges={draft.weekly[day]} label={dayLabel(day)} onChange={(r) => setDay(day, r)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('hours.pastMidnightHint')}</p>
          <h4 className="qa-subhead">{t('hours.exceptions')}</h4>
          {draft.exceptions.length === 0 && <p className="muted small">{t('hours.noExceptions')}</p>}
          <ul className="qa-exceptions">
            {draft.exceptions.map((e, i) => (
              <ExceptionRow
                key={i}
                index={i}
                exception={e}
                onChange={(next) => setExceptions(draft.exceptions.map((x, j) => (j === i ? next : x)))}
                onRemove={() => setExceptions(draft.exceptions.filter((_, j) => j !== i))}
              />
            ))}
          </ul>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setExceptions([...draft.exceptions, { date: '', label: '', closed: true, ranges: [] }])}
          >
            {t('hours.addDate')}
          </button>
        </>
      )}
    </div>
  );
}
