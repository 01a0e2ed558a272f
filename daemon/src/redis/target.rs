//! What `REDIS_URL` names: one server (`redis://`, `rediss://`) or a Redis
//! Cluster (`redis+cluster://`, `rediss+cluster://`) given by seed nodes,
//! e.g. `redis+cluster://:PASSWORD@10.0.0.1:6379,10.0.0.2:6379`. The
//! credentials before `@` apply to every node; the client learns the other
//! nodes and the slot map from any seed that answers.

/// Where the daemon's Redis lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One server (or a proxy in front of several): its URL as given.
    Single(String),
    /// A cluster: one `redis://` (or `rediss://`) URL per seed node.
    Cluster(Vec<String>),
}

impl Target {
    /// Parses a `REDIS_URL`. The error says what is wrong without quoting
    /// the URL, which may hold a password.
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("redis://") || url.starts_with("rediss://") {
            return Ok(Self::Single(url.to_owned()));
        }
        let (scheme, rest) = if let Some(rest) = url.strip_prefix("redis+cluster://") {
            ("redis", rest)
        } else if let Some(rest) = url.strip_prefix("rediss+cluster://") {
            ("rediss", rest)
        } else {
            return Err(
                "must start with redis://, rediss://, redis+cluster:// or rediss+cluster://".into(),
            );
        };
        let (auth, nodes) = match rest.rsplit_once('@') {
            Some((auth, nodes)) => (format!("{auth}@"), nodes),
            None => (String::new(), rest),
        };
        if nodes.contains(['/', '?', '#']) {
            return Err("a cluster URL is HOST:PORT seeds separated by commas, with no database number, path or query".into());
        }
        let mut seeds = Vec::new();
        for node in nodes.split(',') {
            let seed = format!("{scheme}://{auth}{node}");
            let parsed = url::Url::parse(&seed)
                .ok()
                .filter(|u| u.host_str().is_some_and(|h| !h.is_empty()) && u.port().is_some());
            if node.is_empty() || parsed.is_none() {
                return Err(format!("cluster seed {} is not HOST:PORT", seeds.len() + 1));
            }
            seeds.push(seed);
        }
        Ok(Self::Cluster(seeds))
    }

    /// The server's URL, or the first seed's.
    pub fn first_url(&self) -> &str {
        match self {
            Self::Single(url) => url,
            Self::Cluster(seeds) => seeds.first().map_or("", String::as_str),
        }
    }

    pub fn is_cluster(&self) -> bool {
        matches!(self, Self::Cluster(_))
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn single_server_urls_are_taken_as_they_are() {
        assert_eq!(
            Target::parse("redis://:pw@127.0.0.1:6379/2"),
            Ok(Target::Single("redis://:pw@127.0.0.1:6379/2".into()))
        );
        assert!(!Target::parse("rediss://r:6380").unwrap().is_cluster());
    }

    #[test]
    fn cluster_urls_become_one_seed_url_per_node_with_the_same_credentials() {
        assert_eq!(
            Target::parse("redis+cluster://u:pw@10.0.0.1:7000,10.0.0.2:7001"),
            Ok(Target::Cluster(vec![
                "redis://u:pw@10.0.0.1:7000".into(),
                "redis://u:pw@10.0.0.2:7001".into(),
            ]))
        );
        assert_eq!(
            Target::parse("rediss+cluster://[::1]:7000"),
            Ok(Target::Cluster(vec!["rediss://[::1]:7000".into()]))
        );
    }

    #[test]
    fn bad_cluster_urls_are_refused_without_quoting_them() {
        for bad in [
            "redis+cluster://",
            "redis+cluster://:secret@h1:7000,,h2:7001",
            "redis+cluster://:secret@h1",
            "redis+cluster://h1:7000/0",
            "redis+cluster://h1:notaport",
            "http://h1:7000",
        ] {
            let e = Target::parse(bad).unwrap_err();
            assert!(!e.contains("secret") && !e.contains("h1"), "{bad}: {e}");
        }
    }
}
