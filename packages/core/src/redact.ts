// Keeps secrets out of anything a user may log: error messages, toString, JSON, logger lines.

/** Query parameter names whose values are never shown (case-insensitive, substring match). */
const SECRET_NAME = /pass|secret|token|key|sign|auth|session|sid|credential|pwd/i;

export const REDACTED = "[redacted]";

/**
 * The URL with its userinfo and the values of secret-looking query parameters replaced by `[redacted]`.
 * Cheap for the common case of a URL without a query string or credentials.
 */
export function redactUrl(url: string): string {
  if (!url.includes("?") && !url.includes("@")) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: show only what precedes the query string.
    const q = url.indexOf("?");
    return q === -1 ? url : `${url.slice(0, q)}?${REDACTED}`;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = "";
    changed = true;
  }
  const params = parsed.searchParams;
  for (const name of new Set(params.keys())) {
    if (SECRET_NAME.test(name)) {
      params.set(name, REDACTED);
      changed = true;
    }
  }
  let out = parsed.toString();
  if (changed) out = out.split(encodeURIComponent(REDACTED)).join(REDACTED);
  return out;
}

/**
 * Replaces every occurrence of the given secrets in a string. Auth packages use it on text that came back
 * from a server (which may echo a credential) before it goes into an error message.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  }
  return out;
}
