// Calls Parley's /v1/embeddings with the official OpenAI client (which asks for base64 and decodes it).
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.PARLEY_BASE_URL, apiKey: process.env.PARLEY_API_KEY, maxRetries: 0 });
const result = await client.embeddings.create({
  model: "all-minilm-l6-v2",
  input: ["The cat sits on the mat", "A cat is sitting on a rug"],
});
console.log(JSON.stringify({
  model: result.model,
  count: result.data.length,
  dimensions: result.data.map((d) => d.embedding.length),
  first: result.data[0].embedding.slice(0, 3),
  promptTokens: result.usage.prompt_tokens,
}));
