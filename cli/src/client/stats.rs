//! `GET /api/v1/admin/stats`, what `modctl top` draws. Needs an admin key.

use modd_common::StatsView;
use reqwest::Method;

use super::{Client, ClientError};

const STATS: [&str; 4] = ["api", "v1", "admin", "stats"];

impl Client {
    /// The whole deployment, or one replica with `replica`.
    pub async fn stats(&self, replica: Option<&str>) -> Result<StatsView, ClientError> {
        match replica {
            None => self.get_json(&STATS).await,
            Some(id) => {
                let url = self.url_with_query(&STATS, &[("replica", id)]);
                self.request_url(Method::GET, url, None::<&()>).await
            }
        }
    }
}
