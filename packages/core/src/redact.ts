// Keeps secrets out of anything a user may log: error messages, toString, JSON, logger lines.

export const REDACTED = "[redacted]";

// Query parameter names whose values are never shown: any name containing one of these (case-insensitive) …
const SECRET_PART = /pass|secret|token|credential|pwd|auth|session|signature|api_?key|bearer|jwt|hmac|^ss-[po]?id$/i;
// … or with one of these as a whole word (`sig`, `x-api-key`, `oauthCode`; not `shipping` or `design`).
const SECRET_WORD = /^(?:key|sign|sig|sid|code|otp|pin|hash)$/i;

/** Whether a query parameter of this name is redacted in URLs. */
export const isSecretName = (name: string): boolean =>
  SECRET_PART.test(name) || name.split(/[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => SECRET_WORD.test(word));

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
    for (const name of new Set(params.keys())) if (isSecretName(name)) params.set(name, REDACTED);
    return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  } catch {
    // Not a URL we can parse: show only what precedes the query string and any user info.
    return `${url.replace(/\/\/[^/]*@/, `//${REDACTED}@`).split("?")[0]}${url.includes("?") ? `?${REDACTED}` : ""}`;
  }
}

/** Every way a server may echo a secret it received: as sent, JSON-escaped (also `\u00e4` style), URL- and form-encoded. */
function forms(secret: string): Set<string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const escaped = (hex: (h: string) => string) => json.replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0).toString(16).padStart(4, "0"))}`);
  const url = encodeURIComponent(secret);
  // A form body (URLSearchParams also encodes !'()~ and spaces as +).
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  const lower = (encoded: string) => encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  let base64: string | undefined;
  try {
    base64 = btoa(String.fromCharCode(...new TextEncoder().encode(secret)));
  } catch {
    // No btoa here: that form is not looked for.
  }
  return new Set([secret, json, json.replace(/\//g, "\\/"), escaped((h) => h), escaped((h) => h.toUpperCase()), url, url.replace(/%20/g, "+"), lower(url), form, lower(form), ...(base64 ? [base64, base64.replace(/=+$/, "")] : [])]);
}

/**
 * Replaces every occurrence of the given secrets in a string, in every form a server may echo them. Secrets shorter
 * than `minLength` (default 4) are left alone: they would blank out ordinary words, so callers that hold one keep such
 * text out (or pass `minLength: 1` for text of their own, such as an error message).
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>, minLength = 4): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < minLength) continue;
    for (const form of forms(secret)) {
      if (!out.includes(form)) continue;
      // A secret of a few characters is replaced where it stands alone, not inside words ("p" in "amplifierAuth").
      out =
        form.length < 4
          ? out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "gu"), REDACTED)
          : out.split(form).join(REDACTED);
    }
  }
  return out;
}

/**
 * The strings of a login or token answer (the strings of its JSON, or the words of its text): the credentials it issues,
 * which no auth holds yet, so that no line about that answer (its request id) shows them.
 */
export function issuedIn(text: string): string[] {
  const found: string[] = [];
  try {
    JSON.parse(text, (_key, value: unknown) => (typeof value === "string" && found.push(value), value));
  } catch {
    return text.split(/[\s&=;,]+/);
  }
  return found;
}

/**
 * A body with the secrets replaced, whatever way its JSON escapes them (`\/`, `\u002B` …): when it is JSON, every
 * string in it (keys too) is redacted after parsing as well. At most `limit` characters are kept, cut with `marker`,
 * (also when `cut` says the text was already cut short), and a cut that ends in the first characters of a secret loses
 * those too.
 */
export function redactBody(text: string, secrets: ReadonlyArray<string>, limit = Infinity, marker = "", cut = false): string {
  let out = redactSecrets(text, secrets);
  try {
    let changed = false;
    const walk = (value: unknown): unknown => {
      if (typeof value === "string") {
        const clean = redactSecrets(value, secrets);
        changed ||= clean !== value;
        return clean;
      }
      return value && typeof value === "object" ? (Array.isArray(value) ? value.map(walk) : Object.fromEntries(Object.entries(value).map(([k, v]) => [walk(k), walk(v)]))) : value;
    };
    const parsed = walk(JSON.parse(out));
    if (changed) out = JSON.stringify(parsed);
  } catch {
    // Not JSON: the text redaction is all there is.
  }
  if (out.length <= limit && !cut) return out;
  out = out.slice(0, limit);
  // The cut may end inside a secret: what is left of it goes too.
  for (const secret of secrets) {
    for (const form of secret.length < 4 ? [] : forms(secret)) {
      for (let n = form.length - 1; n >= 3; n--) if (out.endsWith(form.slice(0, n))) out = out.slice(0, -n) + REDACTED;
    }
  }
  return out + marker;
}
