/** Why a relay URL is unusable, or null when it is fine: smtp:// (STARTTLS when offered) or smtps:// with a host. */
export function relayUrlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'url must be a URL such as smtp://user:password@relay.example.com:587';
  }
  if (!['smtp:', 'smtps:'].includes(u.protocol)) return 'url must start with smtp:// (STARTTLS) or smtps:// (TLS)';
  if (!u.hostname) return 'url must name the relay host';
  return null;
}

/** The URL with its password replaced, for showing to admins and in logs. */
export function maskRelayUrl(raw: string): string {
  const u = new URL(raw);
  if (u.password) u.password = '****';
  return u.toString();
}
