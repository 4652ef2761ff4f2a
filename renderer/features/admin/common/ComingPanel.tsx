/** A tab whose screen is not there yet: says so in plain words instead of showing an empty page. */
export function ComingPanel({ title, text }: Readonly<{ title: string; text: string }>) {
  return (
    <section className="adm-panel adm-coming" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">{text}</p>
    </section>
  );
}
