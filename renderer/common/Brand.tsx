/** The product mark at the left of every top bar (desk, supervisor console, admin console). */
export function Brand() {
  return (
    <div className="brand" aria-label="Switchboard">
      <span className="brand-mark" aria-hidden="true">
        S
      </span>
      Switchboard
    </div>
  );
}
