/**
 * Whether a link may open in the system browser: https only, no credentials, default port, and a host on the
 * allow-list (exact, or `*.example.com` for its subdomains). Anything else stays closed: shell.openExternal on
 * an attacker's URL can launch local handlers (file:, smb:, custom schemes).
 */
export function isAllowedExternalUrl(text: string, allowedHosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  return allowedHosts.some((pattern) => {
    const rule = pattern.toLowerCase();
    if (rule.startsWith('*.')) return host.endsWith(rule.slice(1)) && host.length > rule.length - 1;
    return host === rule;
  });
}
