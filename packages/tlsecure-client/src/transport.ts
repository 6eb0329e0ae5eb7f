import { record } from "./envelope.js";

/**
 * openapi-fetch's body serializer for this client: every TLSecure body is `application/x-www-form-urlencoded`, so an
 * object of fields becomes `name=Stark+Company&vat=21…`. Fields that are `undefined` or `null` are left out (sending
 * the text "undefined" would change the company); numbers and booleans are sent as their text.
 */
export function formBody(body: unknown): string | URLSearchParams {
  if (typeof body === "string" || body instanceof URLSearchParams) return body;
  const fields = record(body);
  if (!fields || body instanceof Blob || body instanceof FormData) {
    throw new TypeError('createTlsecureClient: a TLSecure body is a form: pass an object of fields, e.g. { vat: "21" }');
  }
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value == null) continue;
    if (typeof value === "object" || typeof value === "function" || typeof value === "symbol") {
      throw new TypeError(`createTlsecureClient: form field \`${name}\` must be a string or a number, got ${Array.isArray(value) ? "an array" : typeof value}`);
    }
    form.append(name, String(value));
  }
  return form.toString();
}
