-- One small chat completion per request (bench/llm-gateway-overhead.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench-model","max_tokens":16,"messages":[{"role":"user","content":"Say hi"}]}'
