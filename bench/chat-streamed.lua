-- One small streamed chat completion per request, usage asked for (bench/llm-gateway-overhead.sh: warms the
-- streaming path before its first chunk is timed).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench-model","stream":true,"stream_options":{"include_usage":true},"max_tokens":16,"messages":[{"role":"user","content":"Say hi"}]}'
