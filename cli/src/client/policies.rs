//! Per-app policies as typed calls (`/api/v1/admin/policies…`, admin key):
//! show, history, set a new version, and the dry run.

use modd_common::{PolicyDocument, PolicyRequest, PolicyTestReport, PolicyView};
use reqwest::Method;

use super::{Client, ClientError, paths};

impl Client {
    /// `GET /api/v1/admin/policies/{app}`.
    pub async fn policy(&self, app: &str) -> Result<PolicyView, ClientError> {
        self.get_json(&policy_path(app, None)).await
    }

    /// `PUT /api/v1/admin/policies/{app}`: a new version.
    pub async fn set_policy(
        &self,
        app: &str,
        document: &PolicyDocument,
    ) -> Result<PolicyView, ClientError> {
        let req = PolicyRequest {
            document: document.clone(),
            last: None,
        };
        self.request_json(Method::PUT, &policy_path(app, None), Some(&req))
            .await
    }

    /// `GET /api/v1/admin/policies/{app}/history`.
    pub async fn policy_history(&self, app: &str) -> Result<Vec<PolicyView>, ClientError> {
        self.get_json(&policy_path(app, Some("history"))).await
    }

    /// `POST /api/v1/admin/policies/{app}/test`: the dry run.
    pub async fn test_policy(
        &self,
        app: &str,
        document: &PolicyDocument,
        last: u32,
    ) -> Result<PolicyTestReport, ClientError> {
        let req = PolicyRequest {
            document: document.clone(),
            last: Some(last),
        };
        self.request_json(Method::POST, &policy_path(app, Some("test")), Some(&req))
            .await
    }
}

fn policy_path<'a>(app: &'a str, tail: Option<&'a str>) -> Vec<&'a str> {
    let mut path = paths::POLICIES.to_vec();
    path.push(app);
    path.extend(tail);
    path
}
