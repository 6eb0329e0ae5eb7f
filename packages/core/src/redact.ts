// Keeps secrets out of anything a user may log: error messages, toString, JSON, logger lines.

/** Query parameter names whose values are never shown (case-insensitive, substring match). */
const SECRET_NAME = /pass|secret|token|key|sign|auth|session|sid|credential|pwd/i;

export const REDACTED = "[redacted]";

/**
 * The URL with its userinfo and the values of secret-looking query parameters replaced by `[redacted]`.
 * Cheap for the common case of a URL without a query string or credentials.
 */
export function redactUrl(url: string): string {
  if (!/[?@]/.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = REDACTED;
      parsed.password = "";
    }
    const params = parsed.searchParams;
    for (const name of [...params.keys()]) if (SECRET_NAME.test(name)) params.set(name, REDACTED);
    return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  } catch {
    // Not a URL we can parse: show only what precedes the query string and any user info.
    return `${url.replace(/\/\/[^/]*@/, `//${REDACTED}@`).split("?")[0]}${url.includes("?") ? `?${REDACTED}` : ""}`;
  }
}

/**
 * Replaces every occurrence of the given secrets in a string. Auth packages use it on text that came back
 * from a server (which may echo a credential) before it goes into an error message.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    // As sent, and as a server echoes what it received: JSON-escaped, URL- and form-encoded.
    for (const form of [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}
