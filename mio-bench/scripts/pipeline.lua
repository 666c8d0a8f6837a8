-- wrk script for the pipelined rounds: 16 requests sent back to back on each connection.
-- wrk counts one request per parsed response. Its latency percentiles are not reported for these
-- rounds: its correction assumes one response per sample, which pipelining breaks.
local depth = 16

init = function(args)
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format(nil, "/")
  end
  req = table.concat(r)
end

request = function()
  return req
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %.1f %.1f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
