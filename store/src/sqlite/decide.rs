//! SQLite's batch of decisions: one outcome after another inside the
//! caller's transaction. SQLite runs in process, so a statement costs no
//! round trip, and the transaction's single commit is what batching saves
//! (PostgreSQL writes a batch with one statement per table instead).

use super::{Conn, SqliteStore, ts};
use crate::Outcome;
use crate::sql::items::AppsRead;
use crate::sql::prelude::*;

impl SqliteStore {
    /// Many outcomes inside the caller's transaction, written in item-id
    /// order; one event per outcome, in input order.
    pub(super) async fn record_all_in_tx(
        tx: &mut Conn,
        outcomes: &[Outcome],
    ) -> StoreResult<Vec<Option<DecisionEvent>>> {
        let mut order: Vec<usize> = (0..outcomes.len()).collect();
        order.sort_by_key(|&i| outcomes[i].item_id);
        let mut events: Vec<Option<DecisionEvent>> = vec![None; outcomes.len()];
        // Each app's settings are read once per batch, not per decision.
        let mut apps = AppsRead::new();
        for i in order {
            events[i] = Self::record_one_in_tx(&mut *tx, &outcomes[i], &mut apps).await?;
        }
        Ok(events)
    }

    /// One outcome inside the caller's transaction; `None` (and nothing
    /// written) when the item is no longer pending or does not exist.
    async fn record_one_in_tx(
        tx: &mut Conn,
        outcome: &Outcome,
        apps: &mut AppsRead,
    ) -> StoreResult<Option<DecisionEvent>> {
        let at = ts(&outcome.decided_at);
        // The status guard is the idempotency: only the first writer moves
        // the item out of pending; a repeat delivery updates nothing.
        let moved: Option<DecidedRow> = sqlx::query_as(&format!(
            "UPDATE content_items SET status = $1, error = NULL, updated_at = $2 \
             WHERE id = $3 AND status = 'pending' {DECIDED_RETURNING}"
        ))
        .bind(outcome.verdict.as_status().as_str())
        .bind(&at)
        .bind(outcome.item_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = moved else {
            return Ok(None);
        };
        Self::insert_scores(&mut *tx, outcome).await?;
        sqlx::query(
            "INSERT INTO decisions (item_id, verdict, reason, policy_version, decided_by, \
             decided_at, language, gaps, model_versions) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(outcome.item_id)
        .bind(outcome.verdict.as_status().as_str())
        .bind(&outcome.reason)
        .bind(&outcome.policy_version)
        .bind(&outcome.decided_by)
        .bind(&at)
        .bind(&outcome.language)
        .bind(Json(&outcome.gaps))
        .bind(Json(&outcome.model_versions))
        .execute(&mut *tx)
        .await?;
        let event = outbox::event(
            outcome.item_id,
            &row,
            outcome.verdict,
            outcome.reason.clone(),
            &outcome.decided_by,
            None,
            &outcome.policy_version,
            outcome.decided_at,
            &outcome.scores,
            outcome.gaps.clone(),
        );
        let app = match apps.get(&row.source_app) {
            Some(app) => *app,
            None => {
                let app = Self::app_effects(&mut *tx, &row.source_app).await?;
                apps.insert(row.source_app.clone(), app);
                app
            }
        };
        Self::after_decision_with(
            &mut *tx,
            app,
            &event,
            row.text.as_deref(),
            outcome.trace.as_deref(),
        )
        .await?;
        Ok(Some(event))
    }
}
