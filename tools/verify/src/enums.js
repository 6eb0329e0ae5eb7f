// Answers are read tolerantly: where the vendor documents an enum but may send more values, the spec accepts any value
// beside the documented ones (`anyOf: [the enum, a plain type]`), so Prism finds nothing wrong with a new value. A
// user verifying a server wants to know, though: such values are reported here, at their location, as drift.

/** The schema a `$ref` points at, within the spec. */
function resolve(spec, schema) {
  let node = schema;
  for (let hops = 0; node?.$ref && hops < 20; hops++) node = node.$ref.split("/").slice(1).reduce((n, key) => n?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  return node;
}

/** The documented values of a schema that is (or refers to) an enum, if it is one. */
function enumOf(spec, schema) {
  const node = resolve(spec, schema);
  return Array.isArray(node?.enum) ? node.enum : undefined;
}

/** Every value of `body` that lies outside a documented enum its schema also tolerates: `{ location, message, got }`. */
export function undocumentedValues(spec, schema, body, location = ["response", "body"], found = [], depth = 0) {
  const node = resolve(spec, schema);
  if (!node || typeof node !== "object" || depth > 40 || body === undefined) return found;
  for (const part of node.allOf ?? []) undocumentedValues(spec, part, body, location, found, depth + 1);
  const branches = node.anyOf ?? node.oneOf;
  if (branches) {
    const known = branches.map((b) => enumOf(spec, b)).find(Boolean);
    // Only a value of the enum's own type is an unknown member (a number where the members are names may be a member's
    // number, as ServiceStack writes enums when told to).
    if (known && body !== null && typeof body !== "object" && !known.includes(body) && known.some((v) => typeof v === typeof body)) {
      found.push({ location: location.join("."), message: `${JSON.stringify(body)} is not one of the documented values (${known.map((v) => JSON.stringify(v)).join(", ")})`, got: JSON.stringify(body) });
    }
    for (const branch of branches) if (!enumOf(spec, branch)) undocumentedValues(spec, branch, body, location, found, depth + 1);
  }
  if (Array.isArray(body)) {
    if (node.items) body.forEach((item, i) => undocumentedValues(spec, node.items, item, [...location, String(i)], found, depth + 1));
  } else if (body && typeof body === "object" && node.properties) {
    for (const [key, value] of Object.entries(body)) if (node.properties[key]) undocumentedValues(spec, node.properties[key], value, [...location, key], found, depth + 1);
  }
  return found;
}
