-- wrk: pages of 10,000 incidents at random offsets, as a client paging through a layer.
math.randomseed(7)
local features = tonumber(os.getenv("FEATURES") or "1000000")
request = function()
  local offset = math.random(0, math.max(0, features - 10000))
  return wrk.format("GET", string.format("/api/collections/incidents/items?limit=10000&offset=%d", offset))
end
