-- Each request changes one of the bots in $BOTS (space-separated ids), round robin, so every PATCH is a real write.
local bots = {}
for id in string.gmatch(os.getenv("BOTS") or "", "%S+") do table.insert(bots, id) end
local n = 0
request = function()
  n = n + 1
  local id = bots[(n % #bots) + 1]
  return wrk.format("PATCH", "/v1/bots/" .. id, {["Content-Type"] = "application/json"},
    '{"description": "bench ' .. n .. '", "config": {"temperature": 0.' .. (n % 10) .. '}}')
end
