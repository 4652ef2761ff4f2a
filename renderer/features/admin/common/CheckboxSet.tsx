type Props<T extends string> = Readonly<{
  legend: string;
  /** Every choice, in the order shown. */
  options: readonly T[];
  selected: ReadonlySet<T>;
  onChange: (next: ReadonlySet<T>) => void;
  /** A choice's words (options are codes, never shown as they are). */
  label: (option: T) => string;
}>;

/** A group of ticks choosing any number of codes (an API key's scopes, a webhook's events), two columns. */
export function CheckboxSet<T extends string>({ legend, options, selected, onChange, label }: Props<T>) {
  return (
    <fieldset className="adm-choices">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="adm-choice">
          <input
            type="checkbox"
            checked={selected.has(option)}
            onChange={(e) => {
              const next = new Set(selected);
              if (e.target.checked) next.add(option);
              else next.delete(option);
              onChange(next);
            }}
          />
          {label(option)}
        </label>
      ))}
    </fieldset>
  );
}
