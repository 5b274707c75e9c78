-- wrk script: cycles through the paths in a file (one a line), each thread from
-- its own offset, and prints a one-line JSON summary at the end.
--   wrk -t2 -c8 -d15s -s benchmarks/load/paths.lua http://127.0.0.1:8100 -- PATHS [PARAM]
-- With PARAM, every request gets ?PARAM=<unique value>, which a page cache
-- keyed on the full URL never answers from memory (the "uncached" figure).

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  param = args[2]
  counter = (id or 1) * 7919
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  counter = counter + 1
  local path = paths[counter % #paths + 1]
  if param then
    local joiner = path:find("?", 1, true) and "&" or "?"
    path = path .. joiner .. param .. "=" .. id .. "-" .. counter
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
