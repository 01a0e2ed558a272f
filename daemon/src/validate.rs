//! Validation of submitted content. Every rule answers 422 with a message
//! that names the field; nothing here echoes the content itself.

use modd_common::AnalyseRequest;

/// A field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

fn invalid(field: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        field,
        message: message.into(),
    }
}

pub const MAX_EXTERNAL_ID_CHARS: usize = 255;
pub const MAX_SOURCE_APP_CHARS: usize = 100;
pub const MAX_CONTENT_TYPE_CHARS: usize = 64;
pub const MAX_IMAGE_URL_CHARS: usize = 2048;

/// Checks an `analyse` request against the limits.
pub fn analyse(req: &AnalyseRequest, max_text_chars: usize) -> Result<(), Invalid> {
    identifier(
        "external_id",
        &req.external_id,
        MAX_EXTERNAL_ID_CHARS,
        |c| !c.is_control(),
    )?;
    identifier("source_app", &req.source_app, MAX_SOURCE_APP_CHARS, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':')
    })?;
    identifier(
        "content_type",
        &req.content_type,
        MAX_CONTENT_TYPE_CHARS,
        |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'),
    )?;
    let text = req.text.as_deref().filter(|t| !t.is_empty());
    let image = req.image_url.as_deref().filter(|u| !u.is_empty());
    let inline = req.image_base64.as_deref().filter(|b| !b.is_empty());
    if text.is_none() && image.is_none() && inline.is_none() {
        return Err(invalid(
            "text",
            "at least one of text, image_url and image_base64 is required",
        ));
    }
    if image.is_some() && inline.is_some() {
        return Err(invalid(
            "image_base64",
            "give either image_url or image_base64, not both",
        ));
    }
    if let Some(t) = text {
        // Count lazily: stop as soon as the limit is passed.
        if t.chars().nth(max_text_chars).is_some() {
            return Err(invalid(
                "text",
                format!("longer than {max_text_chars} characters"),
            ));
        }
        if t.contains('\0') {
            return Err(invalid("text", "contains a NUL character"));
        }
    }
    if let Some(u) = image {
        image_url(u)?;
    }
    Ok(())
}

/// An app name as `analyse` accepts it (also a policy's key).
pub fn source_app(value: &str) -> Result<(), Invalid> {
    identifier("source_app", value, MAX_SOURCE_APP_CHARS, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':')
    })
}

/// A content type as `analyse` accepts it.
pub fn content_type(value: &str) -> Result<(), Invalid> {
    identifier("content_type", value, MAX_CONTENT_TYPE_CHARS, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')
    })
}

fn identifier(
    field: &'static str,
    value: &str,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    if value.chars().nth(max).is_some() {
        return Err(invalid(field, format!("longer than {max} characters")));
    }
    if !value.chars().all(allowed) {
        return Err(invalid(field, "contains characters that are not allowed"));
    }
    Ok(())
}

/// The image of a valid request as stored with the item: the http(s) URL,
/// or the inline image as a `data:` URL (checked: base64, at most
/// `max_bytes`, a JPEG, PNG, GIF or WebP by its magic bytes).
pub fn image_of(req: &AnalyseRequest, max_bytes: usize) -> Result<Option<String>, Invalid> {
    match req.image_base64.as_deref().filter(|b| !b.is_empty()) {
        Some(b64) => inline_image("image_base64", b64, max_bytes).map(Some),
        None => Ok(req.image_url.clone().filter(|u| !u.is_empty())),
    }
}

/// Base64 image bytes (a `data:` URL is accepted too) → a `data:` URL.
pub fn inline_image(field: &'static str, b64: &str, max_bytes: usize) -> Result<String, Invalid> {
    use crate::images::fetch::{FetchError, data_url, decode_base64, is_data_url};
    let decoded = if is_data_url(b64) {
        data_url(b64, max_bytes)
    } else {
        decode_base64(b64, max_bytes)
    };
    let bytes = decoded.map_err(|e| match e {
        FetchError::TooLarge { limit } => {
            invalid(field, format!("the image is larger than {limit} bytes"))
        }
        other => invalid(field, other.to_string()),
    })?;
    image_data_url(field, &bytes)
}

/// Image bytes (an upload) → a `data:` URL, if they are an accepted format.
pub fn image_data_url(field: &'static str, bytes: &[u8]) -> Result<String, Invalid> {
    use base64::Engine as _;
    let mime = match crate::images::decode::sniff(bytes) {
        Some(image::ImageFormat::Jpeg) => "image/jpeg",
        Some(image::ImageFormat::Png) => "image/png",
        Some(image::ImageFormat::Gif) => "image/gif",
        Some(image::ImageFormat::WebP) => "image/webp",
        _ => return Err(invalid(field, "not a JPEG, PNG, GIF or WebP image")),
    };
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// An http(s) image URL (the `image_url` field's rules).
pub fn http_image_url(u: &str) -> Result<(), Invalid> {
    image_url(u)
}

fn image_url(u: &str) -> Result<(), Invalid> {
    if u.len() > MAX_IMAGE_URL_CHARS {
        return Err(invalid(
            "image_url",
            format!("longer than {MAX_IMAGE_URL_CHARS} characters"),
        ));
    }
    let parsed = url::Url::parse(u).map_err(|_| invalid("image_url", "not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(
            "image_url",
            "only http and https URLs are accepted",
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid("image_url", "URL has no host"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(text: Option<&str>, image: Option<&str>) -> AnalyseRequest {
        AnalyseRequest {
            external_id: "c-1".into(),
            text: text.map(Into::into),
            image_url: image.map(Into::into),
            image_base64: None,
            content_type: "comment".into(),
            source_app: "my-app".into(),
        }
    }

    #[test]
    fn accepts_the_seed_contract_and_unicode() {
        assert!(analyse(&req(Some("hello"), None), 100).is_ok());
        assert!(analyse(&req(Some("👩‍👩‍👧 e\u{301} 漢字 \u{202e}"), None), 100).is_ok());
        assert!(analyse(&req(None, Some("https://img.example/a.png")), 100).is_ok());
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(analyse(&req(Some(&"é".repeat(100)), None), 100).is_ok());
        assert_eq!(
            analyse(&req(Some(&"é".repeat(101)), None), 100)
                .unwrap_err()
                .field,
            "text"
        );
    }

    #[test]
    fn refuses_bad_fields_naming_them() {
        let cases = [
            (req(None, None), "text"),
            (req(Some(""), Some("")), "text"),
            (req(Some("a\0b"), None), "text"),
            (req(None, Some("ftp://x/y")), "image_url"),
            (req(None, Some("javascript:alert(1)")), "image_url"),
            (req(None, Some("not a url")), "image_url"),
        ];
        for (r, field) in cases {
            assert_eq!(analyse(&r, 100).unwrap_err().field, field);
        }
        let mut r = req(Some("x"), None);
        r.source_app = "bad app".into();
        assert_eq!(analyse(&r, 100).unwrap_err().field, "source_app");
        r.source_app = "ok".into();
        r.external_id = " ".into();
        assert_eq!(analyse(&r, 100).unwrap_err().field, "external_id");
        r.external_id = "x".repeat(256);
        assert_eq!(analyse(&r, 100).unwrap_err().field, "external_id");
    }

    #[test]
    fn inline_images_become_checked_data_urls() {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let gif = b"GIF89a\x01\x00\x01\x00rest".to_vec();
        let mut r = req(Some("caption"), None);
        r.image_base64 = Some(b64(&gif));
        assert!(analyse(&r, 100).is_ok());
        let url = image_of(&r, 1024).unwrap_or_default().unwrap_or_default();
        assert_eq!(url, format!("data:image/gif;base64,{}", b64(&gif)));
        // A data: URL is accepted as well.
        r.image_base64 = Some(format!("data:image/gif;base64,{}", b64(&gif)));
        assert_eq!(image_of(&r, 1024).ok().flatten(), Some(url));
        // Too large, not base64, not an image: named errors.
        assert!(
            image_of(&r, 4)
                .unwrap_err()
                .message
                .contains("larger than 4 bytes")
        );
        r.image_base64 = Some("%%%".into());
        assert_eq!(image_of(&r, 1024).unwrap_err().field, "image_base64");
        r.image_base64 = Some(b64(b"<html>hello</html>"));
        assert!(
            image_of(&r, 1024)
                .unwrap_err()
                .message
                .contains("not a JPEG, PNG, GIF or WebP")
        );
        // Multi-byte characters where a `data:` prefix would be: an error, not a panic.
        for bad in ["abcdéééé", "dataé,xx", "é"] {
            r.image_base64 = Some(bad.into());
            assert_eq!(image_of(&r, 1024).unwrap_err().field, "image_base64");
        }
        // Not both kinds of image.
        r.image_url = Some("https://img.example/a.png".into());
        assert_eq!(analyse(&r, 100).unwrap_err().field, "image_base64");
    }
}
