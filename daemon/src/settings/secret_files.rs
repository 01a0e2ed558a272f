//! Secrets read from files (`SECRET_KEY_FILE`, `DATABASE_URL_FILE`, …), as
//! Docker/Compose secrets, Kubernetes secret volumes and systemd
//! `LoadCredential=` provide them. Every secret setting `X` of the catalogue
//! has an `X_FILE` twin. Setting both is an error naming both (which one
//! was meant is a guess we refuse to make); the file's trailing newline is
//! trimmed; an unreadable or empty file is an error naming the setting and
//! the path, never the content.

use std::path::Path;

use super::{CATALOG, RawValues, SettingsError, invalid};

/// The suffix of a file twin.
const SUFFIX: &str = "_FILE";

/// `(X, X_FILE)` for every secret setting.
pub fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    CATALOG.iter().filter(|d| d.secret).filter_map(|d| {
        CATALOG
            .iter()
            .find(|f| f.env.strip_suffix(SUFFIX) == Some(d.env))
            .map(|f| (d.env, f.env))
    })
}

/// Replaces each `X_FILE` in `raw` by the file's content as `X`.
/// `given(name)` says whether `name` was set explicitly (environment or
/// config file) rather than left at its default.
pub fn resolve(raw: &mut RawValues, given: impl Fn(&str) -> bool) -> Result<(), SettingsError> {
    for (name, file_name) in pairs() {
        let path = raw.get(file_name).map_or("", |p| p.trim()).to_owned();
        if path.is_empty() {
            continue;
        }
        if given(name) {
            return Err(invalid(
                file_name,
                format!("both {name} and {file_name} are set; set only one"),
            ));
        }
        let value = read(file_name, Path::new(&path))?;
        raw.insert(name, value);
    }
    Ok(())
}

fn read(file_name: &str, path: &Path) -> Result<String, SettingsError> {
    let bytes = std::fs::read(path).map_err(|e| {
        invalid(
            file_name,
            format!("cannot read {}: {}", path.display(), e.kind()),
        )
    })?;
    // Not `from_utf8_lossy`: a mangled secret would fail later, far from here.
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(file_name, format!("{} is not UTF-8 text", path.display())))?;
    // One trailing newline (what `echo` and editors add); inner whitespace is content.
    let value = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    if value.is_empty() {
        return Err(invalid(file_name, format!("{} is empty", path.display())));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::defaults;

    fn secret_file(dir: &tempfile::TempDir, name: &str, content: &[u8]) -> String {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }

    #[test]
    fn every_secret_setting_has_a_file_twin_and_no_twin_is_orphaned() {
        let secrets: Vec<_> = CATALOG.iter().filter(|d| d.secret).map(|d| d.env).collect();
        let twins: Vec<_> = pairs().map(|(n, _)| n).collect();
        assert_eq!(secrets, twins);
        for expected in ["SECRET_KEY", "DATABASE_URL", "REDIS_URL"] {
            assert!(twins.contains(&expected), "{expected}");
        }
        for f in CATALOG.iter().filter(|d| d.env.ends_with(SUFFIX)) {
            assert!(
                pairs().any(|(_, file)| file == f.env),
                "{} twins nothing",
                f.env
            );
        }
    }

    #[test]
    fn a_file_replaces_the_setting_without_its_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let mut raw = defaults();
        raw.insert(
            "SECRET_KEY_FILE",
            secret_file(&dir, "key", b"s3cret value\n"),
        );
        raw.insert(
            "DATABASE_URL_FILE",
            secret_file(&dir, "db", b"postgres://u:p@db/modd\r\n"),
        );
        raw.insert(
            "REDIS_URL_FILE",
            secret_file(&dir, "redis", b"redis://:pw@r:6379"),
        );
        resolve(&mut raw, |_| false).unwrap();
        assert_eq!(raw["SECRET_KEY"], "s3cret value");
        assert_eq!(raw["DATABASE_URL"], "postgres://u:p@db/modd");
        assert_eq!(raw["REDIS_URL"], "redis://:pw@r:6379");
    }

    #[test]
    fn both_forms_is_an_error_naming_both() {
        let dir = tempfile::tempdir().unwrap();
        let mut raw = defaults();
        raw.insert("REDIS_URL_FILE", secret_file(&dir, "r", b"redis://x"));
        let e = resolve(&mut raw, |n| n == "REDIS_URL").unwrap_err();
        assert!(
            e.to_string().contains("REDIS_URL and REDIS_URL_FILE"),
            "{e}"
        );
    }

    #[test]
    fn unreadable_empty_or_binary_files_name_setting_and_path_never_content() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("absent").display().to_string();
        let empty = secret_file(&dir, "empty", b"\n");
        let binary = secret_file(&dir, "bin", b"\xffTOPSECRET\xfe");
        for (path, why) in [
            (missing.clone(), "cannot read"),
            (empty.clone(), "is empty"),
            (binary.clone(), "not UTF-8"),
        ] {
            let mut raw = defaults();
            raw.insert("SECRET_KEY_FILE", path.clone());
            let e = resolve(&mut raw, |_| false).unwrap_err();
            assert_eq!(e.name, "SECRET_KEY_FILE");
            assert!(e.message.contains(&path) && e.message.contains(why), "{e}");
            assert!(!e.message.contains("TOPSECRET"), "{e}");
        }
    }
}
