-- GCRA in one atomic step. KEYS[1]: the bucket. ARGV[1]: emission interval
-- in microseconds. ARGV[2]: burst.
-- Returns {allowed (0|1), remaining, reset_us, retry_after_us}.
-- Time comes from the Redis server, so replicas with skewed clocks agree.
redis.replicate_commands()
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local span = interval * burst
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local new_tat = tat + interval
local allow_at = new_tat - span
if now < allow_at then
  return {0, 0, tat - now, allow_at - now}
end
-- %.0f: Lua 5.1 would print a large number in exponent notation.
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((now + span - new_tat) / interval), new_tat - now, 0}
