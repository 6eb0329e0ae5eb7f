// The HTML of the site: the index of every vendor, and one Redoc page per vendor. Everything a page loads
// is a relative URL inside the site (assets/, specs/), so it works offline and from file://.
import { deref, listOperations } from "./spec.js";

export const escapeHtml = (s) =>
  String(s).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

/** Inline Markdown that summaries use: `code`, **bold**, *em*, [text](url) (kept as text). Escapes the rest. */
export function inlineMarkdown(text) {
  return escapeHtml(text)
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
}

/** `info.summary`, else the first paragraph of `info.description` that is not a heading. */
export function apiSummary(spec) {
  if (typeof spec.info.summary === "string" && spec.info.summary.trim()) return spec.info.summary.trim();
  const paragraphs = String(spec.info.description ?? "").split(/\n\s*\n/).map((p) => p.trim());
  return (paragraphs.find((p) => p && !p.startsWith("#")) ?? "").replace(/\s*\n\s*/g, " ");
}

/** One security scheme in words, e.g. "Bearer token (JWT) in `Authorization`". */
export function describeScheme(scheme) {
  if (!scheme || typeof scheme !== "object") return "Unknown scheme";
  switch (scheme.type) {
    case "apiKey": {
      const where = { header: "header", query: "query parameter", cookie: "cookie" }[scheme.in] ?? scheme.in;
      return scheme.in === "cookie" ? `Session cookie \`${scheme.name}\`` : `API key in ${where} \`${scheme.name}\``;
    }
    case "http": {
      const s = String(scheme.scheme ?? "").toLowerCase();
      if (s === "bearer") return `Bearer token${scheme.bearerFormat ? ` (${scheme.bearerFormat})` : ""} in \`Authorization\``;
      if (s === "basic") return "HTTP Basic (user name and password) in `Authorization`";
      return `HTTP \`${scheme.scheme}\` authentication`;
    }
    case "oauth2":
      return `OAuth 2.0 (${Object.keys(scheme.flows ?? {}).join(", ") || "no flow declared"})`;
    case "openIdConnect":
      return "OpenID Connect";
    case "mutualTLS":
      return "Mutual TLS (client certificate)";
    default:
      return `\`${scheme.type}\``;
  }
}

/**
 * The API's authentication in words: one entry per alternative of the top-level `security`, each listing the
 * schemes sent together. Falls back to every declared scheme when the API declares no requirement.
 */
export function describeAuth(spec) {
  const schemes = spec.components?.securitySchemes ?? {};
  const requirements = Array.isArray(spec.security) ? spec.security : Object.keys(schemes).map((k) => ({ [k]: [] }));
  return requirements
    .map((req) =>
      Object.keys(req).map((name) => {
        const scheme = deref(spec, schemes[name]);
        const header = scheme?.type === "apiKey" && scheme.in === "header" ? scheme.name : undefined;
        return { name, words: describeScheme(scheme), description: scheme?.description, header };
      }),
    )
    .filter((alt) => alt.length);
}

const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function sampleValue(param) {
  const schema = param.schema ?? {};
  const examples = param.examples && Object.values(param.examples);
  const candidates = [param.example, examples?.[0]?.value, schema.example, schema.examples?.[0], schema.default, schema.enum?.[0], schema.const];
  const found = candidates.find((v) => v !== undefined && v !== null);
  if (found !== undefined) return found;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") return 1;
  if (type === "boolean") return true;
  return "…";
}

const jsKey = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
const jsObject = (entries) => `{ ${entries.map(([k, v]) => `${jsKey(k)}: ${v}`).join(", ")} }`;

/** A real call of the spec for the index's example: `preferred` ("GET /path") or the simplest authenticated GET. */
export function exampleCall(spec, preferred, filled = []) {
  const ops = listOperations(spec);
  const required = (op) =>
    op.parameters.filter((p) => p?.required && (p.in === "path" || p.in === "query") && !(p.in === "path" && filled.includes(p.name)));
  let op = preferred && ops.find((o) => `${o.method.toUpperCase()} ${o.path}` === preferred);
  if (!op) {
    const gets = ops.filter((o) => o.method === "get");
    const authed = gets.filter((o) => o.security.some((r) => Object.keys(r).length));
    const pool = authed.length ? authed : gets.length ? gets : ops;
    op = [...pool].sort((x, y) => required(x).length - required(y).length)[0];
  }
  if (!op) return undefined;
  const groups = {};
  for (const p of required(op)) (groups[p.in] ??= []).push([p.name, JSON.stringify(sampleValue(p))]);
  const options = [];
  const params = Object.entries(groups).map(([where, entries]) => [where, jsObject(entries)]);
  if (params.length) options.push(["params", jsObject(params)]);
  if (op.op.requestBody && deref(spec, op.op.requestBody)?.required) options.push(["body", "{ … }"]);
  return { method: op.method.toUpperCase(), path: op.path, operationId: op.operationId, options };
}

const WIDTH = 100;

/** `head({ k: v, … })tail` on one line, or with one property a line when too long (as Prettier would). */
function callWithObject(head, entries, tail) {
  const flat = `${head}${jsObject(entries)}${tail}`;
  if (flat.length <= WIDTH) return flat;
  return `${head}{\n${entries.map(([k, v]) => `  ${jsKey(k)}: ${v},`).join("\n")}\n}${tail}`;
}

/** The code shown on the index for a vendor: imports, then the two statements that matter. */
export function exampleCode(vendor, spec) {
  const V = capitalise(vendor.id);
  const call = exampleCall(spec, vendor.example, vendor.filledPathParams);
  const lines = [
    `import { create${V}Client } from "${vendor.client}";`,
    `import { ${vendor.id}Auth } from "${vendor.auth}";`,
    "",
    callWithObject(
      `const ${vendor.id} = create${V}Client(`,
      [
        ["baseUrl", `"http://localhost:${vendor.port}"`],
        ...(vendor.clientOptions ?? []),
        ["auth", `${vendor.id}Auth(${vendor.credentials ?? "{ … }"})`],
      ],
      ");",
    ),
  ];
  if (call) {
    const head = `const { data, error } = await ${vendor.id}.${call.method}(${JSON.stringify(call.path)}`;
    lines.push(call.options.length ? callWithObject(`${head}, `, call.options, ");") : `${head});`);
  }
  return { code: lines.join("\n"), call };
}

/** Minimal colouring of the TypeScript snippets: keywords, strings, comments. Escapes everything. */
export function highlight(code) {
  const re = /("(?:[^"\\\n]|\\.)*")|(\/\/[^\n]*)|\b(import|from|const|await|new)\b/g;
  let out = "";
  let last = 0;
  for (const m of code.matchAll(re)) {
    out += escapeHtml(code.slice(last, m.index));
    const cls = m[1] ? "s" : m[2] ? "c" : "k";
    out += `<span class="${cls}">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(code.slice(last));
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function vendorCard(site, v) {
  const { spec, vendor } = v;
  const auth = describeAuth(spec);
  const authHtml = auth.length
    ? auth
        .map((alt) => {
          const title = escapeHtml(alt.map((s) => `${s.name}: ${s.description ?? ""}`.trim()).join("\n\n"));
          // Several headers that go together (AMAGE's signing headers) read better as one list.
          if (alt.length > 1 && alt.every((s) => s.header)) {
            const names = alt.map((s) => `<code>${escapeHtml(s.header)}</code>`);
            return `<li title="${title}">Headers ${names.slice(0, -1).join(", ")} and ${names.at(-1)}, all on every call</li>`;
          }
          const parts = alt.map((s) => `<span class="scheme">${inlineMarkdown(s.words)}</span>`);
          return `<li title="${title}">${parts.join(' <span class="plus">+</span> ')}${alt.length > 1 ? ' <span class="muted">(together)</span>' : ""}</li>`;
        })
        .join("\n")
    : '<li class="muted">None declared</li>';
  const { code } = exampleCode(vendor, spec);
  const tags = (spec.tags ?? []).map((t) => t.name).filter(Boolean);
  return `<article class="vendor" id="${vendor.id}" data-vendor="${vendor.id}">
  <header class="vendor-head">
    <div>
      <p class="vendor-id">${escapeHtml(vendor.id)}</p>
      <h2><a href="${vendor.id}.html">${escapeHtml(spec.info.title)}</a></h2>
    </div>
    <div class="badges">
      <span class="badge">v${escapeHtml(spec.info.version)}</span>
      <span class="badge" data-operations="${v.operations.length}">${plural(v.operations.length, "operation")}</span>
      <span class="badge">OpenAPI ${escapeHtml(spec.openapi)}</span>
    </div>
  </header>
  <p class="summary">${inlineMarkdown(apiSummary(spec))}</p>
  ${tags.length ? `<p class="tags">${tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(" ")}</p>` : ""}
  <div class="facts">
    <section>
      <h3>Authentication</h3>
      <ul class="auth">${auth.length > 1 ? '<li class="muted">Any one of:</li>' : ""}
${authHtml}
      </ul>
    </section>
    <section>
      <h3>Mock server</h3>
      <p class="mock-url" data-port="${vendor.port}"><code>http://localhost:${vendor.port}</code></p>
      <p class="muted">Start it with <code>pnpm mock ${escapeHtml(vendor.id)}${vendor.portOffset ? ` --port-offset=${vendor.portOffset}` : ""}</code>; it answers the paths of the API reference</p>
    </section>
    <section>
      <h3>Packages</h3>
      <p><code>${escapeHtml(vendor.client)}</code><br><code>${escapeHtml(vendor.auth)}</code></p>
    </section>
  </div>
  <pre class="code install"><code><span class="prompt">$</span> pnpm add ${escapeHtml(vendor.client)} ${escapeHtml(vendor.auth)}</code></pre>
  <pre class="code example"><code>${highlight(code)}</code></pre>
  <footer class="actions">
    <a class="button primary" href="${vendor.id}.html">API reference →</a>
    <a class="button" href="specs/${vendor.id}.yaml" download="${vendor.id}-openapi.yaml">Download openapi.yaml</a>
    <a class="button" href="specs/${vendor.id}.json" download="${vendor.id}-openapi.json">openapi.json</a>
  </footer>
</article>`;
}

const INDEX_CSS = `
:root {
  --brand: #3451b2; --brand-dark: #263d8c; --ink: #1f2430; --muted: #5d6475; --line: #e3e6ee;
  --bg: #f5f6fa; --card: #fff; --code-bg: #1e2233; --code-ink: #e6e8f0;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 Roboto, system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--brand); }
code { font-family: var(--mono); font-size: 0.88em; background: #eef0f6; border-radius: 4px; padding: 0.1em 0.35em; }
.topbar { background: var(--ink); color: #fff; }
.topbar .inner, main, .page-foot { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
.topbar .inner { display: flex; align-items: center; gap: 16px; height: 56px; }
.brand { font: 700 19px/1 Montserrat, system-ui, sans-serif; letter-spacing: 0.01em; color: #fff; text-decoration: none; white-space: nowrap; }
.brand span { color: #9fb2ff; font-weight: 400; }
.topbar nav { margin-left: auto; display: flex; gap: 4px; flex-wrap: wrap; }
.topbar nav a { color: #d7dcec; text-decoration: none; font-size: 14px; padding: 6px 10px; border-radius: 6px; }
.topbar nav a:hover { background: rgba(255,255,255,0.1); color: #fff; }
.hero { padding: 40px 0 8px; }
.hero h1 { font: 700 32px/1.2 Montserrat, system-ui, sans-serif; margin: 0 0 12px; }
.hero p { max-width: 760px; color: var(--muted); margin: 0 0 10px; }
.vendor { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 28px 32px; margin: 28px 0;
  box-shadow: 0 1px 2px rgba(20,30,60,0.04), 0 4px 16px rgba(20,30,60,0.04); scroll-margin-top: 16px; }
.vendor-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; flex-wrap: wrap; }
.vendor-id { margin: 0; font: 600 12px/1 var(--mono); text-transform: uppercase; letter-spacing: 0.08em; color: var(--brand); }
.vendor h2 { font: 700 23px/1.3 Montserrat, system-ui, sans-serif; margin: 6px 0 0; }
.vendor h2 a { color: var(--ink); text-decoration: none; }
.vendor h2 a:hover { color: var(--brand); }
.badges { display: flex; gap: 6px; flex-wrap: wrap; }
.badge { font-size: 13px; color: var(--muted); border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; white-space: nowrap; background: #fafbfd; }
.summary { font-size: 17px; margin: 14px 0 6px; }
.tags { margin: 0 0 4px; }
.tag { display: inline-block; font-size: 12.5px; color: var(--brand-dark); background: #edf0fb; border-radius: 4px; padding: 1px 8px; margin: 2px 2px 2px 0; }
.facts { display: grid; grid-template-columns: 1.5fr 1fr 1fr; gap: 24px; margin: 20px 0 18px; padding: 18px 0; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); }
.facts h3 { margin: 0 0 8px; font: 600 12px/1 Roboto, system-ui, sans-serif; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); }
.facts p { margin: 0 0 6px; }
.facts ul { margin: 0; padding: 0; list-style: none; }
.facts li { margin: 0 0 6px; }
.facts .plus { color: var(--muted); }
.mock-url { text-decoration: none; }
.muted { color: var(--muted); font-size: 14px; }
.code { margin: 0 0 12px; background: var(--code-bg); color: var(--code-ink); border-radius: 8px; padding: 14px 18px; overflow-x: auto; font: 13.5px/1.6 var(--mono); }
.code code { background: none; padding: 0; font-size: inherit; color: inherit; }
.code .prompt { color: #7f89a8; user-select: none; }
.code .k { color: #c792ea; } .code .s { color: #c3e88d; } .code .c { color: #7f89a8; }
.actions { display: flex; gap: 10px; flex-wrap: wrap; margin-top: 18px; }
.button { display: inline-block; padding: 8px 16px; border-radius: 8px; border: 1px solid var(--line); text-decoration: none; font-weight: 500; font-size: 15px; color: var(--ink); background: #fff; }
.button:hover { border-color: var(--brand); color: var(--brand); }
.button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
.button.primary:hover { background: var(--brand-dark); color: #fff; }
.page-foot { color: var(--muted); font-size: 14px; padding-top: 8px; padding-bottom: 40px; }
@media (max-width: 820px) {
  .facts { grid-template-columns: 1fr; gap: 14px; }
  .vendor { padding: 20px; }
  .topbar nav { display: none; }
  .topbar .inner, main, .page-foot { padding-left: 16px; padding-right: 16px; }
}
`;

/** The index: one card per vendor. */
export function indexPage(site) {
  const nav = site.vendors.map((v) => `<a href="#${v.vendor.id}">${escapeHtml(v.vendor.name)}</a>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>b2bkit API docs</title>
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/fonts.css">
<style>${INDEX_CSS}</style>
</head>
<body>
<header class="topbar"><div class="inner"><a class="brand" href="index.html">b2bkit <span>API docs</span></a><nav>${nav}</nav></div></header>
<main>
<section class="hero">
  <h1>Vendor APIs</h1>
  <p>Typed TypeScript clients for B2B and ERP APIs whose vendors publish no OpenAPI. Each API below is described by a
  hand-written OpenAPI spec, the single source of its client, its mock server and this reference; the reference pages
  show the sources the spec was written from and every assumption it makes.</p>
  <p><code>pnpm mock</code> starts every mock at once; <code>pnpm mock &lt;vendor&gt;</code> starts one.</p>
</section>
${site.vendors.map((v) => vendorCard(site, v)).join("\n")}
</main>
<footer class="page-foot">Built by <code>tools/docs</code> from <code>specs/&lt;vendor&gt;/openapi.yaml</code> with Redoc ${escapeHtml(site.redocVersion)}. Works offline: nothing on these pages is loaded from outside this site.</footer>
</body>
</html>
`;
}

/** The site's icon: a "b" on the brand colour. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3451b2"/><path d="M10 6h4v8.2a6 6 0 1 1-4 5.8zm4 14a2.5 2.5 0 1 0 5 0 2.5 2.5 0 1 0-5 0z" fill="#fff" fill-rule="evenodd"/></svg>
`;

/** Redoc's options: nothing that calls out, fonts of the site, downloads of the site's own spec files. */
export function redocOptions(vendor) {
  return {
    scrollYOffset: 48,
    hideDownloadButtons: false,
    downloadUrls: [
      { title: "YAML", url: `specs/${vendor.id}.yaml` },
      { title: "JSON", url: `specs/${vendor.id}.json` },
    ],
    downloadFileName: `${vendor.id}-openapi.json`,
    // Search runs in a worker Redoc builds from a Blob inside its own bundle: no request leaves the page.
    disableSearch: false,
    hideHostname: false,
    requiredPropsFirst: true,
    expandResponses: "200,201",
    jsonSamplesExpandLevel: 3,
    theme: {
      colors: { primary: { main: "#3451b2" } },
      typography: {
        fontFamily: "Roboto, system-ui, sans-serif",
        fontSize: "15px",
        headings: { fontFamily: "Montserrat, system-ui, sans-serif" },
        code: { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace' },
      },
      sidebar: { width: "280px" },
    },
  };
}

// Inside <script>: "<" only occurs in JSON strings, where \u003c is the same character.
const scriptJson = (value) => JSON.stringify(value).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");

const VENDOR_CSS = `
html, body { margin: 0; }
body { font-family: Roboto, system-ui, sans-serif; }
.topbar { position: fixed; top: 0; left: 0; right: 0; height: 48px; z-index: 100; display: flex; align-items: center; gap: 18px;
  padding: 0 20px; background: #1f2430; color: #d7dcec; font-size: 14px; box-shadow: 0 1px 3px rgba(0,0,0,0.2); }
.topbar a { color: #d7dcec; text-decoration: none; }
.topbar a:hover { color: #fff; }
.topbar .brand { font: 700 16px/1 Montserrat, system-ui, sans-serif; color: #fff; white-space: nowrap; }
.topbar .brand span { color: #9fb2ff; font-weight: 400; }
.topbar .title { color: #fff; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.topbar .right { margin-left: auto; display: flex; gap: 16px; align-items: center; white-space: nowrap; }
.topbar code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; color: #c3e88d; }
#redoc { padding-top: 48px; }
.failed { margin: 96px auto; max-width: 720px; padding: 0 24px; font-size: 16px; line-height: 1.5; }
.failed pre { white-space: pre-wrap; background: #fdecec; padding: 12px; border-radius: 6px; }
@media (max-width: 900px) { .topbar .hide-narrow { display: none; } }
@media (max-width: 560px) { .topbar .title { display: none; } }
`;

/** One vendor's Redoc page, with the spec embedded so it also works from file://. */
export function vendorPage(vendor, spec, pageSpec) {
  const title = `${spec.info.title} · b2bkit docs`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/fonts.css">
<style>${VENDOR_CSS}</style>
</head>
<body data-vendor="${vendor.id}">
<nav class="topbar">
  <a class="brand" href="index.html">b2bkit <span>API docs</span></a>
  <span class="title">${escapeHtml(spec.info.title)}</span>
  <span class="right">
    <span class="hide-narrow">Mock: <code>pnpm mock ${escapeHtml(vendor.id)}${vendor.portOffset ? ` --port-offset=${vendor.portOffset}` : ""}</code> → <code>http://localhost:${vendor.port}</code></span>
    <a href="specs/${vendor.id}.yaml" download="${vendor.id}-openapi.yaml">openapi.yaml</a>
    <a href="index.html">All APIs</a>
  </span>
</nav>
<div id="redoc"></div>
<noscript><div class="failed">This page needs JavaScript to render the API reference. The spec itself:
<a href="specs/${vendor.id}.yaml">openapi.yaml</a>, <a href="specs/${vendor.id}.json">openapi.json</a>.</div></noscript>
<script type="application/json" id="openapi-spec">${scriptJson(pageSpec)}</script>
<script type="application/json" id="redoc-options">${scriptJson(redocOptions(vendor))}</script>
<script src="assets/redoc.standalone.js"></script>
<script>
(function () {
  var root = document.getElementById("redoc");
  function failed(message) {
    document.body.setAttribute("data-redoc", "error");
    root.innerHTML = '<div class="failed"><p>The API reference could not be rendered.</p><pre></pre>' +
      '<p>The spec: <a href="specs/${vendor.id}.yaml">openapi.yaml</a></p></div>';
    root.querySelector("pre").textContent = message;
  }
  if (typeof Redoc === "undefined") return failed("assets/redoc.standalone.js did not load.");
  var spec = JSON.parse(document.getElementById("openapi-spec").textContent);
  var options = JSON.parse(document.getElementById("redoc-options").textContent);
  Redoc.init(spec, options, root, function (err) {
    if (err) return failed(String(err && err.message || err));
    document.body.setAttribute("data-redoc", "ready");
  });
})();
</script>
</body>
</html>
`;
}
