// Calls Parley's /v1/chat/completions with the official OpenAI client, plain and streamed, on the offline
// `retrieval` model (knowledge passages go in `documents`, an extension the client passes through).
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.PARLEY_BASE_URL, apiKey: process.env.PARLEY_API_KEY, maxRetries: 0 });
const request = {
  model: "retrieval",
  messages: [{ role: "user", content: "How do I get my money back?" }],
  documents: [
    { id: "refunds", title: "Refunds", text: "Refunds are paid back to the original card within 14 days." },
    { id: "shipping", title: "Shipping", text: "Standard shipping takes 3 to 5 business days." },
  ],
};

const plain = await client.chat.completions.create(request);

let streamed = "";
let chunks = 0;
let finishReason = null;
let usage = null;
const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  const choice = chunk.choices[0];
  if (!choice) continue;
  streamed += choice.delta?.content ?? "";
  finishReason = choice.finish_reason ?? finishReason;
}

console.log(JSON.stringify({
  object: plain.object,
  content: plain.choices[0].message.content,
  role: plain.choices[0].message.role,
  finishReason: plain.choices[0].finish_reason,
  promptTokens: plain.usage.prompt_tokens,
  streamed,
  chunks,
  streamFinishReason: finishReason,
  streamTotalTokens: usage?.total_tokens,
}));
