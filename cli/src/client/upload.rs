//! The multipart form of `POST /api/v1/moderation/batch`: images sent as
//! file parts, which items name in `image_file`. The body is encoded here
//! (a JSON part named `items`, then one part per file), which keeps
//! reqwest's multipart feature and its dependencies out of `modctl`.

use modd_common::{BatchResponse, UploadItem};
use reqwest::Method;
use serde::Serialize;

use super::{Client, ClientError, check, decode, paths};

/// A batch with files: `items` refer to `files` by part name.
#[derive(Debug, Clone, Default)]
pub struct BatchUpload {
    pub items: Vec<UploadItem>,
    pub files: Vec<UploadFile>,
}

/// One file part.
#[derive(Clone)]
pub struct UploadFile {
    /// The part name an item's `image_file` refers to.
    pub part: String,
    pub filename: String,
    /// E.g. `image/png`; the daemon checks the bytes, not this.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("part", &self.part)
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

#[derive(Serialize)]
struct ItemsPart<'a> {
    items: &'a [UploadItem],
}

impl BatchUpload {
    /// The `multipart/form-data` body and its boundary. The boundary is
    /// random, and a new one is drawn while it occurs in any part.
    fn encode(&self) -> (String, Vec<u8>) {
        let items = serde_json::to_vec(&ItemsPart { items: &self.items })
            .expect("upload items serialize to JSON");
        let boundary = loop {
            let b = format!("modd-{:032x}", rand::random::<u128>());
            let clash = |data: &[u8]| data.windows(b.len()).any(|w| w == b.as_bytes());
            if !clash(&items) && !self.files.iter().any(|f| clash(&f.bytes)) {
                break b;
            }
        };
        let mut body = Vec::new();
        let mut part = |disposition: String, content_type: &str, data: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; {disposition}\r\nContent-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        };
        part("name=\"items\"".into(), "application/json", &items);
        for f in &self.files {
            let disposition = format!(
                "name=\"{}\"; filename=\"{}\"",
                quote(&f.part),
                quote(&f.filename)
            );
            part(disposition, &f.content_type, &f.bytes);
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, body)
    }
}

/// A header parameter value's quotes, backslashes and line breaks escaped.
fn quote(value: &str) -> String {
    value
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            '\r' | '\n' => vec![' '],
            c => vec![c],
        })
        .collect()
}

impl Client {
    /// `POST /api/v1/moderation/batch` as `multipart/form-data`: each item
    /// is reported as for a JSON batch; a bad file makes only its item invalid.
    pub async fn batch_upload(&self, upload: &BatchUpload) -> Result<BatchResponse, ClientError> {
        let (boundary, body) = upload.encode();
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let url = self.url(&paths::BATCH);
        let answer = self
            .send_raw(Method::POST, url, &[], |req| {
                req.header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                    .body(body.clone())
            })
            .await?;
        check(answer.endpoint.clone(), answer.status, &answer.bytes)?;
        decode(&answer.endpoint, &answer.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::AnalyseRequest;

    #[test]
    fn the_body_has_the_items_part_then_each_file() {
        let upload = BatchUpload {
            items: vec![UploadItem {
                request: AnalyseRequest {
                    external_id: "1".into(),
                    text: None,
                    image_url: None,
                    image_base64: None,
                    content_type: "comment".into(),
                    source_app: "a".into(),
                },
                image_file: Some("pic".into()),
            }],
            files: vec![UploadFile {
                part: "pic".into(),
                filename: "a\"b.png".into(),
                content_type: "image/png".into(),
                bytes: b"PNGDATA".to_vec(),
            }],
        };
        let (boundary, body) = upload.encode();
        let text = String::from_utf8(body).unwrap();
        let parts: Vec<&str> = text.split(&format!("--{boundary}")).collect();
        assert_eq!(parts.len(), 4, "{text}");
        assert!(parts[1].contains("name=\"items\""));
        assert!(parts[1].contains(r#""image_file":"pic""#), "{text}");
        assert!(parts[2].contains(r#"name="pic"; filename="a\"b.png""#));
        assert!(parts[2].ends_with("\r\n\r\nPNGDATA\r\n"));
        assert_eq!(parts[3], "--\r\n");
    }
}
