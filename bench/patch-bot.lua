-- Each request changes one of the bots in $BOTS (space-separated ids), round robin, so every PATCH is a real write.
local bots = {}
for id in string.gmatch(os.getenv("BOTS") or "", "%S+") do table.insert(bots, id) end
local n = 0
request = function()
  n = n + 1
  local id = bots[(n % #bots) + 1]
  -- a headers table given to wrk.format replaces the -H headers, so carry them over
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("PATCH", "/v1/bots/" .. id, headers,
    '{"description": "bench ' .. n .. '", "config": {"temperature": 0.' .. (n % 10) .. '}}')
end
