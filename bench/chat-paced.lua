-- chat.lua with a pause of PACE_MS milliseconds after each answer (bench/llm-gateway-overhead.sh): the fake provider
-- then sees calls at the pace a gateway in front of it sends them, idle in between, as it is through a gateway.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench-model","max_tokens":16,"messages":[{"role":"user","content":"Say hi"}]}'
local pace = tonumber(os.getenv("PACE_MS") or "1")
function delay() return pace end
