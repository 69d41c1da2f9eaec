-- wrk: items of a random ~2 km box in the Tovuz-Tavush region, 100 at most, as a map client asks.
math.randomseed(42)
request = function()
  local lon = 45.0 + math.random() * 1.0
  local lat = 40.6 + math.random() * 0.7
  return wrk.format("GET", string.format(
    "/api/collections/incidents/items?bbox=%.4f,%.4f,%.4f,%.4f&limit=100", lon, lat, lon + 0.02, lat + 0.02))
end
