//! PostgreSQL's batch of decisions: a worker's outcomes written with one
//! statement per table, arrays in through `UNNEST`, whatever the batch's
//! size. Item by item, a batch of 64 cost ~320 round trips inside its
//! transaction, and those waits, not CPU, bounded the workers (see
//! BENCHMARKS.md, "Batched workers").
//!
//! The rules are those of one decision (`record_in_tx`, `after_decision`):
//! only a still-pending item is decided, and its scores, decision, storage
//! mode and outbox event are written with it; here each is applied to the
//! whole batch at once.

use super::{Conn, PostgresStore};
use crate::sql::prelude::*;
use std::collections::HashMap;

/// Moves the batch's still-pending items out of pending. The rows are
/// locked first, in id order (`locked`), so two workers whose batches share
/// an item wait for each other instead of deadlocking; a row another
/// transaction decided meanwhile is re-checked after its lock and left out.
/// Returns what the outbox needs of each moved item.
const MOVE_OUT_OF_PENDING: &str = "WITH t AS ( \
      SELECT * FROM UNNEST($1::bigint[], $2::text[], $3::timestamptz[]) AS t(id, status, at) \
    ), locked AS ( \
      SELECT c.id FROM content_items c JOIN t ON t.id = c.id \
      WHERE c.status = 'pending' ORDER BY c.id FOR UPDATE OF c \
    ) \
    UPDATE content_items c SET status = t.status, error = NULL, updated_at = t.at \
    FROM locked JOIN t ON t.id = locked.id \
    WHERE c.id = locked.id AND c.status = 'pending' \
    RETURNING c.id, c.source_app, c.external_id, c.text";

const APPS: &str = "SELECT source_app, webhook_url, storage_mode FROM apps \
    WHERE source_app = ANY($1::text[])";

const INSERT_SCORES: &str = "INSERT INTO moderation_results \
    (item_id, category, score, classifier, model_version, created_at, spans) \
    SELECT item_id, category, score, classifier, model_version, created_at, spans::jsonb \
    FROM UNNEST($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::text[], \
                $6::timestamptz[], $7::text[]) \
    AS t(item_id, category, score, classifier, model_version, created_at, spans)";

const INSERT_DECISIONS: &str = "INSERT INTO decisions (item_id, verdict, reason, \
    policy_version, decided_by, decided_at, language, gaps, model_versions) \
    SELECT item_id, verdict, reason, policy_version, decided_by, decided_at, language, \
           gaps::jsonb, model_versions::jsonb \
    FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], \
                $6::timestamptz[], $7::text[], $8::text[], $9::text[]) \
    AS t(item_id, verdict, reason, policy_version, decided_by, decided_at, language, \
         gaps, model_versions)";

/// The app's storage mode, applied to final items: `text` is the masked
/// text or NULL; `keep_image` is false when the text (and image) is dropped.
const REPLACE_TEXT: &str = "UPDATE content_items c \
    SET text = t.text, image_url = CASE WHEN t.keep_image THEN c.image_url END \
    FROM UNNEST($1::bigint[], $2::text[], $3::bool[]) AS t(id, text, keep_image) \
    WHERE c.id = t.id";

const INSERT_EVENTS: &str = "INSERT INTO webhook_events \
    (webhook_id, item_id, source_app, kind, body, next_attempt_at, created_at, traceparent) \
    SELECT webhook_id, item_id, source_app, kind, body, at, at, traceparent \
    FROM UNNEST($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], \
                $6::timestamptz[], $7::text[]) \
    AS t(webhook_id, item_id, source_app, kind, body, at, traceparent) \
    ON CONFLICT (item_id, kind) DO NOTHING";

/// An item the batch moved out of pending.
#[derive(sqlx::FromRow)]
struct Moved {
    id: i64,
    #[sqlx(flatten)]
    row: DecidedRow,
}

/// What an app's settings ask of a decision.
struct AppRule {
    webhook: bool,
    mode: modd_common::StorageMode,
}

/// The columns of one table's insert, filled item by item.
#[derive(Default)]
struct Scores {
    item_id: Vec<i64>,
    category: Vec<String>,
    score: Vec<f64>,
    classifier: Vec<String>,
    model_version: Vec<String>,
    created_at: Vec<DateTime<Utc>>,
    spans: Vec<Option<String>>,
}

#[derive(Default)]
struct Decisions {
    item_id: Vec<i64>,
    verdict: Vec<&'static str>,
    reason: Vec<Option<String>>,
    policy_version: Vec<String>,
    decided_by: Vec<String>,
    decided_at: Vec<DateTime<Utc>>,
    language: Vec<Option<String>>,
    gaps: Vec<String>,
    model_versions: Vec<String>,
}

#[derive(Default)]
struct Texts {
    id: Vec<i64>,
    text: Vec<Option<String>>,
    keep_image: Vec<bool>,
}

#[derive(Default)]
struct Events {
    webhook_id: Vec<String>,
    item_id: Vec<i64>,
    source_app: Vec<String>,
    kind: Vec<&'static str>,
    body: Vec<String>,
    at: Vec<DateTime<Utc>>,
    trace: Vec<Option<String>>,
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

impl PostgresStore {
    /// Many outcomes inside the caller's transaction, six statements at
    /// most whatever their number; one event per outcome, in input order,
    /// `None` for an item no longer pending (or repeated in the batch).
    pub(super) async fn record_all_in_tx(
        tx: &mut Conn,
        outcomes: &[Outcome],
    ) -> StoreResult<Vec<Option<DecisionEvent>>> {
        let mut events: Vec<Option<DecisionEvent>> = vec![None; outcomes.len()];
        // The first outcome of each item is the one recorded, as one by one.
        let mut index: HashMap<i64, usize> = HashMap::with_capacity(outcomes.len());
        for (i, o) in outcomes.iter().enumerate() {
            index.entry(o.item_id).or_insert(i);
        }
        let chosen: Vec<&Outcome> = outcomes
            .iter()
            .enumerate()
            .filter(|(i, o)| index.get(&o.item_id) == Some(i))
            .map(|(_, o)| o)
            .collect();
        let moved: Vec<Moved> = sqlx::query_as(MOVE_OUT_OF_PENDING)
            .bind(chosen.iter().map(|o| o.item_id).collect::<Vec<_>>())
            .bind(
                chosen
                    .iter()
                    .map(|o| o.verdict.as_status().as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(chosen.iter().map(|o| o.decided_at).collect::<Vec<_>>())
            .fetch_all(&mut *tx)
            .await?;
        if moved.is_empty() {
            return Ok(events);
        }
        let apps = Self::app_rules(tx, &moved).await?;

        let (mut scores, mut decisions) = (Scores::default(), Decisions::default());
        let (mut texts, mut outbox) = (Texts::default(), Events::default());
        for Moved { id, row } in &moved {
            let Some(&i) = index.get(id) else {
                continue; // not asked for: the statement only returns batch ids
            };
            let o = &outcomes[i];
            let event = outbox::event(
                o.item_id,
                row,
                o.verdict,
                o.reason.clone(),
                &o.decided_by,
                None,
                &o.policy_version,
                o.decided_at,
                &o.scores,
                o.gaps.clone(),
            );
            let app = apps.get(&row.source_app);
            let replaced = app.and_then(|a| {
                outbox::text_after_final(event.data.status, a.mode, row.text.as_deref())
            });
            scores.push(o, row.text.as_deref(), replaced.as_ref());
            decisions.push(o)?;
            if let Some(text) = replaced {
                texts.id.push(*id);
                texts.keep_image.push(text.is_some());
                texts.text.push(text);
            }
            if app.is_some_and(|a| a.webhook) {
                outbox.push(&event, o.trace.clone());
            }
            events[i] = Some(event);
        }
        scores.insert(tx).await?;
        decisions.insert(tx).await?;
        texts.update(tx).await?;
        outbox.insert(tx).await?;
        Ok(events)
    }

    /// The settings of the moved items' apps, in one query; an app without
    /// a row has the defaults (keep text, no webhook) and is left out.
    async fn app_rules(tx: &mut Conn, moved: &[Moved]) -> StoreResult<HashMap<String, AppRule>> {
        let mut names: Vec<&str> = moved.iter().map(|m| m.row.source_app.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let rows: Vec<(String, Option<String>, Text)> =
            sqlx::query_as(APPS).bind(names).fetch_all(&mut *tx).await?;
        Ok(rows
            .into_iter()
            .map(|(app, url, mode)| {
                let rule = AppRule {
                    webhook: url.is_some(),
                    mode: mode.into(),
                };
                (app, rule)
            })
            .collect())
    }
}

impl Scores {
    /// The outcome's score rows. Their spans point into the stored text,
    /// so they follow it: dropped with the text, moved onto a masked text.
    fn push(&mut self, o: &Outcome, text: Option<&str>, replaced: Option<&Option<String>>) {
        for s in &o.scores {
            let spans = match replaced {
                None => spans_json(&s.spans),
                Some(None) => None,
                Some(Some(_)) => {
                    let (_, moved) =
                        crate::redact::redact_with_spans(text.unwrap_or_default(), &s.spans);
                    spans_json(&moved)
                }
            };
            self.item_id.push(o.item_id);
            self.category.push(s.category.clone());
            self.score.push(s.score);
            self.classifier.push(s.classifier.clone());
            self.model_version.push(s.model_version.clone());
            self.created_at.push(o.decided_at);
            self.spans.push(spans);
        }
    }

    async fn insert(self, tx: &mut Conn) -> StoreResult<()> {
        if self.item_id.is_empty() {
            return Ok(());
        }
        sqlx::query(INSERT_SCORES)
            .bind(self.item_id)
            .bind(self.category)
            .bind(self.score)
            .bind(self.classifier)
            .bind(self.model_version)
            .bind(self.created_at)
            .bind(self.spans)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}

impl Decisions {
    fn push(&mut self, o: &Outcome) -> StoreResult<()> {
        self.item_id.push(o.item_id);
        self.verdict.push(o.verdict.as_status().as_str());
        self.reason.push(o.reason.clone());
        self.policy_version.push(o.policy_version.clone());
        self.decided_by.push(o.decided_by.clone());
        self.decided_at.push(o.decided_at);
        self.language.push(o.language.clone());
        self.gaps.push(json(&o.gaps)?);
        self.model_versions.push(json(&o.model_versions)?);
        Ok(())
    }

    async fn insert(self, tx: &mut Conn) -> StoreResult<()> {
        if self.item_id.is_empty() {
            return Ok(());
        }
        sqlx::query(INSERT_DECISIONS)
            .bind(self.item_id)
            .bind(self.verdict)
            .bind(self.reason)
            .bind(self.policy_version)
            .bind(self.decided_by)
            .bind(self.decided_at)
            .bind(self.language)
            .bind(self.gaps)
            .bind(self.model_versions)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}

impl Texts {
    async fn update(self, tx: &mut Conn) -> StoreResult<()> {
        if self.id.is_empty() {
            return Ok(());
        }
        sqlx::query(REPLACE_TEXT)
            .bind(self.id)
            .bind(self.text)
            .bind(self.keep_image)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}

impl Events {
    fn push(&mut self, event: &DecisionEvent, trace: Option<String>) {
        self.webhook_id.push(new_webhook_id());
        self.item_id.push(event.data.id);
        self.source_app.push(event.data.source_app.clone());
        self.kind.push(event.outbox_kind());
        self.body.push(event.to_json());
        self.at.push(event.data.decided_at);
        self.trace.push(trace);
    }

    async fn insert(self, tx: &mut Conn) -> StoreResult<()> {
        if self.item_id.is_empty() {
            return Ok(());
        }
        sqlx::query(INSERT_EVENTS)
            .bind(self.webhook_id)
            .bind(self.item_id)
            .bind(self.source_app)
            .bind(self.kind)
            .bind(self.body)
            .bind(self.at)
            .bind(self.trace)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}
