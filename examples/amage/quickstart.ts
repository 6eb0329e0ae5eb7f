// Counts AMAGE's deliveries and lists them all, page by page. Writes nothing.
import { createAmageClient, listAll, unwrap } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";

const amage = createAmageClient({
  baseUrl: process.env.B2BKIT_AMAGE_URL!, // your instance, e.g. https://your-company.amage.pl, or its mock
  auth: amageAuth({ deviceUuid: process.env.B2BKIT_AMAGE_DEVICE_UUID!, apiKey: process.env.B2BKIT_AMAGE_API_KEY!, secret: process.env.B2BKIT_AMAGE_SECRET! }),
});
const count = await unwrap(amage.GET("/rest/amage/v1/deliveries/count")); // a number, or a thrown ApiError
console.log(`${count} deliveries`);
for await (const delivery of listAll(amage, "/rest/amage/v1/deliveries/list")) console.log(delivery.number, delivery.deliveryState);
