-- One sentence to embed with the in-process model, the default one as knowledge bases use it (bench/llm-gateway-overhead.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"input":"How long does a refund to my card take?"}'
