-- uncached.lua - wrk script: each request asks for another page (offset) of the same query,
-- so that it misses the snapshot's page cache and measures the search itself.
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "&limit=20&offset=" .. ((n * 20) % 1000000))
end
