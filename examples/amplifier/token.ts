// Amplifier's JWT login (the .NET AmplifierJWTAuth): lists the new complaints, tells how long the token lasts.
// Writes nothing.
import { createAmplifierClient, unwrap } from "@b2bkit/amplifier-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";

const auth = amplifierAuth({
  authUrl: process.env.B2BKIT_AMPLIFIER_AUTH_URL!, // the authUrl your .NET AmplifierJWTAuth is built with
  username: process.env.B2BKIT_AMPLIFIER_USERNAME!,
  password: process.env.B2BKIT_AMPLIFIER_PASSWORD!,
});
const amplifier = createAmplifierClient({ baseUrl: process.env.B2BKIT_AMPLIFIER_URL!, auth });
const complaints = await unwrap(amplifier.GET("/complaints-translator/", { params: { query: { status: "NEW" } } })); // logs in first
for (const c of complaints) console.log(c.number, c.status);
const expiresAt = auth.current()?.expiresAt; // the token is renewed by itself before then
console.log(`token valid until ${expiresAt ? new Date(expiresAt).toISOString() : "the API refuses it"}`);
