/**
 * openapi-fetch's body serializer for this client: every TLSecure body is `application/x-www-form-urlencoded`, so an
 * object of fields becomes `name=Stark+Company&vat=21…`. Fields that are `undefined` or `null` are left out (sending
 * the text "undefined" would change the company); numbers and booleans are sent as their text.
 */
export function formBody(body: unknown): string | URLSearchParams {
  if (typeof body === "string" || body instanceof URLSearchParams) return body;
  if (!body || typeof body !== "object" || Array.isArray(body) || body instanceof Blob || body instanceof FormData) {
    throw new TypeError(
      "createTlsecureClient: a TLSecure body is a form: pass an object of fields, e.g. { name: \"Stark Company\", vat: \"21\" }",
    );
  }
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && typeof value !== "bigint") {
      throw new TypeError(`createTlsecureClient: form field \`${name}\` must be a string or a number, got ${Array.isArray(value) ? "an array" : typeof value}`);
    }
    form.append(name, String(value));
  }
  return form.toString();
}

