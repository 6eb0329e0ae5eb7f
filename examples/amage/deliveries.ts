// AMAGE deliveries: the ones being loaded, page by page; a new one added, read, edited and deleted; a refused lookup.
// Writes a delivery, deleted at the end.
import { isB2bkitError } from "@b2bkit/core";
import { createAmageClient, listAll, unwrap, type NewDelivery } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";

const amage = createAmageClient({
  baseUrl: process.env.B2BKIT_AMAGE_URL!, // e.g. https://your-company.amage.pl
  auth: amageAuth({ deviceUuid: process.env.B2BKIT_AMAGE_DEVICE_UUID!, apiKey: process.env.B2BKIT_AMAGE_API_KEY!, secret: process.env.B2BKIT_AMAGE_SECRET! }),
});

// Every delivery still being loaded, read page by page (listAll asks for pages until a short one).
for await (const d of listAll(amage, "/rest/amage/v1/deliveries/list", { pageSize: 100 })) {
  if (d.deliveryState === "LOADING_ON_SITE") console.log(`loading: ${d.number} (${d.items?.length ?? 0} items)`);
}

// A new delivery: added, read back, edited while it is still loading, then deleted.
const draft: NewDelivery = { number: `DLV/EXAMPLE/${Date.now()}`, deliveryState: "LOADING_ON_SITE", description: "b2bkit example", items: [] };
const { deliveryUuid } = await unwrap(amage.POST("/rest/amage/v1/deliveries/add", { body: draft }));
if (!deliveryUuid) throw new Error("AMAGE added the delivery without naming its deliveryUuid");
const uuid = { params: { path: { uuid: deliveryUuid } } };
const delivery = await unwrap(amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", uuid));
await unwrap(amage.POST("/rest/amage/v1/deliveries/edit/{uuid}", { ...uuid, body: { ...delivery, deliveryInfo: "Gate 3" } }));
console.log(`added and edited ${delivery.number} (${deliveryUuid})`);
await unwrap(amage.DELETE("/rest/amage/v1/deliveries/delete/{uuid}", uuid));

// AMAGE answers every failure with HTTP 400 and its errorCode: here a delivery asked for by its id, not its UUID.
try {
  await unwrap(amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: String(delivery.id) } } }));
} catch (err) {
  if (!isB2bkitError(err, "ApiError")) throw err;
  console.log(`refused as expected: HTTP ${err.status} ${err.code ?? ""}`);
}
