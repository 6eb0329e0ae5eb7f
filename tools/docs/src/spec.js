// Reading a vendor spec for the docs: parse and sanity-check it, list its operations and its `x-assumption`s,
// and make the copy embedded in a Redoc page show every assumption (Redoc ignores unknown `x-` keys).
import { LineCounter, isScalar, parseDocument, visit } from "yaml";

export const METHODS = Object.freeze(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** A spec the site cannot be built from; `message` says which file and why. */
export class SpecError extends Error {
  constructor(message) {
    super(message);
    this.name = "SpecError";
  }
}

/** Parses the YAML text of `file` (used in messages only) and checks what the docs rely on. */
export function loadSpec(text, file) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    throw new SpecError(`${file}: not valid YAML\n${doc.errors.map((e) => indent(e.message)).join("\n")}`);
  }
  const spec = doc.toJS({ maxAliasCount: -1 });
  const problems = checkSpec(spec);
  if (!problems.length) problems.push(...checkRefs(doc, spec, lineCounter));
  if (problems.length) {
    const shown = problems.slice(0, 20).map((p) => `  - ${p}`);
    if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more`);
    throw new SpecError(`${file}: not a usable OpenAPI document\n${shown.join("\n")}`);
  }
  return spec;
}

function indent(s) {
  return s.split("\n").map((l) => `  ${l}`).join("\n");
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The problems that would make the pages wrong or empty (not a linter: `pnpm lint` does that). */
export function checkSpec(spec) {
  if (!isObject(spec)) return ["the document is not a YAML mapping"];
  const problems = [];
  if (typeof spec.openapi !== "string" || !/^3\.[01]\.\d+$/.test(spec.openapi)) {
    problems.push(`\`openapi\` must be 3.0.x or 3.1.x (found ${JSON.stringify(spec.openapi)})`);
  }
  if (!isObject(spec.info)) problems.push("`info` is missing");
  else {
    if (typeof spec.info.title !== "string" || !spec.info.title.trim()) problems.push("`info.title` is missing");
    if (spec.info.version === undefined) problems.push("`info.version` is missing");
  }
  if (!isObject(spec.paths)) problems.push("`paths` is missing or not a mapping");
  else {
    for (const [path, item] of Object.entries(spec.paths)) {
      if (!path.startsWith("/")) problems.push(`path \`${path}\` does not start with /`);
      if (!isObject(item)) problems.push(`path \`${path}\` is not a mapping`);
      else {
        for (const m of METHODS) {
          if (m in item && !isObject(item[m])) problems.push(`\`${m.toUpperCase()} ${path}\` is not a mapping`);
        }
      }
    }
  }
  return problems;
}

/** Every `$ref` must point inside the document: the page embeds that one document. Reported with its line. */
function checkRefs(doc, spec, lineCounter) {
  const problems = [];
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== "$ref") return;
      const at = pair.key.range ? `line ${lineCounter.linePos(pair.key.range[0]).line}` : "somewhere";
      const ref = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof ref !== "string") problems.push(`${at}: $ref is not a string`);
      else if (!ref.startsWith("#")) {
        problems.push(`${at}: $ref "${ref}" points to another file: the docs embed one document, bundle it first`);
      } else if (resolvePointer(spec, ref.slice(1)) === undefined) {
        problems.push(`${at}: $ref "${ref}" does not resolve`);
      }
    },
  });
  return problems;
}

/** Calls `visit(node, pointer)` on every mapping of the document. */
function walk(node, pointer, visit) {
  if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${pointer}/${i}`, visit));
  else if (isObject(node)) {
    visit(node, pointer);
    for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${escapeToken(key)}`, visit);
  }
}

const escapeToken = (key) => key.replaceAll("~", "~0").replaceAll("/", "~1");
const unescapeToken = (token) => decodeURIComponent(token).replaceAll("~1", "/").replaceAll("~0", "~");

export function resolvePointer(doc, pointer) {
  if (pointer === "") return doc;
  if (!pointer.startsWith("/")) return undefined;
  let node = doc;
  for (const token of pointer.slice(1).split("/")) {
    let key;
    try {
      key = unescapeToken(token);
    } catch {
      return undefined;
    }
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Every operation: `{ method, path, operationId, summary, tags, security }` in document order. */
export function listOperations(spec) {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      ops.push({
        method,
        path,
        operationId: op.operationId,
        summary: op.summary,
        tags: op.tags ?? [],
        security: op.security ?? spec.security ?? [],
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(spec, p)),
        op,
      });
    }
  }
  return ops;
}

/** Follows local `$ref`s (siblings of the ref win, as in OpenAPI 3.1). */
export function deref(spec, node, seen = new Set()) {
  if (!isObject(node) || typeof node.$ref !== "string" || seen.has(node.$ref)) return node;
  seen.add(node.$ref);
  const { $ref, ...siblings } = node;
  const target = deref(spec, resolvePointer(spec, $ref.slice(1)), seen);
  return isObject(target) ? { ...target, ...siblings } : node;
}

function assumptionText(value) {
  if (Array.isArray(value)) return value.map(assumptionText).join("\n\n");
  if (typeof value === "string") return value.trim();
  return JSON.stringify(value);
}

/** Every `x-assumption`: `{ pointer, where, link, text }`, `where` in words (Markdown). */
export function listAssumptions(spec) {
  const found = [];
  walk(spec, "", (node, pointer) => {
    if (!("x-assumption" in node)) return;
    const { where, link } = describeLocation(spec, pointer);
    found.push({ pointer, where, link, text: assumptionText(node["x-assumption"]) });
  });
  return found;
}

function describeLocation(spec, pointer) {
  const t = pointer.split("/").slice(1).map(unescapeToken);
  const code = (s) => `\`${s}\``;
  const [root, a, b, ...rest] = t;
  if (root === "info" && t.length === 1) return { where: "The API as a whole" };
  if (root === "servers" && t.length === 2) return { where: `Server ${code(spec.servers?.[Number(a)]?.url ?? a)}` };
  if (root === "tags" && t.length === 2) return { where: `Tag ${code(spec.tags?.[Number(a)]?.name ?? a)}` };
  if ((root === "paths" || root === "webhooks") && a !== undefined) {
    if (b === undefined) return { where: `Every operation on ${code(a)}` };
    if (METHODS.includes(b)) {
      const op = spec[root][a][b];
      const name = `${b.toUpperCase()} ${a}`;
      const link = op.operationId ? `#operation/${op.operationId}` : undefined;
      if (rest.length === 0) return { where: code(name), link };
      if (rest[0] === "parameters" && rest.length === 2) {
        const p = deref(spec, op.parameters?.[Number(rest[1])]);
        return { where: `Parameter ${code(p?.name ?? rest[1])} of ${code(name)}`, link };
      }
      if (rest[0] === "responses" && rest.length === 2) return { where: `Response ${rest[1]} of ${code(name)}`, link };
      if (rest[0] === "requestBody" && rest.length === 1) return { where: `Request body of ${code(name)}`, link };
      return { where: `${code(name)}, at ${code(rest.join("."))}`, link };
    }
    return { where: `${code(a)}, at ${code([b, ...rest].join("."))}` };
  }
  if (root === "components" && a !== undefined && b !== undefined) {
    if (a === "schemas") {
      const props = [];
      let other = false;
      for (let i = 0; i < rest.length; i += 2) {
        if (rest[i] === "properties" && rest[i + 1] !== undefined) props.push(rest[i + 1]);
        else other = true;
      }
      if (rest.length === 0) return { where: `Schema ${code(b)}` };
      if (!other) return { where: `Property ${code([b, ...props].join("."))}` };
      return { where: `Schema ${code(b)}, at ${code(rest.join("."))}` };
    }
    const kinds = {
      responses: "Response",
      parameters: "Parameter",
      securitySchemes: "Security scheme",
      requestBodies: "Request body",
      headers: "Header",
      examples: "Example",
    };
    const what = kinds[a] ?? `components.${a}`;
    return { where: rest.length ? `${what} ${code(b)}, at ${code(rest.join("."))}` : `${what} ${code(b)}` };
  }
  return { where: code(pointer) };
}

const appendParagraph = (description, paragraph) =>
  typeof description === "string" && description.trim() ? `${description.trimEnd()}\n\n${paragraph}` : paragraph;

const assumptionParagraph = (text) => `**Assumption:** ${text}`;

/**
 * The copy of the spec a Redoc page embeds: each `x-assumption` appended to its element's `description`
 * (and, for a path item, to each of its operations, since Redoc shows no path-item description), `x-sources`
 * as a list, and one "All assumptions" section listing them all with where they apply. The input is not changed.
 */
export function specForPage(spec) {
  const copy = structuredClone(spec);
  const assumptions = listAssumptions(spec);
  walk(copy, "", (node, pointer) => {
    if (!("x-assumption" in node)) return;
    const paragraph = assumptionParagraph(assumptionText(node["x-assumption"]));
    node.description = appendParagraph(node.description, paragraph);
    const t = pointer.split("/");
    if ((t[1] === "paths" || t[1] === "webhooks") && t.length === 3) {
      for (const m of METHODS) {
        if (isObject(node[m])) node[m].description = appendParagraph(node[m].description, paragraph);
      }
    }
  });
  const info = copy.info;
  const sources = info["x-sources"];
  if (Array.isArray(sources) && sources.length) {
    info.description = appendParagraph(info.description, `## Sources\n\n${sources.map((s) => `- ${oneLine(String(s))}`).join("\n")}`);
  }
  if (assumptions.length) {
    const items = assumptions.map((a) => {
      const where = a.link ? `[${a.where}](${a.link})` : a.where;
      return `- ${where}: ${oneLine(a.text)}`;
    });
    const intro =
      "Choices this spec makes where the vendor's documentation is silent (marked `x-assumption` in the spec), " +
      "each also shown on the element it concerns.";
    info.description = appendParagraph(info.description, `## All assumptions (${assumptions.length})\n\n${intro}\n\n${items.join("\n")}`);
  }
  return copy;
}

const oneLine = (s) => s.replace(/\s*\n\s*/g, " ").trim();
