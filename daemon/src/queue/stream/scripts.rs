//! The Lua scripts of the Redis queue. Each state change that touches more
//! than one key is one script, so it is atomic: the stream, the set of
//! queued ids, the delayed-retry set and the dead-letter stream never
//! disagree, whatever crashes in between.
//!
//! Keys (under the deployment's prefix, all with the hash tag `{queue}` so a
//! Redis Cluster keeps them in one slot, as its scripts require):
//! - `{queue}:jobs`     stream of jobs, fields `item`, `attempt` (and `traceparent`
//!   when traces are exported); consumer group `workers`
//! - `{queue}:queued`   set of item ids that are queued, delayed or in flight (enqueue dedup)
//! - `{queue}:delayed`  sorted set `item:attempt[:traceparent]` scored by due time (ms), for backoff
//! - `{queue}:dlq`      stream of dead letters, fields `item`, `attempts`, `reason`
//! - `{queue}:counters` hash: `retries`, `dead_lettered`, `reclaimed`
//!
//! Times come from the server's `TIME`, so processes with skewed clocks agree.

use redis::Script;
use std::sync::LazyLock;

/// KEYS: jobs, queued. ARGV: pairs of item id and traceparent (empty when
/// untraced). Adds the ids not already queued; returns how many were added.
pub static ENQUEUE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    if ARGV[i + 1] == '' then
      redis.call('XADD', KEYS[1], '*', 'item', ARGV[i], 'attempt', '1')
    else
      redis.call('XADD', KEYS[1], '*', 'item', ARGV[i], 'attempt', '1', 'traceparent', ARGV[i + 1])
    end
    n = n + 1
  end
end
return n",
    )
});

/// KEYS: jobs, queued. ARGV: group, then (entry id, item) pairs.
/// Acknowledges and deletes each entry (deleting is what keeps the stream
/// from growing), and forgets an id only if its entry was still pending, so
/// a late ack cannot drop a newer job for the same item. A batch of jobs is
/// one call; returns how many were still pending.
pub static ACK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local n = 0
for i = 2, #ARGV, 2 do
  local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
  redis.call('XDEL', KEYS[1], ARGV[i])
  if acked == 1 then
    redis.call('SREM', KEYS[2], ARGV[i + 1])
    n = n + 1
  end
end
return n",
    )
});

/// KEYS: jobs, delayed, counters. ARGV: group, entry id, item, next attempt,
/// delay ms, traceparent (or empty). Moves a pending entry to the delayed set.
pub static RETRY: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if acked == 1 then
  redis.call('XDEL', KEYS[1], ARGV[2])
  local t = redis.call('TIME')
  local due = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[5])
  local member = ARGV[3] .. ':' .. ARGV[4]
  if ARGV[6] ~= '' then member = member .. ':' .. ARGV[6] end
  redis.call('ZADD', KEYS[2], due, member)
  redis.call('HINCRBY', KEYS[3], 'retries', 1)
end
return acked",
    )
});

/// KEYS: jobs, delayed. ARGV: most to move. Moves due retries back into the
/// stream; returns how many.
pub static PROMOTE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, m in ipairs(due) do
  local item, attempt, trace = string.match(m, '^([^:]+):([^:]+):?(.*)$')
  if item and trace ~= '' then
    redis.call('XADD', KEYS[1], '*', 'item', item, 'attempt', attempt, 'traceparent', trace)
  elseif item then
    redis.call('XADD', KEYS[1], '*', 'item', item, 'attempt', attempt)
  end
  redis.call('ZREM', KEYS[2], m)
end
return #due",
    )
});

/// KEYS: jobs, group counters. ARGV: group, consumer, min idle ms, most
/// to claim. Claims entries idle past the visibility timeout; returns
/// `{id, item, attempt, times delivered, traceparent}` for each, flattened.
pub static RECLAIM: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', tonumber(ARGV[4]))
local out = {}
for _, e in ipairs(r[2]) do
  if type(e) == 'table' and e[2] then
    local item, attempt, trace = '', '1', ''
    local f = e[2]
    for i = 1, #f, 2 do
      if f[i] == 'item' then item = f[i + 1]
      elseif f[i] == 'attempt' then attempt = f[i + 1]
      elseif f[i] == 'traceparent' then trace = f[i + 1] end
    end
    local p = redis.call('XPENDING', KEYS[1], ARGV[1], e[1], e[1], 1)
    local delivered = 1
    if p[1] then delivered = p[1][4] end
    redis.call('HINCRBY', KEYS[2], 'reclaimed', 1)
    table.insert(out, e[1]); table.insert(out, item)
    table.insert(out, attempt); table.insert(out, delivered)
    table.insert(out, trace)
  end
end
return out",
    )
});

/// KEYS: jobs, queued, dlq, counters. ARGV: group, entry id, item, attempts,
/// reason, dlq max length. Moves a pending entry to the dead-letter stream.
pub static DEAD_LETTER: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if acked == 1 then
  redis.call('SREM', KEYS[2], ARGV[3])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'item', ARGV[3], 'attempts', ARGV[4], 'reason', ARGV[5])
  redis.call('HINCRBY', KEYS[4], 'dead_lettered', 1)
end
return acked",
    )
});

/// KEYS: jobs, delayed, dlq, counters. ARGV: group. Returns `{stream length,
/// pending, delayed, dead letters, retries, dead lettered, reclaimed}`; a
/// missing group counts as nothing pending.
pub static STATS: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local len = redis.call('XLEN', KEYS[1])
local ok, p = pcall(redis.call, 'XPENDING', KEYS[1], ARGV[1])
local pending = 0
if ok then pending = p[1] end
local c = redis.call('HMGET', KEYS[4], 'retries', 'dead_lettered', 'reclaimed')
return {len, pending, redis.call('ZCARD', KEYS[2]), redis.call('XLEN', KEYS[3]),
  tonumber(c[1]) or 0, tonumber(c[2]) or 0, tonumber(c[3]) or 0}",
    )
});

/// KEYS: dlq. Deletes the dead-letter stream; returns how many it held.
pub static PURGE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local n = redis.call('XLEN', KEYS[1])
redis.call('DEL', KEYS[1])
return n",
    )
});
