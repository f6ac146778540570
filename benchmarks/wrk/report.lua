-- Prints one machine-readable line at the end of a wrk run: requests, seconds, p50/p95 (ms), errors.
-- With BENCH_COOKIES set ("sessionid=a;sessionid=b;..."), each request carries one of those sessions at
-- random: several signed-in members at once.
local cookies = {}
local from_env = os.getenv("BENCH_COOKIES")
if from_env then
  for cookie in string.gmatch(from_env, "[^;]+") do
    table.insert(cookies, cookie)
  end
end

request = function()
  if #cookies > 0 then
    return wrk.format(nil, nil, { Cookie = cookies[math.random(#cookies)] })
  end
  return wrk.format()
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "BENCH %d %d %.3f %.3f %d %d\n",
    summary.requests,
    summary.duration,
    latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    summary.errors.status,
    errors
  ))
end
