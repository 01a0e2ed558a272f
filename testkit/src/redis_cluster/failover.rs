//! Faults on a test cluster: a node killed (SIGKILL, data gone) and started
//! again, a master killed until its replica is promoted, and a replica
//! told to take over gracefully (`CLUSTER FAILOVER`). Each waits until the
//! cluster serves every slot again, so the test measures `modd`, not the
//! cluster forming.

use super::topology::{self, Entry};
use super::{RedisCluster, cli, spawn_node, stop, wait_for};

impl RedisCluster {
    /// The cluster as a running node sees it.
    fn topology(&self) -> Vec<Entry> {
        let node = self.running().next().expect("a running node");
        topology::parse(&cli(node.port, &["cluster", "nodes"]))
    }

    fn index_of(&self, port: u16) -> usize {
        self.nodes
            .iter()
            .position(|n| n.port == port)
            .expect("a node of this cluster")
    }

    fn id_of(&self, i: usize) -> String {
        let port = self.nodes[i].port;
        self.topology()
            .into_iter()
            .find(|e| e.port == port)
            .expect("the node is in CLUSTER NODES")
            .id
    }

    /// The node (index) serving the slot of `key`: while a master is down
    /// and not yet replaced, still that master.
    pub fn node_of(&self, key: &str) -> usize {
        let node = self.running().next().expect("a running node");
        let slot: u16 = cli(node.port, &["cluster", "keyslot", key])
            .trim()
            .parse()
            .expect("CLUSTER KEYSLOT answers a number");
        let owner = self
            .topology()
            .into_iter()
            .find(|e| e.master && e.serves(slot))
            .unwrap_or_else(|| panic!("no node serves slot {slot}"));
        self.index_of(owner.port)
    }

    /// A running replica of master `i`, if it has one.
    pub fn replica_of(&self, i: usize) -> Option<usize> {
        let id = self.id_of(i);
        self.topology()
            .into_iter()
            .filter(|e| e.master_id.as_deref() == Some(id.as_str()) && !e.failed)
            .map(|e| self.index_of(e.port))
            .find(|&r| self.nodes[r].guard.is_some())
    }

    /// Whether node `i` is a master serving slots, as the cluster sees it.
    pub fn is_serving_master(&self, i: usize) -> bool {
        let port = self.nodes[i].port;
        self.topology()
            .iter()
            .any(|e| e.port == port && e.master && !e.failed && !e.slots.is_empty())
    }

    /// SIGKILLs node `i`: its data is gone (no persistence). Without a
    /// replica the cluster refuses the node's slots until it is back.
    pub fn kill(&mut self, i: usize) {
        if let Some(mut guard) = self.nodes[i].guard.take() {
            stop(&mut guard);
        }
    }

    /// Starts node `i` again on its ports with its cluster config and waits
    /// for the cluster to be whole. A master without a replica takes its
    /// slots back (empty); one that was replaced comes back as a replica of
    /// its successor.
    pub fn restart(&mut self, i: usize) {
        self.kill(i);
        let node = &mut self.nodes[i];
        node.guard = Some(spawn_node(self.dir.path(), node.port, node.bus));
        self.wait_ok();
    }

    /// SIGKILLs master `i` and waits until the others have marked it failed
    /// and promoted its replica (about `NODE_TIMEOUT_MS` plus an election),
    /// with every slot served again. Returns the promoted node. Panics when
    /// `i` has no replica.
    pub fn kill_master_and_await_promotion(&mut self, i: usize) -> usize {
        let replica = self.replica_of(i).expect("the master has a replica");
        self.kill(i);
        wait_for("the replica is promoted", || {
            self.is_serving_master(replica)
        });
        self.wait_ok();
        replica
    }

    /// `CLUSTER FAILOVER` on replica `i`: its master hands over without
    /// losing a write (the replica catches up first), then `i` serves the
    /// slots; waits until every node agrees.
    pub fn fail_over_to(&self, i: usize) {
        let answer = cli(self.nodes[i].port, &["cluster", "failover"]);
        assert_eq!(answer.trim(), "OK", "CLUSTER FAILOVER on node {i}");
        wait_for("the replica takes over", || self.is_serving_master(i));
        self.wait_ok();
    }
}
