//! Per-app settings and their webhooks as typed calls
//! (`/api/v1/admin/apps…`, admin key).

use modd_common::{
    AppSaved, AppUpdate, AppView, DeliveryView, ReasonCode, ReasonCodes, ReplayRequest,
    ReplayResult, ResealPage, ResealRequest, RotateSecretRequest, SetReasonCodes, WebhookEventView,
    WebhookTestResult,
};
use reqwest::Method;

use super::{Client, ClientError};

const APPS: [&str; 4] = ["api", "v1", "admin", "apps"];

fn app_path<'a>(app: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    [APPS.as_slice(), &[app], rest].concat()
}

impl Client {
    /// `GET /api/v1/admin/apps`: every app with settings or webhooks.
    pub async fn apps(&self) -> Result<Vec<AppView>, ClientError> {
        self.get_json(&APPS).await
    }

    /// `GET /api/v1/admin/apps/{app}`.
    pub async fn app(&self, app: &str) -> Result<AppView, ClientError> {
        self.get_json(&app_path(app, &[])).await
    }

    /// `PUT /api/v1/admin/apps/{app}`: changes only the fields set in
    /// `update`; the answer holds a new webhook secret, once, if one was made.
    pub async fn update_app(&self, app: &str, update: &AppUpdate) -> Result<AppSaved, ClientError> {
        self.request_json(Method::PUT, &app_path(app, &[]), Some(update))
            .await
    }

    /// `GET /api/v1/admin/apps/{app}/reason-codes`: the codes reviewers
    /// can give for the app's items (reviewer key or admin).
    pub async fn reason_codes(&self, app: &str) -> Result<ReasonCodes, ClientError> {
        self.get_json(&app_path(app, &["reason-codes"])).await
    }

    /// `PUT /api/v1/admin/apps/{app}/reason-codes`: replaces the app's
    /// list, or with `None` goes back to the built-in one.
    pub async fn set_reason_codes(
        &self,
        app: &str,
        codes: Option<Vec<ReasonCode>>,
    ) -> Result<ReasonCodes, ClientError> {
        self.request_json(
            Method::PUT,
            &app_path(app, &["reason-codes"]),
            Some(&SetReasonCodes { codes }),
        )
        .await
    }

    /// `POST /api/v1/admin/apps/{app}/rotate-secret`.
    pub async fn rotate_webhook_secret(
        &self,
        app: &str,
        req: &RotateSecretRequest,
    ) -> Result<AppSaved, ClientError> {
        self.request_json(Method::POST, &app_path(app, &["rotate-secret"]), Some(req))
            .await
    }

    /// `POST /api/v1/admin/secrets/reseal`: one page of stored webhook
    /// secrets moved to the daemon's current `SECRET_KEY`.
    pub async fn reseal_secrets(&self, req: &ResealRequest) -> Result<ResealPage, ClientError> {
        self.request_json(
            Method::POST,
            &["api", "v1", "admin", "secrets", "reseal"],
            Some(req),
        )
        .await
    }

    /// `POST /api/v1/admin/apps/{app}/test`: a signed test event, sent now.
    pub async fn test_webhook(&self, app: &str) -> Result<WebhookTestResult, ClientError> {
        self.request_json(Method::POST, &app_path(app, &["test"]), None::<&()>)
            .await
    }

    /// `GET /api/v1/admin/apps/{app}/deliveries?limit=..`: recent attempts.
    pub async fn webhook_deliveries(
        &self,
        app: &str,
        limit: Option<i64>,
    ) -> Result<Vec<DeliveryView>, ClientError> {
        let query = [("limit", limit.map(|l| l.to_string()))];
        self.request_json_query(
            Method::GET,
            &app_path(app, &["deliveries"]),
            &query,
            None::<&()>,
        )
        .await
    }

    /// `GET /api/v1/admin/apps/{app}/events?status=..&limit=..`: the outbox.
    pub async fn webhook_events(
        &self,
        app: &str,
        status: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Vec<WebhookEventView>, ClientError> {
        let query = [
            ("status", status.map(str::to_owned)),
            ("limit", limit.map(|l| l.to_string())),
        ];
        self.request_json_query(
            Method::GET,
            &app_path(app, &["events"]),
            &query,
            None::<&()>,
        )
        .await
    }

    /// `POST /api/v1/admin/apps/{app}/replay`: one event again, or every
    /// dead one when `event_id` is `None`.
    pub async fn replay_webhooks(
        &self,
        app: &str,
        event_id: Option<i64>,
    ) -> Result<ReplayResult, ClientError> {
        self.request_json(
            Method::POST,
            &app_path(app, &["replay"]),
            Some(&ReplayRequest { event_id }),
        )
        .await
    }
}
