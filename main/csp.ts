/**
 * Content-Security-Policy for pages served from app://. Scripts and styles only from the app itself; network
 * only to the hub (HTTP for the API, ws for socket.io); nothing may frame the app or be posted anywhere.
 * `hubOrigin` null (first-run page) allows no network at all.
 */
export function buildCsp(hubOrigin: string | null): string {
  const connect = ["'self'"];
  const images = ["'self'", 'data:', 'blob:'];
  if (hubOrigin) {
    const url = new URL(hubOrigin);
    const wsScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
    connect.push(url.origin, `${wsScheme}//${url.host}`);
    images.push(url.origin);
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(' ')}`,
    "font-src 'self'",
    `connect-src ${hubOrigin ? connect.join(' ') : "'none'"}`,
    // The softphone plays remote audio from MediaStreams.
    "media-src 'self' blob: mediastream:",
    // Customer HTML email is shown in sandboxed srcdoc/blob frames by the renderer.
    "frame-src 'self' blob:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
