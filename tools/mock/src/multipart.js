// Prism reads multipart bodies with parse-multipart-data, which throws on two things real clients send: a part
// without its own Content-Type (.NET's ByteArrayContent) and unquoted parameters (`name=image; filename=a.jpg`,
// again .NET). The throw escapes Prism's request handler and ends the whole mock process. This parser reads both
// forms; it is used only when the original throws, so every body the original accepts is read exactly as before.

/** The parameters of a Content-Disposition header: quoted or not; `filename*` (RFC 5987) when no plain filename. */
function dispositionParams(header) {
  const params = {};
  for (const m of header.matchAll(/;\s*([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
    const key = m[1].toLowerCase();
    let value = m[2].trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    if (key === "filename*") {
      const ext = /^[\w-]*'[\w-]*'(.*)$/.exec(value);
      try {
        value = decodeURIComponent(ext ? ext[1] : value);
      } catch {
        // keep the raw value
      }
    }
    params[key] = value;
  }
  if (params.filename === undefined && params["filename*"] !== undefined) params.filename = params["filename*"];
  return params;
}

/** Parts of a multipart body as parse-multipart-data gives them: `{ name, data, filename?, type? }`. */
export function parseMultipartLeniently(body, boundary) {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const headerStart = start + delimiter.length;
    if (body.subarray(headerStart, headerStart + 2).toString() === "--") break; // the closing delimiter
    const next = body.indexOf(delimiter, headerStart);
    if (next === -1) break;
    const raw = body.subarray(headerStart, next);
    const split = raw.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = raw.subarray(0, split).toString("utf8").split("\r\n").filter(Boolean);
      let data = raw.subarray(split + 4);
      if (data.subarray(-2).toString() === "\r\n") data = data.subarray(0, -2);
      const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? "";
      const contentType = headers.find((h) => /^content-type:/i.test(h));
      const params = dispositionParams(disposition);
      const part = {};
      if (params.filename !== undefined) {
        part.filename = params.filename;
        part.type = contentType ? contentType.slice(contentType.indexOf(":") + 1).trim() : "application/octet-stream";
      }
      part.name = params.name ?? "";
      part.data = Buffer.from(data);
      parts.push(part);
    }
    start = next;
  }
  return parts;
}

/** Makes a loaded parse-multipart-data fall back to the lenient parser instead of throwing. */
export function tolerateMultipart(module) {
  const original = module.parse;
  module.parse = (body, boundary) => {
    try {
      return original(body, boundary);
    } catch {
      return parseMultipartLeniently(body, boundary);
    }
  };
}
