//! Attestations of manual verify items: recorded with their audit entry in
//! one transaction; read back while unexpired, newest first.

macro_rules! attest_methods {
    () => {
        fn attest<'a>(&'a self, a: &'a NewAttestation) -> StoreFuture<'a, Attestation> {
            Box::pin(async move {
                check_attestation(a)?;
                let mut tx = self.begin_write().await?;
                let record: Attestation = sqlx::query_as(
                    "INSERT INTO attestations \
                     (check_id, attested_by, note, at, expires_at, actor) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     RETURNING id, check_id, attested_by, note, at, expires_at, actor",
                )
                .bind(&a.check_id)
                .bind(&a.attested_by)
                .bind(&a.note)
                .bind(ts(&a.at))
                .bind(ts(&a.expires_at))
                .bind(&a.actor)
                .fetch_one(&mut *tx)
                .await?;
                let entry = NewAuditEntry {
                    at: a.at,
                    actor: a.actor.clone(),
                    action: "verify.attest".into(),
                    target: format!("check:{}", a.check_id),
                    detail: serde_json::json!({
                        "attested_by": a.attested_by,
                        "note": a.note,
                        "expires_at": a.expires_at,
                    }),
                };
                Self::append_audit_in(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(record)
            })
        }

        fn current_attestations(
            &self,
            now: DateTime<Utc>,
        ) -> StoreFuture<'_, Vec<Attestation>> {
            Box::pin(async move {
                Ok(sqlx::query_as(
                    "SELECT id, check_id, attested_by, note, at, expires_at, actor \
                     FROM attestations WHERE expires_at > $1 ORDER BY id DESC",
                )
                .bind(ts(&now))
                .fetch_all(&self.pool)
                .await?)
            })
        }
    };
}
pub(crate) use attest_methods;
