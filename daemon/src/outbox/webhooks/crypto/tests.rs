use super::*;

const OLD: &str = "old-key-ooooooooooooooooooooooooooooooooo";
const NEW: &str = "new-key-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn";

/// What a binary from before key ids stored: the same payload as `v1.`.
fn as_legacy(sealed: &str) -> String {
    let body = sealed.rsplit('.').next().unwrap();
    format!("v1.{body}")
}

#[test]
fn seal_open_round_trip_bound_to_app_and_key() {
    let b = SecretBox::from_secret_key("k".repeat(40).as_str());
    let s = generate_secret();
    let sealed = b.seal("forum", &s).unwrap();
    assert!(sealed.starts_with(&format!("v2.{}.", b.key_id())) && !sealed.contains(&s));
    assert_eq!(b.key_id().len(), 2 * KEY_ID_LEN);
    assert_eq!(b.open("forum", &sealed).unwrap(), s);
    // Same secret sealed twice differs (random nonce).
    assert_ne!(b.seal("forum", &s).unwrap(), sealed);
    assert_eq!(b.open("shop", &sealed), Err(CryptoError::Undecryptable));
    let other = SecretBox::from_secret_key("z".repeat(40).as_str());
    assert_ne!(other.key_id(), b.key_id());
    assert_eq!(
        other.open("forum", &sealed),
        Err(CryptoError::Undecryptable)
    );
    for bad in ["v1.!!", "plain", "v2.nodot", "v2.abcd.!!", "v2.abcd.AAAA"] {
        assert_eq!(b.open("forum", bad), Err(CryptoError::Malformed), "{bad}");
    }
}

#[test]
fn legacy_values_open_under_the_key_that_sealed_them() {
    let old = SecretBox::from_secret_key(OLD);
    let legacy = as_legacy(&old.seal("forum", "whsec_x").unwrap());
    assert_eq!(old.open("forum", &legacy).unwrap(), "whsec_x");
    // After rotation: the old key is a previous one.
    let rotated = SecretBox::from_keys(NEW, &[OLD]);
    assert_eq!(rotated.open("forum", &legacy).unwrap(), "whsec_x");
    assert!(!rotated.is_current(&legacy));
    // Without it, nothing opens.
    let forgotten = SecretBox::from_secret_key(NEW);
    assert_eq!(
        forgotten.open("forum", &legacy),
        Err(CryptoError::Undecryptable)
    );
}

#[test]
fn the_key_id_picks_the_key_and_reseal_moves_values_to_the_current_one() {
    let old = SecretBox::from_secret_key(OLD);
    let under_old = old.seal("forum", "whsec_y").unwrap();
    let rotated = SecretBox::from_keys(NEW, &[OLD, NEW, OLD]);
    assert_eq!(rotated.previous_key_ids(), [old.key_id().to_owned()]);
    assert_eq!(rotated.open("forum", &under_old).unwrap(), "whsec_y");
    let resealed = rotated.reseal("forum", &under_old).unwrap().unwrap();
    assert!(rotated.is_current(&resealed));
    assert_eq!(
        SecretBox::from_secret_key(NEW)
            .open("forum", &resealed)
            .unwrap(),
        "whsec_y"
    );
    assert_eq!(
        rotated.reseal("forum", &resealed).unwrap(),
        None,
        "idempotent"
    );
    let legacy = as_legacy(&under_old);
    assert!(rotated.reseal("forum", &legacy).unwrap().is_some());
    // A value under a key that is not configured names no key we have.
    let stranger = SecretBox::from_secret_key("s".repeat(40).as_str());
    let foreign = stranger.seal("forum", "whsec_z").unwrap();
    assert_eq!(
        rotated.reseal("forum", &foreign),
        Err(CryptoError::Undecryptable)
    );
}
