//! What a cluster node says about the cluster (`CLUSTER NODES`): which node
//! is a master, which is whose replica, which has failed, who serves which
//! slots. Tests ask it rather than assume it, since `redis-cli --cluster
//! create` picks the roles and a failover changes them.

/// One line of `CLUSTER NODES`:
/// `id host:port@bus flags master ping pong epoch link slot-ranges…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub id: String,
    pub port: u16,
    pub master: bool,
    /// Flagged `fail` (the majority agrees) or `fail?` (this node suspects).
    pub failed: bool,
    /// The master's id, for a replica.
    pub master_id: Option<String>,
    /// Inclusive slot ranges it serves.
    pub slots: Vec<(u16, u16)>,
}

impl Entry {
    pub fn serves(&self, slot: u16) -> bool {
        self.slots.iter().any(|&(lo, hi)| (lo..=hi).contains(&slot))
    }
}

/// Parses the answer to `CLUSTER NODES`; lines it cannot read are skipped.
pub(super) fn parse(text: &str) -> Vec<Entry> {
    text.lines().filter_map(entry).collect()
}

fn entry(line: &str) -> Option<Entry> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.len() < 8 {
        return None;
    }
    // `host:port@bus` (Redis 7 may add `,hostname`).
    let port = fields[1].split(['@', ',']).next()?.rsplit(':').next()?;
    let flags: Vec<&str> = fields[2].split(',').collect();
    let slots = fields[8..]
        .iter()
        // `[slot->-id]` marks a slot being migrated: not served yet.
        .filter(|range| !range.starts_with('['))
        .filter_map(|range| {
            let (lo, hi) = range.split_once('-').unwrap_or((range, range));
            Some((lo.parse().ok()?, hi.parse().ok()?))
        })
        .collect();
    Some(Entry {
        id: fields[0].to_owned(),
        port: port.parse().ok()?,
        master: flags.contains(&"master"),
        failed: flags.iter().any(|f| *f == "fail" || *f == "fail?"),
        master_id: (fields[3] != "-").then(|| fields[3].to_owned()),
        slots,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn masters_replicas_failures_and_slots_are_read() {
        let text = "\
a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 5462\n\
b2 127.0.0.1:7001@17001 slave a1 0 1 1 connected\n\
c3 127.0.0.1:7002@17002,host master,fail - 1 1 2 disconnected 5461 [5463->-a1]\n";
        let nodes = parse(text);
        assert_eq!(nodes.len(), 3);
        assert!(nodes[0].master && !nodes[0].failed && nodes[0].serves(5462));
        assert!(!nodes[0].serves(5461));
        assert_eq!(nodes[1].master_id.as_deref(), Some("a1"));
        assert!(!nodes[1].master && nodes[1].slots.is_empty());
        assert_eq!(nodes[2].port, 7002);
        assert!(nodes[2].failed && nodes[2].serves(5461) && !nodes[2].serves(5463));
    }
}
