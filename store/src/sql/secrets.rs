//! Resealing stored webhook secrets under a new `SECRET_KEY`: apps read in
//! pages by name, and each page written back in one transaction with its
//! audit entry. Each row is replaced only if its sealed values are still the
//! ones read, so a secret rotated meanwhile (`rotate-secret`) is never
//! overwritten with an older one; the caller sees it as not updated.

macro_rules! secret_methods {
    () => {
        fn apps_with_secrets<'a>(
            &'a self,
            after: &'a str,
            limit: i64,
        ) -> StoreFuture<'a, Vec<AppRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&format!(
                    "SELECT {APP_COLUMNS} FROM apps WHERE source_app > $1 \
                       AND (webhook_secret IS NOT NULL OR previous_secret IS NOT NULL) \
                     ORDER BY source_app LIMIT $2"
                ))
                .bind(after)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?)
            })
        }

        fn reseal_app_secrets<'a>(
            &'a self,
            reseals: &'a [Reseal],
            audit: &'a ResealAudit,
        ) -> StoreFuture<'a, Vec<String>> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let mut updated = Vec::new();
                for r in reseals {
                    let done = sqlx::query(
                        "UPDATE apps SET webhook_secret = $1, previous_secret = $2 \
                         WHERE source_app = $3 AND webhook_secret IS NOT DISTINCT FROM $4 \
                           AND previous_secret IS NOT DISTINCT FROM $5",
                    )
                    .bind(&r.current)
                    .bind(&r.previous)
                    .bind(&r.source_app)
                    .bind(&r.seen_current)
                    .bind(&r.seen_previous)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        updated.push(r.source_app.clone());
                    }
                }
                if !updated.is_empty() {
                    let entry = NewAuditEntry {
                        at: audit.at,
                        actor: audit.actor.clone(),
                        action: "secrets.reseal".into(),
                        target: "apps".into(),
                        detail: serde_json::json!({
                            "key_id": audit.key_id,
                            "apps": updated,
                        }),
                    };
                    Self::append_audit_in(&mut *tx, &entry).await?;
                }
                tx.commit().await?;
                Ok(updated)
            })
        }
    };
}
pub(crate) use secret_methods;
