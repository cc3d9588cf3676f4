-- wrk script: posts pre-signed webhooks (from WebhookRequests.java) in a cycle, and counts answers by status.
--   REQUESTS=/tmp/requests.tsv SHOP=shop-demo wrk -t2 -c64 -d30s -s webhooks.lua http://127.0.0.1:8080
-- Each thread starts at a different offset so the threads do not send the same webhook-id at the same moment.
local file = os.getenv("REQUESTS") or "/tmp/kefu-webhooks.tsv"
local shop = os.getenv("SHOP") or "shop-demo"
local requests = {}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path = "/webhooks/" .. shop
  for line in io.lines(file) do
    local id, ts, sig, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    if id then
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id,
        ["webhook-timestamp"] = ts,
        ["webhook-signature"] = sig,
      }, body)
    end
  end
  if #requests == 0 then error("no requests in " .. file) end
  counter = (offset or 0) * math.floor(#requests / 2)
  statuses = {}
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, n in pairs(s) do
      io.write(string.format("status %d: %d\n", status, n))
    end
  end
  io.write(string.format("p50_ms %.2f p99_ms %.2f rps %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
