// The official Standard Webhooks library (npm "standardwebhooks") judging what routing-service signed.
// stdin:  {"secret": "whsec_...", "messages": [{"id", "timestamp", "signature", "payload"}]}
// stdout: [{"verified": true | "<why not>", "signature": "<the library's own v1 signature>"}, ...]
// verify() also checks that the timestamp is within 5 minutes of now, so old test vectors are compared by signature.
import { Webhook } from "standardwebhooks";

const input = JSON.parse(await new Promise((resolve) => {
  let data = "";
  process.stdin.on("data", (chunk) => (data += chunk));
  process.stdin.on("end", () => resolve(data));
}));
const hook = new Webhook(input.secret);
const results = input.messages.map((m) => {
  let verified;
  try {
    hook.verify(m.payload, {
      "webhook-id": m.id,
      "webhook-timestamp": String(m.timestamp),
      "webhook-signature": m.signature,
    });
    verified = true;
  } catch (e) {
    verified = e.message;
  }
  return { verified, signature: hook.sign(m.id, new Date(m.timestamp * 1000), m.payload) };
});
console.log(JSON.stringify(results));
