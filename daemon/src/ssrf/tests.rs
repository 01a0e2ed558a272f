//! Every refused range, the allowed neighbours, and the policy switches.

use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn every_forbidden_v4_range_is_refused() {
    for a in [
        "0.0.0.0",
        "0.1.2.3",
        "10.0.0.1",
        "10.255.255.255",
        "100.64.0.1",
        "100.127.255.254",
        "127.0.0.1",
        "127.9.9.9",
        "169.254.169.254",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.88.99.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.19.255.255",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
    ] {
        assert!(forbidden_reason(ip(a)).is_some(), "{a} must be refused");
    }
}

#[test]
fn public_v4_neighbours_are_allowed() {
    for a in [
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "172.15.255.255",
        "172.32.0.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
    ] {
        assert_eq!(forbidden_reason(ip(a)), None, "{a} must be allowed");
    }
}

#[test]
fn every_forbidden_v6_range_is_refused() {
    for a in [
        "::",
        "::1",
        "::ffff:127.0.0.1",
        "::ffff:10.1.2.3",
        "::ffff:169.254.169.254",
        "::ffff:192.168.0.1",
        "::127.0.0.1",
        "::8.8.8.8", // IPv4-compatible is deprecated: refused whatever it embeds
        "64:ff9b::127.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "2002:c0a8:101::1",
        "100::1",
        "2001:db8::1",
        "2001::1",
        "fc00::1",
        "fd00:ec2::254",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "ff02::1",
        "ff05::2",
    ] {
        assert!(forbidden_reason(ip(a)).is_some(), "{a} must be refused");
    }
}

#[test]
fn public_v6_is_allowed_including_mapped_public_v4() {
    for a in [
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
    ] {
        assert_eq!(forbidden_reason(ip(a)), None, "{a} must be allowed");
    }
}

#[test]
fn allow_private_is_limited_to_listed_hosts_in_production() {
    let loopback = ip("127.0.0.1");
    let default = Guard::default();
    assert!(default.check("localhost", loopback).is_err());
    let dev = Guard {
        allow_private: true,
        ..Guard::default()
    };
    assert!(dev.check("localhost", loopback).is_ok());
    let prod = Guard {
        allow_private: true,
        production: true,
        allowed_hosts: vec!["hooks.internal".into()],
        ..Guard::default()
    };
    assert!(prod.check("localhost", loopback).is_err());
    assert!(prod.check("HOOKS.internal.", loopback).is_ok());
    let listed_without_flag = Guard {
        allowed_hosts: vec!["hooks.internal".into()],
        ..Guard::default()
    };
    assert!(
        listed_without_flag
            .check("hooks.internal", loopback)
            .is_err()
    );
    assert!(prod.check("example.com", ip("93.184.216.34")).is_ok());
}

#[test]
fn urls_are_checked_for_shape_and_literal_addresses() {
    let g = Guard::default();
    let url = |s: &str| url::Url::parse(s).unwrap();
    assert!(g.check_url(&url("https://example.com/hook")).is_ok());
    assert!(g.check_url(&url("ftp://example.com/")).is_err());
    assert!(g.check_url(&url("https://user:pw@example.com/")).is_err());
    assert!(g.check_url(&url("http://127.0.0.1:8080/")).is_err());
    assert!(g.check_url(&url("http://[::ffff:7f00:1]/")).is_err());
    assert!(
        g.check_url(&url("http://169.254.169.254/latest/meta-data"))
            .is_err()
    );
    // Decimal and hex forms are normalised by the URL parser, then refused.
    assert!(g.check_url(&url("http://2130706433/")).is_err());
    assert!(g.check_url(&url("http://0x7f.1/")).is_err());
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_without_the_flag() {
    let refused = Guard::default().resolve("localhost", 80).await;
    assert!(
        matches!(refused, Err(SsrfError::Forbidden { why, .. }) if why == "loopback"),
        "{refused:?}"
    );
    let dev = Guard {
        allow_private: true,
        ..Guard::default()
    };
    let addrs = dev.resolve("localhost", 80).await.unwrap();
    assert!(addrs.iter().all(|a| a.ip().is_loopback() && a.port() == 80));
}

#[test]
fn a_refusal_names_the_setting_that_would_allow_it() {
    let loopback = ip("127.0.0.1");
    let named = |purpose: Purpose, production: bool| {
        let guard = Guard {
            production,
            purpose,
            ..Guard::default()
        };
        guard
            .check("localhost", loopback)
            .map_err(|e| e.to_string())
            .unwrap_err()
    };
    let dev = named(Purpose::Images, false);
    assert!(dev.contains("set MODD_IMAGE_ALLOW_PRIVATE=true"), "{dev}");
    let prod = named(Purpose::Webhooks, true);
    assert!(
        prod.contains("MODD_WEBHOOK_ALLOW_PRIVATE=true")
            && prod.contains("MODD_WEBHOOK_ALLOWED_HOSTS"),
        "{prod}"
    );
    // The names are settings the daemon reads.
    for purpose in [Purpose::Images, Purpose::Webhooks] {
        for name in [
            purpose.allow_private_setting(),
            purpose.allowed_hosts_setting(),
        ] {
            assert!(
                crate::settings::CATALOG.iter().any(|s| s.env == name),
                "{name}"
            );
        }
    }
}
