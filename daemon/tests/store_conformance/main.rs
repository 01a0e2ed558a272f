#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One conformance suite for every `Store` backend.
//!
//! Each case is a plain `async fn(Ctx)` written against `Arc<dyn Store>`; the
//! `suite!` macro turns every case into a SQLite test (always) and a
//! PostgreSQL test (when `TEST_DATABASE_URL` is set; required when
//! `MODD_REQUIRE_SERVICES=1`). Every test gets a database of its own, so they
//! run in parallel.
//!
//! Cases live in `migrations.rs`, `appeals.rs`, `gaps.rs`, `items.rs`, `outcomes.rs`, `policies.rs`, `keys.rs`,
//! `console.rs`, `holds.rs`, `secrets.rs`, `spans.rs`, `columns.rs`, `notice_retention.rs` and
//! `writer.rs` (the daemon's writer over each backend); `connection.rs` and `lock_order.rs` hold
//! the few backend-specific checks.

mod appeals;
mod batches;
mod columns;
mod connection;
mod console;
mod gaps;
mod holds;
mod items;
mod key_notices;
mod key_ops;
mod keys;
mod lock_order;
mod migrations;
mod notice_retention;
mod outcomes;
mod pipeline;
mod policies;
mod secrets;
mod spans;
mod writer;

use appeals::*;
use batches::*;
use columns::*;
use console::*;
use gaps::*;
use holds::*;
use items::*;
use key_notices::*;
use key_ops::*;
use keys::*;
use migrations::*;
use notice_retention::*;
use outcomes::*;
use pipeline::*;
use policies::*;
use secrets::*;
use spans::*;
use writer::*;

use chrono::{DateTime, Duration, Utc};
use modd::store::{
    self, ConnectOptions, NewAuditEntry, NewItem, NewKey, Outcome, Store, StoreError,
};
use modd_common::{CategoryScore, ItemStatus, Role, Verdict};
use modd_testkit as testing;
use sqlx::Connection;
use std::sync::Arc;

/// What a case gets: an open, unmigrated store and its URL (for the few
/// checks that must look under the store).
struct Ctx {
    store: Arc<dyn Store>,
    url: String,
}

impl Ctx {
    async fn migrated(self) -> Self {
        self.store.migrate_up(None).await.unwrap();
        self
    }
}

async fn open(url: &str) -> Arc<dyn Store> {
    store::connect(url, &ConnectOptions::default())
        .await
        .unwrap()
}

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let (_dir, url) = modd_testkit::sqlite_temp().await;
                    let store = super::open(&url).await;
                    super::$case(super::Ctx { store, url }).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(db) = modd_testkit::postgres_fresh().await else { return };
                    let store = super::open(db.url()).await;
                    super::$case(super::Ctx { store, url: db.url().to_owned() }).await;
                    db.cleanup().await;
                }
            )*
        }
    };
}

suite!(
    migrations_down_up_restore_the_schema,
    pending_migrations_are_detected,
    unknown_applied_version_is_an_error,
    insert_batch_handles_duplicates,
    get_and_find_return_the_decision,
    unicode_round_trips,
    nul_characters_are_refused,
    pending_ids_page_in_order,
    record_outcome_once_under_race,
    mark_error_only_from_pending,
    requeue_errored_only_from_error,
    count_by_status_includes_zeros,
    oldest_pending_follows_the_queue,
    keys_lifecycle,
    duplicate_key_hash_is_a_conflict,
    audit_log_newest_first,
    deleting_an_item_cascades,
    ping_and_pool_stats,
    concurrent_migrators_apply_once,
    create_key_writes_its_audit_entry,
    attestations_are_audited_and_expire,
    revoke_audited_stops_a_key_once,
    rotate_copies_settings_and_sets_the_grace,
    rotation_without_grace_and_of_expired_keys,
    extend_grace_moves_only_a_running_grace,
    max_age_is_set_cleared_audited_and_kept_by_rotation,
    concurrent_rotations_issue_one_successor,
    policies_are_versioned_per_app,
    concurrent_policy_sets_get_distinct_versions,
    decisions_record_versions_language_and_gaps,
    review_is_final_once_with_event_and_audit,
    concurrent_reviews_decide_once,
    list_flagged_filters_by_app_category_and_score,
    outbox_gets_one_event_per_decision,
    claims_lease_retry_dead_letter_and_replay,
    claimed_events_keep_the_decisions_trace,
    concurrent_claims_never_share_an_event,
    storage_modes_apply_at_the_final_decision,
    put_app_keeps_unchanged_fields,
    retention_deletes_only_expired_items,
    erase_removes_the_item_and_audits_without_content,
    get_items_loads_a_batch_in_one_call,
    record_outcomes_commits_a_batch_once,
    batches_store_values_exactly,
    a_refused_outcome_writes_nothing_of_its_batch,
    overlapping_batches_decide_each_item_once,
    decision_timings_read_every_decided_item,
    console_sessions_end_when_idle_expired_or_signed_out,
    claims_block_other_reviewers_until_they_expire,
    concurrent_claims_have_one_winner,
    list_flagged_filters_by_language_and_age,
    commit_round_stores_items_and_outcomes_at_once,
    a_refused_round_writes_nothing,
    writer_interleaves_intake_and_decisions,
    writer_fails_only_the_bad_item_or_outcome,
    writer_survives_a_refusal_inside_a_round,
    reseal_pages_apps_and_never_overwrites_a_newer_secret,
    spans_are_stored_with_their_scores,
    spans_follow_the_storage_mode,
    one_batch_applies_each_apps_storage_mode,
    unreadable_spans_are_refused,
    appeals_are_submitted_once_for_final_decisions,
    appeal_decisions_overturn_or_uphold_once,
    appeal_statements_follow_the_storage_mode,
    concurrent_appeal_decisions_decide_once,
    rotations_announce_key_rotating_to_apps_with_a_webhook,
    key_notices_are_written_once_across_sweepers,
    reason_codes_are_per_app_replaced_and_reset,
    held_reviews_commit_once_or_undo_without_an_event,
    undo_and_commit_race_to_exactly_one,
    retention_deletes_done_key_notices_by_age,
    reads_survive_a_column_added_under_them,
    human_decisions_carry_the_rules_gaps,
);

// --- fixtures ----------------------------------------------------------------

/// Now, at the microsecond precision both backends keep.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap()
}

fn item(app: &str, external_id: &str, text: &str) -> NewItem {
    NewItem {
        source_app: app.into(),
        external_id: external_id.into(),
        content_type: "comment".into(),
        text: Some(text.into()),
        image_url: None,
        created_at: now(),
    }
}

fn score(category: &str, score: f64) -> CategoryScore {
    CategoryScore {
        category: category.into(),
        score,
        classifier: "builtin-lexicon".into(),
        model_version: "2026.11".into(),
        languages: Vec::new(),
        spans: Vec::new(),
    }
}

fn outcome(item_id: i64, verdict: Verdict) -> Outcome {
    Outcome {
        item_id,
        scores: vec![score("profanity", 0.91), score("hate", 0.02)],
        verdict,
        reason: Some("profanity".into()),
        policy_version: "policy-7".into(),
        decided_by: "rule".into(),
        decided_at: now(),
        language: Some("eng".into()),
        gaps: Vec::new(),
        model_versions: [("builtin-lexicon".to_owned(), "2026.11".to_owned())].into(),
        trace: None,
    }
}

fn key(name: &str, hash_byte: u8) -> NewKey {
    NewKey {
        name: name.into(),
        role: Role::Client,
        key_hash: vec![hash_byte; 32],
        prefix: format!("modd_test_{hash_byte:02x}"),
        source_apps: vec!["forum".into(), "chat".into()],
        rate_limit: Some("30/min".into()),
        created_by: Some("modctl".into()),
        created_at: now(),
        expires_at: Some(now() + Duration::days(30)),
        person: None,
        max_age_secs: None,
    }
}

/// Gives `app` a webhook, so its decisions and notices reach the outbox.
async fn hooked(store: &dyn Store, app: &str) {
    let change = store::AppChange {
        webhook_url: Some(Some("https://hooks.example/modd".into())),
        webhook_secret: Some(Some("v1.sealed".into())),
        ..store::AppChange::default()
    };
    store.put_app(app, &change, now()).await.unwrap();
}

async fn insert_one(store: &dyn Store, new: NewItem) -> i64 {
    let inserted = store.insert_items(&[new]).await.unwrap();
    assert!(inserted[0].created);
    inserted[0].item.id
}
