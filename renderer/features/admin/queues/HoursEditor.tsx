import { useId, useMemo } from 'react';
import { weekdays, type Weekday } from '../../../../services/contracts';
import { dayLabels, runsPastMidnight, timeZones, type ExceptionDraft, type QueueDraft, type RangeDraft } from './queueDraft';

type Props = Readonly<{ draft: QueueDraft; onChange: (next: QueueDraft) => void }>;

const defaultRange: RangeDraft = { from: '09:00', to: '17:00' };

/** What a range that closes at or before it opens means, in a word beside it. */
function pastMidnightWord(range: RangeDraft): string {
  if (!runsPastMidnight(range)) return '';
  if (range.to === '00:00') return range.from === '00:00' ? 'all day' : 'midnight';
  return 'next day';
}

/** Opening and closing time of one range; a close at or before the open is shown as "next day". */
function RangeRow({
  range,
  label,
  onChange,
  onRemove,
  after,
}: Readonly<{ range: RangeDraft; label: string; onChange: (r: RangeDraft) => void; onRemove: () => void; after?: React.ReactNode }>) {
  return (
    <div className="qa-range">
      <input
        type="time"
        aria-label={`${label} opens`}
        value={range.from}
        onChange={(e) => onChange({ ...range, from: e.target.value })}
        required
      />
      <span aria-hidden="true">–</span>
      <input
        type="time"
        aria-label={`${label} closes`}
        value={range.to}
        onChange={(e) => onChange({ ...range, to: e.target.value })}
        required
      />
      <span className="qa-next-day">{pastMidnightWord(range)}</span>
      <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove
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
  const add = (
    <button
      type="button"
      className="btn btn-small qa-add"
      aria-label={`Add hours on ${label}`}
      onClick={() =>
        onChange([
          ...ranges,
          last ? { from: last.to === '00:00' ? '09:00' : last.to, to: last.to === '00:00' ? '17:00' : '23:00' } : defaultRange,
        ])
      }
    >
      Add hours
    </button>
  );
  if (ranges.length === 0)
    return (
      <div className="qa-ranges">
        <div className="qa-range">
          <span className="muted qa-closed-day">Closed</span>
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
          label={ranges.length > 1 ? `${label} range ${i + 1}` : label}
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
  const name = `Exception ${index + 1}`;
  return (
    <li className="qa-exception">
      <div className="qa-exception-head">
        <input
          type="date"
          aria-label={`${name} date`}
          value={exception.date}
          onChange={(e) => onChange({ ...exception, date: e.target.value })}
          required
        />
        <input
          type="text"
          aria-label={`${name} name`}
          placeholder="What is it? (e.g. New Year's Day)"
          maxLength={80}
          value={exception.label}
          onChange={(e) => onChange({ ...exception, label: e.target.value })}
        />
        <select
          aria-label={`${name} kind`}
          value={exception.closed ? 'closed' : 'special'}
          onChange={(e) =>
            onChange({
              ...exception,
              closed: e.target.value === 'closed',
              ranges: exception.ranges.length ? exception.ranges : [{ from: '10:00', to: '14:00' }],
            })
          }
        >
          <option value="closed">Closed all day</option>
          <option value="special">Special hours</option>
        </select>
        <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${name}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      {!exception.closed && <Ranges ranges={exception.ranges} label={name} onChange={(ranges) => onChange({ ...exception, ranges })} />}
    </li>
  );
}

/** The queue's business hours: time zone, a weekly grid of ranges per day, dated exceptions. */
export function HoursEditor({ draft, onChange }: Props) {
  const zoneId = useId();
  const zones = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const setDay = (day: Weekday, ranges: readonly RangeDraft[]) => onChange({ ...draft, weekly: { ...draft.weekly, [day]: ranges } });
  const setExceptions = (exceptions: readonly ExceptionDraft[]) => onChange({ ...draft, exceptions });
  return (
    <div className="qa-hours">
      <div className="qa-radio" role="radiogroup" aria-label="When the queue is open">
        <label>
          <input type="radio" name="hoursOn" checked={!draft.hoursOn} onChange={() => onChange({ ...draft, hoursOn: false })} /> Always open
        </label>
        <label>
          <input type="radio" name="hoursOn" checked={draft.hoursOn} onChange={() => onChange({ ...draft, hoursOn: true })} /> Set business
          hours
        </label>
      </div>
      {draft.hoursOn && (
        <>
          <div className="qa-field">
            <label htmlFor={zoneId}>Time zone</label>
            <select id={zoneId} value={draft.timeZone} onChange={(e) => onChange({ ...draft, timeZone: e.target.value })}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          </div>
          <table className="qa-week">
            <caption className="sr-only">Weekly hours</caption>
            <tbody>
              {weekdays.map((day) => (
                <tr key={day}>
                  <th scope="row">{dayLabels[day]}</th>
                  <td>
                    <Ranges ranges={draft.weekly[day]} label={dayLabels[day]} onChange={(r) => setDay(day, r)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            A range that closes at or before it opens runs past midnight into the next day (Friday 22:00–02:00).
          </p>
          <h4 className="qa-subhead">Holidays and special days</h4>
          {draft.exceptions.length === 0 && (
            <p className="muted small">None. Add a date to close for a holiday or to open at other times.</p>
          )}
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
            Add date
          </button>
        </>
      )}
    </div>
  );
}
