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

// The forms of each secret, made once: a body may hold thousands of strings and an auth hundreds of secrets (an AMAGE
// signature per request). Bounded, so a long-running process does not keep every credential it ever used.
const formCache = new Map<string, ReadonlyArray<string>>();

/**
 * Every way a server may echo a secret it received: as sent, JSON-escaped (also `\u00e4` style), URL- and
 * form-encoded (also with `!'()*` encoded, as .NET and Python write it), percent-encoded as a URL parser does in a path
 * or a query (`{` as `%7B`, `&` and `+` kept, `\` read as `/`), base64, and its UTF-8 bytes read as Latin-1 (a header
 * echoing it raw).
 */
function forms(secret: string): ReadonlyArray<string> {
  let found = formCache.get(secret);
  if (found) return found;
  const json = JSON.stringify(secret).slice(1, -1);
  const escaped = (hex: (h: string) => string) => json.replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0).toString(16).padStart(4, "0"))}`);
  const url = encodeURIComponent(secret);
  // A form body (URLSearchParams also encodes !'()~ and spaces as +).
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  const lower = (encoded: string) => encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  const parsed = (prefix: string, part: "pathname" | "search", keep: RegExp): string => {
    try {
      return new URL(prefix + secret.replace(keep, encodeURIComponent))[part].slice(1);
    } catch {
      return secret;
    }
  };
  const bytes = String.fromCharCode(...new TextEncoder().encode(secret));
  let base64: string | undefined;
  try {
    base64 = btoa(bytes);
  } catch {
    // No btoa here: that form is not looked for.
  }
  const path = parsed("http://h/", "pathname", /[?#\\]/g);
  const slashed = parsed("http://h/", "pathname", /[?#]/g);
  const query = parsed("http://h/?", "search", /#/g);
  const strict = url.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // Put in order (longest first) by `formsOf`, which joins the forms of several secrets.
  found = [...new Set([secret, json, json.replace(/\//g, "\\/"), escaped((h) => h), escaped((h) => h.toUpperCase()), url, url.replace(/%20/g, "+"), lower(url), strict, lower(strict), form, lower(form), path, lower(path), slashed, query, lower(query), bytes, ...(base64 ? [base64, base64.replace(/=+$/, "")] : [])])].filter(Boolean);
  if (formCache.size >= 1024) formCache.clear();
  formCache.set(secret, found);
  return found;
}

/**
 * The forms of all these secrets (those shorter than `minLength` left out), each once, longest first: a form that
 * contains another is replaced whole.
 */
function formsOf(secrets: Iterable<string | undefined>, minLength: number): string[] {
  const all = new Set<string>();
  for (const secret of secrets) if (secret && secret.length >= minLength) for (const form of forms(secret)) all.add(form);
  return [...all].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const indexes = new WeakMap<ReadonlyArray<string>, { starts: Map<string, string[]>; short: string[] }>();

/**
 * The forms that may occur in the text: with many forms (an auth holding hundreds of secrets), those whose first four
 * characters occur in it, found in one pass over the text, so that the cost grows with the text and not with its
 * length times the number of forms.
 */
function candidates(text: string, all: ReadonlyArray<string>): ReadonlyArray<string> {
  if (all.length <= 32) return all;
  let index = indexes.get(all);
  if (!index) {
    // Made once per list of forms: a body's walk asks it again for each string it redacts.
    index = { starts: new Map<string, string[]>(), short: [] };
    for (const form of all) {
      if (form.length < 4) index.short.push(form);
      else {
        const key = form.slice(0, 4);
        const list = index.starts.get(key);
        if (list) list.push(form);
        else index.starts.set(key, [form]);
      }
    }
    indexes.set(all, index);
  }
  const { starts, short } = index;
  const found = new Set<string>();
  for (let i = 0; i + 4 <= text.length; i++) {
    const list = starts.get(text.slice(i, i + 4));
    if (list) for (const form of list) found.add(form);
  }
  return [...found, ...short].sort((a, b) => b.length - a.length);
}

function replaceForms(text: string, every: ReadonlyArray<string>, ignoreCase: boolean): string {
  let out = text;
  let folded = ignoreCase ? out.toLowerCase() : out;
  const all = ignoreCase ? every : candidates(out, every);
  for (const form of all) {
    if (!folded.includes(ignoreCase ? form.toLowerCase() : form)) continue;
    // A secret of a few characters is replaced where it stands alone, not inside words ("p" in "amplifierAuth").
    out =
      form.length < 4
        ? out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, ignoreCase ? "giu" : "gu"), REDACTED)
        : ignoreCase
          ? out.replace(new RegExp(escapeRegExp(form), "gi"), REDACTED)
          : out.split(form).join(REDACTED);
    folded = ignoreCase ? out.toLowerCase() : out;
  }
  return out;
}

/**
 * Replaces every occurrence of the given secrets in a string, in every form a server may echo them. Secrets shorter
 * than `minLength` (default 4) are left alone: they would blank out ordinary words, so callers that hold one keep such
 * text out (or pass `minLength: 1` for text of their own, such as an error message). `ignoreCase` for a URL, whose host
 * a parser lowercases.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>, minLength = 4, ignoreCase = false): string {
  return replaceForms(text, formsOf(secrets, minLength), ignoreCase);
}

// A JSON escape: a surrogate pair, one \uXXXX, or a backslash and the character after it (`\\` is one escape).
const ESCAPE = /\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|\\([^u])/g;

/**
 * The text with its JSON escapes written as JSON.stringify writes them (`\u0041` as `A`, `\/` as `/`, `\u0022` as
 * `\"`): the same JSON, in which a secret's escaped forms are found as text, whether or not the text parses (an error
 * body cut short does not).
 */
function canonical(text: string): string {
  return text.replace(ESCAPE, (escape, high: string | undefined, low: string | undefined, hex: string | undefined, char: string) =>
    high ? String.fromCharCode(parseInt(high, 16), parseInt(low!, 16)) : hex ? JSON.stringify(String.fromCharCode(parseInt(hex, 16))).slice(1, -1) : char === "/" ? "/" : escape,
  );
}

/**
 * A request id (or any short text about a login or token answer) without the credentials that answer issues, which no
 * auth holds yet: the strings of its JSON, or the words of its text. Only the strings whose first characters occur in
 * the text are taken (an answer may hold hundreds of thousands of strings).
 */
export function redactIssued(text: string, answer: string): string {
  let strings: string[] = [];
  try {
    JSON.parse(answer, (_key, value: unknown) => (typeof value === "string" && strings.push(value), value));
  } catch {
    strings = answer.split(/[\s&=;,]+/);
  }
  const plain = canonical(text);
  return redactBody(
    text,
    strings.filter((s) => s.length >= 4 && (text.includes(s.slice(0, 4)) || plain.includes(s.slice(0, 4)))),
  );
}

/**
 * A body with the secrets replaced, whatever way its JSON escapes them (`\/`, `\u002B` …): when a secret is found
 * behind escapes, the body comes back with its escapes written as JSON.stringify writes them (the same JSON). At most
 * `limit` characters are kept, cut with `marker` (also when `cut` says the text was already cut short); the text is cut
 * before it is searched (a body may be megabytes long), and a cut that ends in the first characters of a secret loses
 * those too.
 */
export function redactBody(text: string, secrets: Iterable<string | undefined>, limit = Infinity, marker = "", cut = false, minLength = 4): string {
  return redactIn(text, formsOf(secrets, minLength), limit, marker, cut, 0);
}

const CONTROLS: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

/** The text with one level of JSON string escapes read (`\\` as `\`, `\"` as `"`): a JSON document inside a string. */
const unescaped = (text: string): string =>
  text.replace(/\\(?:u([0-9a-fA-F]{4})|(.))/gs, (_e, hex: string | undefined, char: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : (CONTROLS[char] ?? char)));

/** What a body holding an echo that cannot be redacted in place becomes. */
const UNSHOWN = `${REDACTED} (an echo of a secret in a form not redacted in place)`;

/**
 * Whether a form of a secret is in the text once up to eight levels of escapes (JSON inside JSON strings) are read:
 * three are redacted in place, what is deeper replaces the whole text.
 */
function nested(text: string, all: ReadonlyArray<string>): boolean {
  for (let level = 0; level < 8 && text.includes("\\"); level++) {
    text = unescaped(text);
    if (replaceForms(text, all, false) !== text) return true;
  }
  return false;
}

function redactIn(text: string, all: ReadonlyArray<string>, limit: number, marker: string, cut: boolean, depth: number): string {
  // Room past the limit for a secret that starts before it, even written with a \uXXXX escape per character.
  const room = 6 * (all[0]?.length ?? 0) + 16;
  let out = text;
  if (out.length > limit + room) {
    out = out.slice(0, limit + room);
    cut = true;
  }
  out = replaceForms(out, all, false);
  if (out.includes("\\")) {
    const plain = canonical(out);
    const clean = replaceForms(plain, all, false);
    if (clean !== plain || cut || out.length > limit) out = clean;
  }
  // A secret inside a JSON document that a string of this one carries (escaped twice): each string is redacted as a
  // text of its own; what cannot be (a body cut short) is not shown at all.
  if (out.includes("\\") && nested(out, all)) {
    let value: unknown;
    try {
      value = JSON.parse(out);
    } catch {
      return UNSHOWN + marker;
    }
    const walk = (v: unknown): unknown =>
      typeof v === "string"
        ? v.includes("\\") && depth < 3
          ? redactIn(v, all, Infinity, "", false, depth + 1)
          : v
        : v && typeof v === "object"
          ? Array.isArray(v)
            ? v.map(walk)
            : Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k), walk(x)]))
          : v;
    try {
      out = JSON.stringify(walk(value));
    } catch {
      // Nested past what the stack holds (an array thousands deep): not shown either.
      return UNSHOWN + marker;
    }
    if (nested(out, all)) return UNSHOWN + marker;
  }
  if (out.length <= limit && !cut) return out;
  // An escape the cut split goes, a character it split (a lone high surrogate, the replacement character of a cut UTF-8
  // sequence), and what is left of a secret at the end.
  out = out
    .slice(0, limit)
    .replace(/\\(?:u[0-9a-fA-F]{0,3})?$/, "")
    .replace(/(?:\\u[dD][89abAB][0-9a-fA-F]{2}|[\uD800-\uDBFF]|\uFFFD)$/, "");
  const tail = out.slice(-(all[0]?.length ?? 0));
  for (const form of all) {
    if (form.length < 4 || !tail.includes(form.slice(0, 3))) continue;
    for (let n = form.length - 1; n >= 3; n--) {
      if (out.endsWith(form.slice(0, n))) {
        out = out.slice(0, -n) + REDACTED;
        break;
      }
    }
  }
  return out + marker;
}
