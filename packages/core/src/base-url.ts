export interface BaseUrlRules {
  /** What the address points at, for messages: "your Jiwa API". */
  what: string;
  /** An address to show in messages, e.g. "https://api.jiwa.com.au". */
  example: string;
  /** A path ending the API's own paths already carry (e.g. /\/api\/?$/), and how to name it ("/api"). */
  routes?: { pattern: RegExp; name: string } | undefined;
}

/**
 * Checks a `baseUrl` option and returns it without trailing slashes. Every refusal names the option, the owner
 * (`createJiwaClient`, `jiwaAuth` …) and the fix; none repeats a user name or password the URL held.
 */
export function checkBaseUrl(owner: string, value: unknown, rules: BaseUrlRules): string {
  const fail = (why: string) => new TypeError(`${owner}: \`baseUrl\` ${why}`);
  const hint = `pass the address of ${rules.what}, e.g. ${owner}({ baseUrl: "${rules.example}" })`;
  if (typeof value !== "string" || value.trim() === "") throw fail(`is required: ${hint}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`is not an absolute URL: ${hint}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fail(`must be an http(s) URL: ${hint}`);
  if (url.username || url.password) throw fail("must not contain a user name or password: pass credentials with `auth`");
  const path = url.pathname.replace(/\/+$/, "");
  if (url.search || url.hash) throw fail(`must not have a query string or fragment (use "${url.origin}${path}")`);
  const routes = rules.routes;
  if (routes && routes.pattern.test(url.pathname)) {
    const base = url.origin + url.pathname.replace(routes.pattern, "").replace(/\/+$/, "");
    throw fail(`must stop before ${routes.name}: the paths already start with it (use "${base}")`);
  }
  return value.replace(/\/+$/, "");
}
