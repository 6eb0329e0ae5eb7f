import { unwrap } from "./errors.js";
import type { AmplifierClient, ProductImage } from "./index.js";

/** Image data: a `Blob` or `File` (browsers, Node ≥ 20), or the raw bytes. */
export type ProductImageData = Blob | Uint8Array | ArrayBuffer;

export interface ProductImageUpload {
  /** The image. A `File` brings its own name and type; bytes get their type from `fileName` (or `contentType`). */
  image: ProductImageData;
  /** File name on the server (the .NET `fileName`). Required unless `image` is a `File`, whose name is the default. */
  fileName?: string | undefined;
  /** The product's id in your ERP: the server links the image to the product through it. */
  productExternalId: string;
  /** Position among the product's images. Default 1. */
  order?: number | undefined;
  /** Alternative text. Default: the file name, as the .NET client sends. */
  alt?: string | undefined;
  /** AMPER's internal product id. Default 0, as the .NET client sends: the server goes by `productExternalId`. */
  productId?: number | undefined;
  /** Media type of bytes, when the file name's extension does not tell it. */
  contentType?: string | undefined;
  signal?: AbortSignal | undefined;
}

// The media type of bytes by the file name's extension: `image/<this>`.
const TYPES: Record<string, string> = {
  jpg: "jpeg",
  jpeg: "jpeg",
  png: "png",
  gif: "gif",
  webp: "webp",
  avif: "avif",
  svg: "svg+xml",
  bmp: "bmp",
  tif: "tiff",
  tiff: "tiff",
};

/**
 * Uploads one product image (the .NET `SendFile`): a multipart `POST /product-images/` with the parts `image`,
 * `order`, `product_id`, `alt` and `product_external_id`. Resolves with the stored `ProductImage`; its
 * `product_id` is 0 when the server could not link the image to a product.
 */
export async function uploadProductImage(client: AmplifierClient, upload: ProductImageUpload): Promise<ProductImage> {
  const fail = (why: string) => new TypeError(`uploadProductImage: ${why}`);
  if (!client || typeof client.POST !== "function") throw fail("`client` must be a client from createAmplifierClient(...)");
  if (!upload || typeof upload !== "object") throw fail("pass { image, fileName, productExternalId }");
  const { image, productExternalId, alt, order = 1, productId = 0, signal } = upload;
  const fileName = upload.fileName ?? (typeof File !== "undefined" && image instanceof File ? image.name : undefined);
  if (typeof fileName !== "string" || !fileName.trim()) throw fail('`fileName` is required (e.g. "drill-front.jpg") unless `image` is a File with a name');
  if (typeof productExternalId !== "string" || !productExternalId.trim()) {
    throw fail("`productExternalId` is required: the product's id in your ERP, which links the image to it");
  }
  if (!Number.isInteger(order)) throw fail(`\`order\` must be an integer, got ${String(order)}`);
  if (!Number.isInteger(productId) || productId < 0) throw fail(`\`productId\` must be an integer >= 0, got ${String(productId)}`);
  if (alt !== undefined && typeof alt !== "string") throw fail("`alt` must be a string");

  if (!(image instanceof Blob || image instanceof ArrayBuffer || image instanceof Uint8Array)) {
    throw fail("`image` must be a Blob, a File, a Uint8Array or an ArrayBuffer");
  }
  const sub = TYPES[fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase()];
  const form = new FormData();
  form.append(
    "image",
    // Bytes get a type; a Uint8Array is copied over a plain ArrayBuffer.
    image instanceof Blob ? image : new Blob([image instanceof Uint8Array ? image.slice() : image], { type: upload.contentType ?? (sub ? `image/${sub}` : "application/octet-stream") }),
    fileName,
  );
  // The parts in the order the .NET client sends them.
  for (const [name, value] of Object.entries({ order, product_id: productId, alt: alt ?? fileName, product_external_id: productExternalId })) form.append(name, String(value));

  // openapi-fetch passes a FormData body through untouched and leaves Content-Type (with its boundary) to fetch;
  // the generated type describes the parts (the binary part as a string), not the FormData that carries them.
  const post = client.POST as unknown as (
    path: "/product-images/",
    init: { body: FormData; signal?: AbortSignal },
  ) => Promise<{ data?: ProductImage; error?: unknown; response: Response }>;
  return unwrap(post("/product-images/", { body: form, ...(signal ? { signal } : {}) }));
}
