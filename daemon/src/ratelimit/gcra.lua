-- GCRA for a batch of checks, each in one atomic step, in order (two checks
-- of one bucket see each other). KEYS[i]: the i-th check's bucket.
-- ARGV[2i-1]: its emission interval in microseconds. ARGV[2i]: its burst.
-- Returns, per check, {allowed (0|1), remaining, reset_us, retry_after_us},
-- flattened. Time comes from the Redis server, so replicas with skewed
-- clocks agree.
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local span = interval * burst
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then
    tat = now
  end
  local new_tat = tat + interval
  local allow_at = new_tat - span
  local n = #out
  if now < allow_at then
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] = 0, 0, tat - now, allow_at - now
  else
    -- %.0f: Lua 5.1 would print a large number in exponent notation.
    redis.call('SET', key, string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
    out[n + 1], out[n + 2], out[n + 3], out[n + 4] =
      1, math.floor((now + span - new_tat) / interval), new_tat - now, 0
  end
end
return out
