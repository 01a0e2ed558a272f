//! One type for "a connection to the deployment's Redis", whichever kind
//! it is, so the queue, the limiter, heartbeats and stats issue commands,
//! scripts and pipelines the same way on one server and on a cluster. On a
//! cluster each command goes to the node owning its key's slot; a pipeline
//! or script must keep its keys in one slot (the hash tags of
//! [`super::RedisHandle::key_in`]).

use redis::aio::{ConnectionLike, ConnectionManager, MultiplexedConnection};
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisFuture, Value};

/// A cheap-to-clone, multiplexed connection.
#[derive(Clone)]
pub enum RedisConn {
    /// The shared, self-reconnecting connection to one server.
    Managed(ConnectionManager),
    /// A dedicated connection to one server (blocking reads).
    Direct(MultiplexedConnection),
    /// A cluster: one connection per node, routed by slot, following
    /// `MOVED` and failovers by itself.
    Cluster(ClusterConnection),
}

impl ConnectionLike for RedisConn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Self::Managed(c) => c.req_packed_command(cmd),
            Self::Direct(c) => c.req_packed_command(cmd),
            Self::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        cmd: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Self::Managed(c) => c.req_packed_commands(cmd, offset, count),
            Self::Direct(c) => c.req_packed_commands(cmd, offset, count),
            Self::Cluster(c) => c.req_packed_commands(cmd, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Managed(c) => c.get_db(),
            Self::Direct(c) => c.get_db(),
            Self::Cluster(c) => c.get_db(),
        }
    }
}

/// The text of each node's answer to `INFO`: one server answers with one
/// text, a cluster with a map of node to text.
pub fn info_texts(reply: Value) -> Vec<String> {
    match reply {
        Value::Map(nodes) => nodes.into_iter().flat_map(|(_, v)| info_texts(v)).collect(),
        Value::BulkString(bytes) => vec![String::from_utf8_lossy(&bytes).into_owned()],
        Value::VerbatimString { text, .. } | Value::SimpleString(text) => vec![text],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::info_texts;
    use redis::Value;

    #[test]
    fn info_of_one_server_or_of_every_cluster_node() {
        let one = Value::BulkString(b"used_memory:1\r\n".to_vec());
        assert_eq!(info_texts(one.clone()), vec!["used_memory:1\r\n"]);
        let nodes = Value::Map(vec![
            (Value::SimpleString("a:1".into()), one.clone()),
            (Value::SimpleString("b:2".into()), one),
        ]);
        assert_eq!(info_texts(nodes).len(), 2);
        assert!(info_texts(Value::Nil).is_empty());
    }
}
