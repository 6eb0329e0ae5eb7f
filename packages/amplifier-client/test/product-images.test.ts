import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type Seen, type TestServer } from "@b2bkit/mock/test-server";
import { createAmplifierClient, unwrap, uploadProductImage } from "../src/index.js";
import { mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// ASCII-only "image" bytes: the test server keeps bodies as text, and these survive that unchanged.
const bytes = new TextEncoder().encode("GIF89a fake image bytes");

/** The multipart parts as the server received them. */
async function partsOf(seen: Seen): Promise<FormData> {
  return new Response(seen.body, { headers: { "content-type": String(seen.headers["content-type"]) } }).formData();
}

async function recorder() {
  server = await testServer((_req, res) => json(res, 201, { product_id: 501, alt: "a", image: "/media/a.jpg", order: 1 }));
  return createAmplifierClient({ baseUrl: server.url });
}

describe("product images (B2BWSBackend.SendFile)", () => {
  it("uploads bytes to the mock and gets the stored ProductImage back", async () => {
    const image = await uploadProductImage(mockClient(), { image: bytes, fileName: "drl-18v-front.jpg", productExternalId: "P-1001", order: 1 });
    expect(image).toMatchObject({ product_id: 501, file_name: "drl-18v-front.jpg", order: 1 });
    expect(image.image).toMatch(/^https:\/\/.+\.jpg$/);
  });

  it("uploads a Blob and a File to the mock", async () => {
    const amplifier = mockClient();
    const blob = new Blob([bytes], { type: "image/gif" });
    expect((await uploadProductImage(amplifier, { image: blob, fileName: "a.gif", productExternalId: "P-1001" })).product_id).toBe(501);
    const file = new File([bytes], "from-disk.png", { type: "image/png" });
    expect((await uploadProductImage(amplifier, { image: file, productExternalId: "P-1001", order: 2 })).product_id).toBe(501);
  });

  it("sends the five multipart parts the .NET client sends", async () => {
    const amplifier = await recorder();
    await uploadProductImage(amplifier, { image: bytes, fileName: "drl-18v-front.jpg", productExternalId: "P-1001", order: 3 });
    const seen = server!.seen[0]!;
    expect(seen).toMatchObject({ method: "POST", url: "/product-images/" });
    expect(seen.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await partsOf(seen);
    const image = form.get("image") as File;
    expect(image.name).toBe("drl-18v-front.jpg");
    expect(image.type).toBe("image/jpeg");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(bytes);
    expect(form.get("order")).toBe("3");
    expect(form.get("product_id")).toBe("0");
    expect(form.get("alt")).toBe("drl-18v-front.jpg");
    expect(form.get("product_external_id")).toBe("P-1001");
  });

  it("takes an ArrayBuffer, and a File's own name, with alt and productId when given", async () => {
    const amplifier = await recorder();
    await uploadProductImage(amplifier, { image: bytes.slice().buffer, fileName: "x.webp", productExternalId: "P-2", alt: "Side view", productId: 77 });
    await uploadProductImage(amplifier, { image: new File([bytes], "named.png", { type: "image/png" }), productExternalId: "P-3" });
    const first = await partsOf(server!.seen[0]!);
    expect((first.get("image") as File).type).toBe("image/webp");
    expect(first.get("alt")).toBe("Side view");
    expect(first.get("product_id")).toBe("77");
    expect(first.get("order")).toBe("1");
    const second = await partsOf(server!.seen[1]!);
    expect((second.get("image") as File).name).toBe("named.png");
    expect(second.get("alt")).toBe("named.png");
  });

  it("refuses an upload without what the server needs, naming the field", async () => {
    const amplifier = await recorder();
    await expect(uploadProductImage(amplifier, { image: bytes, productExternalId: "P-1" })).rejects.toThrow(/`fileName` is required/);
    await expect(uploadProductImage(amplifier, { image: bytes, fileName: "a.jpg", productExternalId: "" })).rejects.toThrow(/`productExternalId` is required/);
    await expect(uploadProductImage(amplifier, { image: bytes, fileName: "a.jpg", productExternalId: "P", order: 1.5 })).rejects.toThrow(/`order` must be an integer/);
    // @ts-expect-error: a path is not image data (the .NET client read the file itself)
    await expect(uploadProductImage(amplifier, { image: "images/a.jpg", fileName: "a.jpg", productExternalId: "P" })).rejects.toThrow(/`image` must be a Blob/);
    expect(server!.seen).toHaveLength(0);
  });

  it("lets the mock refuse a multipart body without the image, with the reason", async () => {
    const form = new FormData();
    form.append("product_external_id", "P-1001");
    // @ts-expect-error: the typed body describes the parts; a FormData without `image` is what is being tested
    const call = mockClient().POST("/product-images/", { body: form });
    const err = (await unwrap(call).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("image");
  });
});
