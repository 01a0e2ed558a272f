//! Turning untrusted bytes into RGB pixels, as Pillow's `Image.open` +
//! `convert("RGB")` does for the reference: the format comes from the magic
//! bytes (never from a name or a header), the dimensions are read and
//! checked before anything is decoded (decompression bombs), GIF and WebP
//! give their first frame, alpha is dropped without compositing, and EXIF
//! orientation is ignored (Pillow's reference ignores it too). JPEGs go
//! through [`super::jpeg`] (libjpeg-turbo's output exactly) when it
//! supports them, else through the `image` crate (zune-jpeg).

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Why bytes are not an image we classify. Messages never echo the bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not a JPEG, PNG, GIF or WebP image")]
    UnknownFormat,
    #[error("the image is {width}x{height} = {pixels} pixels, more than the limit of {limit}")]
    TooManyPixels {
        width: u32,
        height: u32,
        pixels: u64,
        limit: u64,
    },
    #[error("the image has no pixels")]
    Empty,
    #[error("the {format} image could not be decoded: {reason}")]
    Corrupt {
        format: &'static str,
        reason: String,
    },
}

/// The formats we accept, recognised by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

fn format_name(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Gif => "GIF",
        ImageFormat::WebP => "WebP",
        _ => "image",
    }
}

/// Decoded RGB8 pixels, row-major, 3 bytes per pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgb {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// The media type of an accepted format, for serving its bytes as they are.
pub fn media_type(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::Gif => "image/gif",
        ImageFormat::WebP => "image/webp",
        _ => "application/octet-stream",
    }
}

fn corrupt(format: ImageFormat) -> impl Fn(image::ImageError) -> DecodeError {
    move |e| DecodeError::Corrupt {
        format: format_name(format),
        reason: e.to_string(),
    }
}

/// The format and dimensions of `bytes`, read from the header only, if they
/// are an accepted format of at most `max_pixels`: the check before any
/// decoding, here and before the console serves an image to a browser.
pub fn check(bytes: &[u8], max_pixels: u64) -> Result<(ImageFormat, u32, u32), DecodeError> {
    let format = sniff(bytes).ok_or(DecodeError::UnknownFormat)?;
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(corrupt(format))?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(DecodeError::Empty);
    }
    if pixels > max_pixels {
        return Err(DecodeError::TooManyPixels {
            width,
            height,
            pixels,
            limit: max_pixels,
        });
    }
    Ok((format, width, height))
}

/// Decodes `bytes` if they are an accepted format of at most `max_pixels`.
pub fn decode_rgb(bytes: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    let (format, width, height) = check(bytes, max_pixels)?;
    let pixels = u64::from(width) * u64::from(height);
    let corrupt = corrupt(format);
    if format == ImageFormat::Jpeg {
        match super::jpeg::decode(bytes, max_pixels) {
            Ok((width, height, pixels)) => {
                return Ok(Rgb {
                    width,
                    height,
                    pixels,
                });
            }
            // Progressive, CMYK, …: zune-jpeg, a few levels off libjpeg.
            Err(super::jpeg::Unsupported(why)) => {
                tracing::debug!(
                    why,
                    "JPEG outside the exact decoder's scope; using zune-jpeg"
                )
            }
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // RGBA16 is the widest buffer a decoder makes; leave room for one copy.
    limits.max_alloc = Some(pixels.saturating_mul(8).saturating_mul(2).max(1 << 20));
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    reader.limits(limits);
    let decoded = reader.decode().map_err(corrupt)?;
    let rgb = decoded.to_rgb8();
    let (w, h) = rgb.dimensions();
    Ok(Rgb {
        width: w as usize,
        height: h as usize,
        pixels: rgb.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([1, 2, 3]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap_or_default();
        out.into_inner()
    }

    #[test]
    fn formats_are_recognised_by_magic_bytes_only() {
        assert_eq!(sniff(&png(2, 2)), Some(ImageFormat::Png));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(ImageFormat::Jpeg));
        assert_eq!(sniff(b"GIF89a..."), Some(ImageFormat::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageFormat::WebP));
        assert_eq!(sniff(b"<html>not an image</html>"), None);
        assert_eq!(sniff(b"BM\0\0"), None, "BMP is not accepted");
        assert_eq!(sniff(b""), None);
        assert_eq!(decode_rgb(b"<svg/>", 100), Err(DecodeError::UnknownFormat));
    }

    #[test]
    fn the_pixel_limit_is_checked_before_decoding() {
        let bytes = png(300, 200);
        assert!(decode_rgb(&bytes, 60_000).is_ok());
        match decode_rgb(&bytes, 59_999) {
            Err(DecodeError::TooManyPixels { pixels, .. }) => assert_eq!(pixels, 60_000),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bomb_header_is_refused_without_allocating() {
        // A valid PNG header claiming 100000 x 100000 pixels, then garbage:
        // refused on the header alone (10^10 pixels, 30 GB decoded).
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // Fix the IHDR CRC so the header parses.
        let crc = crc32fast::hash(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        match decode_rgb(&bytes, 50_000_000) {
            Err(DecodeError::TooManyPixels { width, height, .. }) => {
                assert_eq!((width, height), (100_000, 100_000))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn truncated_and_garbage_images_are_errors_not_panics() {
        let bytes = png(64, 64);
        for cut in [8, 20, 40, bytes.len() - 10] {
            assert!(decode_rgb(&bytes[..cut], 1 << 20).is_err(), "cut at {cut}");
        }
        let mut jpeg = b"\xFF\xD8\xFF\xE0".to_vec();
        jpeg.extend(std::iter::repeat_n(0x55u8, 500));
        assert!(matches!(
            decode_rgb(&jpeg, 1 << 20),
            Err(DecodeError::Corrupt { format: "JPEG", .. })
        ));
    }

    #[test]
    fn alpha_is_dropped_without_compositing() {
        let img = image::RgbaImage::from_pixel(2, 2, image::Rgba([200, 100, 50, 0]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap_or_default();
        let rgb = decode_rgb(&out.into_inner(), 100).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rgb.pixels, [200, 100, 50].repeat(4));
    }
}
