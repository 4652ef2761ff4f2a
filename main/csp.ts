/**
 * Content-Security-Policy for pages served from app://. Scripts and styles only from the app itself; network
 * only to the hub (HTTP for the API, ws for socket.io) and Twilio (the softphone's signalling); nothing may
 * frame the app or be posted anywhere else.
 * `hubOrigin` null (first-run page) allows no network at all.
 */
export function buildCsp(hubOrigin: string | null): string {
  const connect = ["'self'"];
  const images = ["'self'", 'data:', 'blob:'];
  const media = ["'self'", 'blob:', 'mediastream:'];
  if (hubOrigin) {
    const url = new URL(hubOrigin);
    const wsScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
    connect.push(url.origin, `${wsScheme}//${url.host}`);
    // The softphone (Twilio Voice SDK) signals over wss to Twilio's edge and reports call quality to it.
    connect.push('wss://*.twilio.com', 'https://*.twilio.com');
    images.push(url.origin);
    // Call recordings stream from the hub's recording route; the SDK's ring and tone sounds from Twilio.
    media.push(url.origin, 'https://sdk.twilio.com');
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(' ')}`,
    "font-src 'self'",
    `connect-src ${hubOrigin ? connect.join(' ') : "'none'"}`,
    // The softphone plays remote audio from MediaStreams.
    `media-src ${media.join(' ')}`,
    // Customer HTML email is shown in sandboxed srcdoc/blob frames by the renderer.
    "frame-src 'self' blob:",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
