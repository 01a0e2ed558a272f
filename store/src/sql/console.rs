//! The review console's sessions and claims. Times are compared in SQL so
//! every replica agrees on what has expired.

macro_rules! console_methods {
    () => {
        fn create_session<'a>(&'a self, s: &'a NewSession) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                // Sessions past their absolute expiry are never valid again.
                sqlx::query("DELETE FROM console_sessions WHERE expires_at <= $1")
                    .bind(ts(&s.created_at))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO console_sessions \
                     (id_hash, key_id, csrf_token, created_at, last_seen_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $4, $5)",
                )
                .bind(&s.id_hash)
                .bind(s.key_id)
                .bind(&s.csrf_token)
                .bind(ts(&s.created_at))
                .bind(ts(&s.expires_at))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            })
        }

        fn touch_session<'a>(
            &'a self,
            id_hash: &'a [u8],
            now: DateTime<Utc>,
            idle_since: DateTime<Utc>,
        ) -> StoreFuture<'a, Option<ConsoleSession>> {
            Box::pin(async move {
                Ok(sqlx::query_as(
                    "UPDATE console_sessions SET last_seen_at = $2 \
                     WHERE id_hash = $1 AND expires_at > $2 AND last_seen_at > $3 \
                     RETURNING key_id, csrf_token, created_at, expires_at",
                )
                .bind(id_hash)
                .bind(ts(&now))
                .bind(ts(&idle_since))
                .fetch_optional(&self.pool)
                .await?)
            })
        }

        fn end_session<'a>(&'a self, id_hash: &'a [u8]) -> StoreFuture<'a, bool> {
            Box::pin(async move {
                let done = sqlx::query("DELETE FROM console_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            })
        }

        fn claim_item<'a>(
            &'a self,
            item_id: i64,
            holder: &'a str,
            now: DateTime<Utc>,
            until: DateTime<Utc>,
        ) -> StoreFuture<'a, Option<Claim>> {
            Box::pin(async move {
                if holder.contains('\0') {
                    return Err(StoreError::Invalid("holder contains a NUL character".into()));
                }
                let mut tx = self.begin_write().await?;
                // One statement, so two reviewers racing for an item cannot
                // both win: the row lock of the upsert orders them.
                sqlx::query(
                    "INSERT INTO review_claims (item_id, holder, claimed_until) \
                     SELECT $1, $2, $3 WHERE EXISTS \
                       (SELECT 1 FROM content_items WHERE id = $1 AND status = 'flagged') \
                     ON CONFLICT (item_id) DO UPDATE \
                       SET holder = excluded.holder, claimed_until = excluded.claimed_until \
                       WHERE review_claims.holder = excluded.holder \
                          OR review_claims.claimed_until <= $4",
                )
                .bind(item_id)
                .bind(holder)
                .bind(ts(&until))
                .bind(ts(&now))
                .execute(&mut *tx)
                .await?;
                let claim: Option<Claim> = sqlx::query_as(
                    "SELECT item_id, holder, claimed_until FROM review_claims \
                     WHERE item_id = $1 AND claimed_until > $2",
                )
                .bind(item_id)
                .bind(ts(&now))
                .fetch_optional(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(claim)
            })
        }

        fn live_claims(&self, now: DateTime<Utc>) -> StoreFuture<'_, Vec<Claim>> {
            Box::pin(async move {
                Ok(sqlx::query_as(
                    "SELECT item_id, holder, claimed_until FROM review_claims \
                     WHERE claimed_until > $1 ORDER BY item_id",
                )
                .bind(ts(&now))
                .fetch_all(&self.pool)
                .await?)
            })
        }
    };
}
pub(crate) use console_methods;
