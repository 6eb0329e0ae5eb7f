// A Jiwa ServiceStack session: signs in once, lists the inventory custom fields, signs out. Writes nothing.
import { createJiwaClient, unwrap } from "@b2bkit/jiwa-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";

const auth = jiwaAuth({ username: process.env.B2BKIT_JIWA_USERNAME!, password: process.env.B2BKIT_JIWA_PASSWORD! });
const jiwa = createJiwaClient({ baseUrl: process.env.B2BKIT_JIWA_URL!, auth }); // e.g. https://api.jiwa.com.au
const fields = await unwrap(jiwa.GET("/Inventory/CustomFields")); // signs in first, once
console.log(fields.map((f) => f.SettingName));
await auth.logout(); // GET /auth/logout with the session, then forgets it
