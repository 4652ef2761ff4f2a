import { formattingLocale, t } from './i18n';

type Attrs = Readonly<Record<string, string | boolean | undefined>>;
type Child = Node | string | null | undefined | false;

/**
 * Builds an element. Text is always set as text nodes (never parsed as HTML): customer and agent text
 * can contain markup and must show up literally.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// Dates, times and numbers in the widget's language (Spanish readers get 24-hour times and "1.234").
export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(formattingLocale(), { hour: '2-digit', minute: '2-digit' });
}

export function formatDate(at: number): string {
  return new Date(at).toLocaleDateString(formattingLocale(), { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(formattingLocale()).format(n);
}

/** "about 3 minutes" / "aproximadamente 3 minutos": the expected wait as the visitor reads it. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return t('wait.underMinute');
  return t('wait.minutes', { count: Math.round(seconds / 60) });
}

export function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A paperclip icon drawn with SVG elements (no emoji font needed, no markup parsing). */
export function paperclip(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  svg.append(path);
  return svg;
}
