/** Starts a browser download of a signed hub link (the link carries its own short-lived authorisation). */
export function startDownload(hubUrl: string, url: string): void {
  const a = document.createElement('a');
  a.href = new URL(url, hubUrl).href;
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

const DAY_MS = 86_400_000;

/** yyyy-mm-dd of a local date, for <input type="date">. */
export const dateInput = (at: number): string => {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** A local day range [from 00:00, to 24:00) as milliseconds. */
export function dayRange(from: string, to: string): { from: number; to: number } | null {
  const start = new Date(`${from}T00:00:00`).getTime();
  const end = new Date(`${to}T00:00:00`).getTime() + DAY_MS;
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? { from: start, to: end } : null;
}
