import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startMock } from "../src/index.js";
import { parseMultipartLeniently } from "../src/multipart.js";

const BOUNDARY = "dotnet-boundary-1234";

/** A multipart body as .NET's MultipartFormDataContent writes it: parameters unquoted, the file part untyped. */
function dotnetUpload(order: string, { image = true } = {}): Buffer {
  const text = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=${name}\r\n\r\n${value}\r\n`;
  const file = [
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name=image; filename=drl-18v-front.jpg; filename*=utf-8''drl-18v-front.jpg\r\n\r\n`,
    ),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x0d, 0x0a, 0x00, 0x10]),
    Buffer.from("\r\n"),
  ];
  return Buffer.concat([
    ...(image ? file : []),
    Buffer.from(`${text("order", order)}${text("product_id", "0")}${text("alt", "drl-18v-front.jpg")}`),
    Buffer.from(`${text("product_external_id", "P-1001")}--${BOUNDARY}--\r\n`),
  ]);
}

describe("the lenient multipart reader", () => {
  it("reads unquoted names, RFC 5987 file names and an untyped file part, keeping the bytes", () => {
    const parts = parseMultipartLeniently(dotnetUpload("1"), BOUNDARY);
    expect(parts.map((p) => p.name)).toEqual(["image", "order", "product_id", "alt", "product_external_id"]);
    expect(parts[0]).toMatchObject({ name: "image", filename: "drl-18v-front.jpg", type: "application/octet-stream" });
    expect([...parts[0]!.data]).toEqual([0xff, 0xd8, 0xff, 0xe0, 0x0d, 0x0a, 0x00, 0x10]);
    expect(parts[1]!.data.toString()).toBe("1");
    expect(parts[4]!.data.toString()).toBe("P-1001");
  });
});

describe("the Amplifier mock and the .NET client's image upload", () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    mock = await startMock({ vendor: "amplifier", port: await freePort() });
  });
  afterAll(() => mock?.stop());

  const upload = (order: string, options?: { image?: boolean }) =>
    fetch(`${mock.url}/product-images/`, {
      method: "POST",
      headers: { authorization: "Bearer token", "content-type": `multipart/form-data; boundary="${BOUNDARY}"` },
      body: new Uint8Array(dotnetUpload(order, options)),
    });

  it("answers the request .NET sends, and validates its parts", async () => {
    const ok = await upload("1");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ product_id: 501, alt: "drl-18v-front.jpg" });
    // The parts are read, not skipped: the same body without its image part is refused. (`order` is text, as the
    // .NET SendFile takes it, so any value of it passes.)
    const bad = await upload("1", { image: false });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("sl-violations") ?? "").toMatch(/image/);
  });

  it("is still running after it", async () => {
    await (await upload("1")).arrayBuffer();
    expect(mock.child.exitCode).toBeNull();
    const orders = await fetch(`${mock.url}/orders-translator/?status=Pending`, { headers: { authorization: "Bearer token" } });
    expect(orders.status).toBe(200);
  });
});
