//! Policy versions and the dry-run read of recent decisions.

/// The newest automatic decisions of an app. Binds: `$1` app, `$2` limit.
pub(crate) const RECENT_RULE_DECISIONS: &str = "SELECT d.item_id FROM decisions d \
    JOIN content_items i ON i.id = d.item_id WHERE i.source_app = $1 AND d.decided_by = 'rule' \
    ORDER BY d.decided_at DESC, d.item_id DESC LIMIT $2";

macro_rules! policy_methods {
    () => {
        fn insert_policy<'a>(&'a self, p: &'a NewPolicy) -> StoreFuture<'a, PolicyRecord> {
            Box::pin(async move {
                check_policy(p)?;
                let mut tx = self.begin_write().await?;
                // Held from the MAX to the INSERT, so concurrent writers get
                // consecutive versions instead of a primary-key conflict.
                Self::lock_policy_versions(&mut tx, &p.source_app).await?;
                let record = sqlx::query_as(&format!(
                    "INSERT INTO policies (source_app, version, document, created_by, created_at) \
                     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM policies \
                     WHERE source_app = $1 RETURNING {POLICY_COLUMNS}"
                ))
                .bind(&p.source_app)
                .bind(Json(&p.document))
                .bind(&p.created_by)
                .bind(ts(&p.created_at))
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(record)
            })
        }

        fn current_policy<'a>(
            &'a self,
            source_app: &'a str,
        ) -> StoreFuture<'a, Option<PolicyRecord>> {
            Box::pin(async move { Ok(self.policy_history(source_app, 1).await?.pop()) })
        }

        fn policy_history<'a>(
            &'a self,
            source_app: &'a str,
            limit: i64,
        ) -> StoreFuture<'a, Vec<PolicyRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&format!(
                    "SELECT {POLICY_COLUMNS} FROM policies WHERE source_app = $1 \
                     ORDER BY version DESC LIMIT $2"
                ))
                .bind(source_app)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?)
            })
        }

        fn recent_decisions<'a>(
            &'a self,
            source_app: &'a str,
            limit: i64,
        ) -> StoreFuture<'a, Vec<DecidedItem>> {
            Box::pin(async move {
                let mut items = sqlx::query_as(&format!(
                    "SELECT {DECIDED_COLUMNS} FROM decisions d \
                     JOIN content_items i ON i.id = d.item_id \
                     WHERE d.item_id IN ({RECENT_RULE_DECISIONS}) \
                     ORDER BY d.decided_at DESC, d.item_id DESC"
                ))
                .bind(source_app)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?;
                let scores: Vec<(i64, String, f64, String)> = sqlx::query_as(&format!(
                    "SELECT item_id, category, score, classifier FROM moderation_results \
                     WHERE item_id IN ({RECENT_RULE_DECISIONS}) ORDER BY id"
                ))
                .bind(source_app)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?;
                attach_scores(&mut items, scores);
                Ok(items)
            })
        }
    };
}
pub(crate) use policy_methods;
