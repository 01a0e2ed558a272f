//! The live decision feed (`GET /api/v1/admin/events`, admin key) as typed
//! events: the server-sent `decision` frames decoded as the same
//! `DecisionEvent` the webhooks carry.

use modd_store::DecisionEvent;
use reqwest::Method;
use std::time::Duration;

use super::{ApiError, Client, ClientError};

/// How long the stream may stay open: the client's usual total timeout
/// would cut a feed that is meant to be watched for hours.
const FEED_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// An open feed; read it with [`DecisionFeed::next`].
#[derive(Debug)]
pub struct DecisionFeed {
    response: reqwest::Response,
    endpoint: String,
    /// Bytes read but not yet a whole frame (kept as bytes: a chunk may
    /// end inside a character).
    pending: Vec<u8>,
    /// The data of the last `decision` frame, as sent.
    last_frame: String,
}

impl Client {
    /// Opens the live feed of decisions.
    pub async fn decision_feed(&self) -> Result<DecisionFeed, ClientError> {
        let url = self.url(&["api", "v1", "admin", "events"]);
        let endpoint = format!("{} {}", Method::GET, url.path());
        let transport = |source: reqwest::Error| ClientError::Transport {
            endpoint: endpoint.clone(),
            source: source.without_url(),
        };
        let response = self
            .http
            .get(url)
            .timeout(FEED_LIFETIME)
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        if !status.is_success() {
            let bytes = response.bytes().await.map_err(transport)?;
            return Err(ClientError::Api(ApiError::new(endpoint, status, &bytes)));
        }
        Ok(DecisionFeed {
            response,
            endpoint,
            pending: Vec::new(),
            last_frame: String::new(),
        })
    }
}

impl DecisionFeed {
    /// The answer's content type (`text/event-stream`).
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The data of the last event returned, exactly as the daemon sent it.
    pub fn last_frame(&self) -> &str {
        &self.last_frame
    }

    /// The next `decision` event (other frames, e.g. keep-alives, are
    /// skipped); `None` when the daemon closed the stream.
    pub async fn next(&mut self) -> Result<Option<DecisionEvent>, ClientError> {
        loop {
            while let Some(end) = self.pending.windows(2).position(|w| w == b"\n\n") {
                let frame: Vec<u8> = self.pending.drain(..end + 2).collect();
                let frame = String::from_utf8_lossy(&frame);
                if !frame.lines().any(|l| l == "event: decision") {
                    continue;
                }
                let data: String = frame
                    .lines()
                    .filter_map(|l| l.strip_prefix("data: "))
                    .collect();
                let event = serde_json::from_str(&data).map_err(|source| ClientError::Decode {
                    endpoint: self.endpoint.clone(),
                    source,
                })?;
                self.last_frame = data;
                return Ok(Some(event));
            }
            let chunk = self
                .response
                .chunk()
                .await
                .map_err(|source| ClientError::Transport {
                    endpoint: self.endpoint.clone(),
                    source: source.without_url(),
                })?;
            match chunk {
                Some(bytes) => self.pending.extend_from_slice(&bytes),
                None => return Ok(None),
            }
        }
    }
}
