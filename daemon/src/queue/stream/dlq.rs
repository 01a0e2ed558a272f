//! Reading and deleting dead letters on the Redis dead-letter stream. The
//! entry id is the dead letter's id; its millisecond part is when it failed.

use chrono::{DateTime, Utc};
use redis::streams::{StreamId, StreamRangeReply};

use super::unavailable;
use crate::queue::{DeadLetter, QueueError, valid_dead_letter_id};
use crate::redis::RedisHandle;

fn parse(entry: &StreamId) -> DeadLetter {
    let ms = entry
        .id
        .split_once('-')
        .and_then(|(ms, _)| ms.parse::<i64>().ok())
        .unwrap_or(0);
    DeadLetter {
        id: entry.id.clone(),
        item_id: entry
            .get::<String>("item")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        attempts: entry
            .get::<String>("attempts")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        reason: entry.get("reason").unwrap_or_default(),
        failed_at: DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default(),
    }
}

async fn range(
    redis: &RedisHandle,
    key: &str,
    start: &str,
    end: &str,
    count: usize,
) -> Result<Vec<DeadLetter>, QueueError> {
    let mut conn = redis.conn().await.map_err(unavailable)?;
    let reply: StreamRangeReply = redis::cmd("XRANGE")
        .arg(key)
        .arg(start)
        .arg(end)
        .arg("COUNT")
        .arg(count)
        .query_async(&mut conn)
        .await
        .map_err(unavailable)?;
    Ok(reply.ids.iter().map(parse).collect())
}

pub async fn list(
    redis: &RedisHandle,
    key: &str,
    after: Option<&str>,
    limit: usize,
) -> Result<Vec<DeadLetter>, QueueError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let start = match after {
        Some(id) if valid_dead_letter_id(id) => format!("({id}"),
        Some(_) => return Ok(Vec::new()),
        None => "-".to_owned(),
    };
    range(redis, key, &start, "+", limit).await
}

pub async fn get(
    redis: &RedisHandle,
    key: &str,
    id: &str,
) -> Result<Option<DeadLetter>, QueueError> {
    if !valid_dead_letter_id(id) {
        return Ok(None);
    }
    Ok(range(redis, key, id, id, 1).await?.into_iter().next())
}

pub async fn delete(redis: &RedisHandle, key: &str, id: &str) -> Result<bool, QueueError> {
    if !valid_dead_letter_id(id) {
        return Ok(false);
    }
    let mut conn = redis.conn().await.map_err(unavailable)?;
    let n: i64 = redis::cmd("XDEL")
        .arg(key)
        .arg(id)
        .query_async(&mut conn)
        .await
        .map_err(unavailable)?;
    Ok(n == 1)
}
