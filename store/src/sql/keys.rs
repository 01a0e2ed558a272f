//! API keys and the audit log. The audited operations (create, revoke,
//! rotate) run in one write transaction each, the old row read with
//! `LOCK_ROW`: on PostgreSQL `FOR UPDATE` serializes two admins acting on
//! one key; on SQLite `BEGIN IMMEDIATE` already holds the only write lock.
//! Either way the second one sees the first one's result (and a conflict).

use crate::rows::key_columns;

pub(crate) const INSERT_KEY: &str = concat!(
    "INSERT INTO api_keys (name, role, key_hash, prefix, source_apps, rate_limit, created_by, \
     created_at, expires_at, rotated_from, person, max_age_secs) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ",
    key_columns!()
);
pub(crate) const KEY_BY_HASH: &str = concat!(
    "SELECT ",
    key_columns!(),
    " FROM api_keys WHERE key_hash = $1"
);
pub(crate) const KEY_BY_ID: &str =
    concat!("SELECT ", key_columns!(), " FROM api_keys WHERE id = $1");
pub(crate) const ALL_KEYS: &str = concat!("SELECT ", key_columns!(), " FROM api_keys ORDER BY id");
pub(crate) const SET_REVOKED: &str = concat!(
    "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 RETURNING ",
    key_columns!()
);
pub(crate) const SET_ROTATED: &str = concat!(
    "UPDATE api_keys SET revoked_at = $1, rotated_at = $2 WHERE id = $3 RETURNING ",
    key_columns!()
);
/// A key notice's outbox row, only for an app with a webhook; a repeat of
/// the same `webhook_id` (another replica's sweep) is skipped.
pub(crate) const INSERT_KEY_EVENT: &str = "INSERT INTO webhook_events \
     (webhook_id, source_app, kind, body, next_attempt_at, created_at) \
     SELECT $1, source_app, $2, $3, $4, $4 FROM apps \
     WHERE source_app = $5 AND webhook_url IS NOT NULL \
     ON CONFLICT (webhook_id) DO NOTHING";
pub(crate) const SET_MAX_AGE: &str = concat!(
    "UPDATE api_keys SET max_age_secs = $1 WHERE id = $2 RETURNING ",
    key_columns!()
);

macro_rules! key_helpers {
    () => {
        /// Inserts a key; `rotated_from` names the key it replaces, if any.
        async fn insert_key_in(
            conn: impl Executor<'_, Database = Db>,
            key: &NewKey,
            rotated_from: Option<i64>,
        ) -> StoreResult<KeyRecord> {
            check_key(key)?;
            Ok(sqlx::query_as(INSERT_KEY)
                .bind(&key.name)
                .bind(key.role.as_str())
                .bind(&key.key_hash)
                .bind(&key.prefix)
                .bind(Json(&key.source_apps))
                .bind(&key.rate_limit)
                .bind(&key.created_by)
                .bind(ts(&key.created_at))
                .bind(key.expires_at.as_ref().map(ts))
                .bind(rotated_from)
                .bind(&key.person)
                .bind(key.max_age_secs)
                .fetch_one(conn)
                .await?)
        }

        async fn append_audit_in(
            conn: impl Executor<'_, Database = Db>,
            entry: &NewAuditEntry,
        ) -> StoreResult<()> {
            check_audit(entry)?;
            sqlx::query(
                "INSERT INTO audit_log (at, actor, action, target, detail) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(ts(&entry.at))
            .bind(&entry.actor)
            .bind(&entry.action)
            .bind(&entry.target)
            .bind(Json(&entry.detail))
            .execute(conn)
            .await?;
            Ok(())
        }

        /// The key, locked for the rest of the transaction.
        async fn lock_key(tx: &mut Conn, id: i64) -> StoreResult<KeyRecord> {
            let key = sqlx::query_as(&format!("{KEY_BY_ID}{LOCK_ROW}"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            key.ok_or(StoreError::NotFound)
        }

        /// Starts a rotation's grace: the key works until `stops_at`.
        async fn set_rotated(
            tx: &mut Conn,
            id: i64,
            at: DateTime<Utc>,
            stops_at: DateTime<Utc>,
        ) -> StoreResult<KeyRecord> {
            Ok(sqlx::query_as(SET_ROTATED)
                .bind(ts(&stops_at))
                .bind(ts(&at))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?)
        }

        /// Writes a notice's events, one per bound app that has a webhook
        /// (like decision events), each once: see [`KeyNotice::events`].
        async fn insert_key_notice_in(tx: &mut Conn, notice: &KeyNotice) -> StoreResult<u64> {
            let mut written = 0;
            for (webhook_id, event) in notice.events() {
                written += sqlx::query(INSERT_KEY_EVENT)
                    .bind(webhook_id)
                    .bind(notice.kind.outbox_kind())
                    .bind(event.to_json())
                    .bind(ts(&notice.at))
                    .bind(&event.data.source_app)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            Ok(written)
        }

        /// The `key.rotating` notice of a key whose grace (re)started at
        /// `at`; nothing for a rotation without grace (the key stopped).
        async fn notify_rotating(
            tx: &mut Conn,
            key: &KeyRecord,
            rules: &KeyNoticeRules,
            at: DateTime<Utc>,
        ) -> StoreResult<()> {
            if let Some(ending) = key.ending(&rules.lifetime, at) {
                let notice = key.notice(ending, rules.docs_url.as_deref(), at);
                Self::insert_key_notice_in(tx, &notice).await?;
            }
            Ok(())
        }

        async fn set_revoked(tx: &mut Conn, id: i64, at: DateTime<Utc>) -> StoreResult<KeyRecord> {
            Ok(sqlx::query_as(SET_REVOKED)
                .bind(ts(&at))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?)
        }
    };
}
pub(crate) use key_helpers;

macro_rules! key_methods {
    () => {
        fn insert_key<'a>(&'a self, key: &'a NewKey) -> StoreFuture<'a, KeyRecord> {
            Box::pin(Self::insert_key_in(&self.pool, key, None))
        }

        fn key_by_hash<'a>(&'a self, hash: &'a [u8]) -> StoreFuture<'a, Option<KeyRecord>> {
            let key = sqlx::query_as(KEY_BY_HASH).bind(hash);
            Box::pin(async move { Ok(key.fetch_optional(&self.pool).await?) })
        }

        fn get_key(&self, id: i64) -> StoreFuture<'_, Option<KeyRecord>> {
            let key = sqlx::query_as(KEY_BY_ID).bind(id);
            Box::pin(async move { Ok(key.fetch_optional(&self.pool).await?) })
        }

        fn list_keys(&self) -> StoreFuture<'_, Vec<KeyRecord>> {
            let keys = sqlx::query_as(ALL_KEYS);
            Box::pin(async move { Ok(keys.fetch_all(&self.pool).await?) })
        }

        /// Only moves `last_used_at` forward: replicas touching the same key
        /// with slightly different clocks must not make it go back.
        fn touch_key(&self, id: i64, at: DateTime<Utc>) -> StoreFuture<'_, ()> {
            Box::pin(async move {
                sqlx::query(
                    "UPDATE api_keys SET last_used_at = $1 \
                     WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
                )
                .bind(ts(&at))
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(())
            })
        }

        fn revoke_key(&self, id: i64, at: DateTime<Utc>) -> StoreFuture<'_, bool> {
            Box::pin(async move {
                let done = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                )
                .bind(ts(&at))
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            })
        }

        fn create_key<'a>(&'a self, key: &'a NewKey, actor: &'a str) -> StoreFuture<'a, KeyRecord> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let record = Self::insert_key_in(&mut *tx, key, None).await?;
                Self::append_audit_in(&mut *tx, &audit::key_created(&record, actor)).await?;
                tx.commit().await?;
                Ok(record)
            })
        }

        fn revoke_key_audited<'a>(
            &'a self,
            id: i64,
            at: DateTime<Utc>,
            actor: &'a str,
        ) -> StoreFuture<'a, KeyRecord> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let key = Self::lock_key(&mut tx, id).await?;
                key_ops::check_revocable(&key, at)?;
                let revoked = Self::set_revoked(&mut tx, id, at).await?;
                let entry = audit::key_revoked(&revoked, at, actor);
                Self::append_audit_in(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(revoked)
            })
        }

        fn rotate_key<'a>(&'a self, rotation: &'a KeyRotation) -> StoreFuture<'a, Rotated> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let old = Self::lock_key(&mut tx, rotation.old_id).await?;
                key_ops::check_rotatable(&old, rotation.at)?;
                let successor = key_ops::successor(&old, rotation);
                let new = Self::insert_key_in(&mut *tx, &successor, Some(old.id)).await?;
                let old =
                    Self::set_rotated(&mut tx, old.id, rotation.at, rotation.old_stops_at).await?;
                Self::notify_rotating(&mut tx, &old, &rotation.notices, rotation.at).await?;
                let rotated = Rotated { old, new };
                let entry = audit::key_rotated(&rotated, &rotation.actor);
                Self::append_audit_in(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(rotated)
            })
        }

        fn extend_key_grace<'a>(
            &'a self,
            id: i64,
            by: chrono::TimeDelta,
            at: DateTime<Utc>,
            actor: &'a str,
            rules: &'a KeyNoticeRules,
        ) -> StoreFuture<'a, KeyRecord> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let key = Self::lock_key(&mut tx, id).await?;
                let ends = key_ops::check_extendable(&key, at)?;
                let until = ends
                    .checked_add_signed(by)
                    .ok_or_else(|| StoreError::Conflict("grace end out of range".into()))?;
                let extended = Self::set_revoked(&mut tx, id, until).await?;
                let entry = audit::key_grace_extended(&extended, ends, at, actor);
                Self::append_audit_in(&mut *tx, &entry).await?;
                Self::notify_rotating(&mut tx, &extended, rules, at).await?;
                tx.commit().await?;
                Ok(extended)
            })
        }

        fn record_key_notices<'a>(&'a self, notices: &'a [KeyNotice]) -> StoreFuture<'a, u64> {
            Box::pin(async move {
                if notices.is_empty() {
                    return Ok(0);
                }
                let mut tx = self.begin_write().await?;
                let mut written = 0;
                for notice in notices {
                    written += Self::insert_key_notice_in(&mut tx, notice).await?;
                }
                tx.commit().await?;
                Ok(written)
            })
        }

        fn set_key_max_age<'a>(
            &'a self,
            id: i64,
            max_age_secs: Option<i64>,
            at: DateTime<Utc>,
            actor: &'a str,
        ) -> StoreFuture<'a, KeyRecord> {
            Box::pin(async move {
                crate::checks::check_max_age(max_age_secs)?;
                let mut tx = self.begin_write().await?;
                let before = Self::lock_key(&mut tx, id).await?;
                let key: KeyRecord = sqlx::query_as(SET_MAX_AGE)
                    .bind(max_age_secs)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                let entry = audit::key_max_age_set(&key, before.max_age_secs, at, actor);
                Self::append_audit_in(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(key)
            })
        }

        fn append_audit<'a>(&'a self, entry: &'a NewAuditEntry) -> StoreFuture<'a, ()> {
            Box::pin(Self::append_audit_in(&self.pool, entry))
        }

        fn list_audit(&self, limit: i64) -> StoreFuture<'_, Vec<AuditEntry>> {
            Box::pin(async move {
                Ok(sqlx::query_as(
                    "SELECT id, at, actor, action, target, detail FROM audit_log \
                     ORDER BY id DESC LIMIT $1",
                )
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?)
            })
        }
    };
}
pub(crate) use key_methods;
