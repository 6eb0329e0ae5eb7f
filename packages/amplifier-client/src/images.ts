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

const TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
};

/**
 * Uploads one product image (the .NET `SendFile`): a multipart `POST /product-images/` with the parts `image`,
 * `order`, `product_id`, `alt` and `product_external_id`. Resolves with the stored `ProductImage`; its
 * `product_id` is 0 when the server could not link the image to a product.
 */
export async function uploadProductImage(client: AmplifierClient, upload: ProductImageUpload): Promise<ProductImage> {
  if (!client || typeof client.POST !== "function") {
    throw new TypeError("uploadProductImage: `client` must be a client from createAmplifierClient(...)");
  }
  if (!upload || typeof upload !== "object") {
    throw new TypeError("uploadProductImage: pass { image, fileName, productExternalId }");
  }
  const { image, productExternalId, signal } = upload;
  const isFile = typeof File !== "undefined" && image instanceof File;
  const fileName = upload.fileName ?? (isFile ? (image as File).name : undefined);
  if (typeof fileName !== "string" || fileName.trim() === "") {
    throw new TypeError("uploadProductImage: `fileName` is required (e.g. \"drill-front.jpg\") unless `image` is a File with a name");
  }
  if (typeof productExternalId !== "string" || productExternalId.trim() === "") {
    throw new TypeError("uploadProductImage: `productExternalId` is required: the product's id in your ERP, which links the image to it");
  }
  const order = integer("order", upload.order, 1);
  const productId = integer("productId", upload.productId, 0);
  if (productId < 0) throw new TypeError("uploadProductImage: `productId` must be an integer >= 0");
  if (upload.alt !== undefined && typeof upload.alt !== "string") throw new TypeError("uploadProductImage: `alt` must be a string");

  const form = new FormData();
  form.append("image", toBlob(image, fileName, upload.contentType), fileName);
  form.append("order", String(order));
  form.append("product_id", String(productId));
  form.append("alt", upload.alt ?? fileName);
  form.append("product_external_id", productExternalId);

  // openapi-fetch passes a FormData body through untouched and leaves Content-Type (with its boundary) to fetch;
  // the generated type describes the parts (the binary part as a string), not the FormData that carries them.
  const post = client.POST as unknown as (
    path: "/product-images/",
    init: { body: FormData; signal?: AbortSignal },
  ) => Promise<{ data?: ProductImage; error?: unknown; response: Response }>;
  return unwrap(post("/product-images/", { body: form, ...(signal ? { signal } : {}) }));
}

function toBlob(image: ProductImageData, fileName: string, contentType: string | undefined): Blob {
  if (image instanceof Blob) return image;
  const type = contentType ?? TYPES[fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
  if (image instanceof ArrayBuffer) return new Blob([image], { type });
  if (image instanceof Uint8Array) return new Blob([image.slice()], { type }); // a copy over a plain ArrayBuffer
  throw new TypeError("uploadProductImage: `image` must be a Blob, a File, a Uint8Array or an ArrayBuffer");
}

function integer(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`uploadProductImage: \`${name}\` must be an integer, got ${String(value)}`);
  }
  return value;
}
