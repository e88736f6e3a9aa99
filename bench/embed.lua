-- One sentence to embed with the in-process model (bench/llm-gateway-overhead.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"all-minilm-l6-v2","input":"How long does a refund to my card take?"}'
