-- wrk script: POST /api/v1/moderation/analyse with a unique external_id per
-- request (so every request inserts a row). The key comes from $KEY.
local run = tostring(os.time())
local threads = 0
local key = os.getenv("KEY") or ""

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  counter = 0
  headers = { ["Content-Type"] = "application/json", ["X-API-KEY"] = key }
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"external_id":"wrk-%s-%d-%d","text":"benchmark comment number %d, nothing to see","content_type":"comment","source_app":"bench"}',
    run, tid, counter, counter)
  return wrk.format("POST", "/api/v1/moderation/analyse", headers, body)
end
