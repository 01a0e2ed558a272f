//! What each audited action writes to the audit log: who did what to
//! which key or item, never a secret, a key hash or the content.

use crate::{
    AppealDecision, KeyRecord, NewAppeal, NewAuditEntry, ReasonCodesChange, ReviewDecision,
    ReviewHold, Rotated,
};
use chrono::{DateTime, Utc};
use modd_common::ItemStatus;
use serde_json::json;

fn entry(at: DateTime<Utc>, actor: &str, action: &str, target: String) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor: actor.to_owned(),
        action: action.to_owned(),
        target,
        detail: serde_json::Value::Null,
    }
}

pub(crate) fn key_created(key: &KeyRecord, actor: &str) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({
            "name": key.name,
            "role": key.role,
            "person": key.person,
            "prefix": key.prefix,
            "source_apps": key.source_apps,
            "rate_limit": key.rate_limit,
            "expires_at": key.expires_at,
        }),
        ..entry(
            key.created_at,
            actor,
            "key.create",
            format!("key:{}", key.id),
        )
    }
}

pub(crate) fn key_revoked(key: &KeyRecord, at: DateTime<Utc>, actor: &str) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({"name": key.name, "prefix": key.prefix}),
        ..entry(at, actor, "key.revoke", format!("key:{}", key.id))
    }
}

pub(crate) fn key_rotated(rotated: &Rotated, actor: &str) -> NewAuditEntry {
    let (old, new) = (&rotated.old, &rotated.new);
    NewAuditEntry {
        detail: json!({
            "new_key": new.id,
            "new_prefix": new.prefix,
            "old_prefix": old.prefix,
            "old_stops_at": old.revoked_at,
            "name": new.name,
        }),
        ..entry(
            new.created_at,
            actor,
            "key.rotate",
            format!("key:{}", old.id),
        )
    }
}

/// A rotation's grace moved: from when to when the old key now works.
pub(crate) fn key_grace_extended(
    key: &KeyRecord,
    from: DateTime<Utc>,
    at: DateTime<Utc>,
    actor: &str,
) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({
            "name": key.name,
            "prefix": key.prefix,
            "stopped_at_before": from,
            "stops_at": key.revoked_at,
        }),
        ..entry(at, actor, "key.extend_grace", format!("key:{}", key.id))
    }
}

/// A key's own maximum age changed (`None`: the daemon's applies).
pub(crate) fn key_max_age_set(
    key: &KeyRecord,
    before: Option<i64>,
    at: DateTime<Utc>,
    actor: &str,
) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({
            "name": key.name,
            "max_age_secs_before": before,
            "max_age_secs": key.max_age_secs,
        }),
        ..entry(at, actor, "key.set_max_age", format!("key:{}", key.id))
    }
}

/// The verdict and whether a note was left, never the note itself (it may
/// quote the content).
pub(crate) fn review(d: &ReviewDecision, source_app: &str) -> NewAuditEntry {
    let target = format!("item:{}", d.item_id);
    NewAuditEntry {
        detail: json!({
            "source_app": source_app,
            "verdict": d.verdict.as_str(),
            "from": "flagged",
            "with_note": d.note.is_some(),
            "reason_code": d.reason_code,
        }),
        ..entry(d.decided_at, &d.reviewer, "review.decide", target)
    }
}

/// An appeal was submitted: by which key, never the statement.
pub(crate) fn appeal_submitted(
    a: &NewAppeal,
    source_app: &str,
    against: ItemStatus,
) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({"source_app": source_app, "against": against.as_str()}),
        ..entry(
            a.created_at,
            &a.submitted_by,
            "appeal.submit",
            format!("item:{}", a.item_id),
        )
    }
}

/// An appeal was decided: the outcome and the status before and after,
/// whether a note was left, never the note or the statement.
pub(crate) fn appeal_decided(
    d: &AppealDecision,
    source_app: &str,
    from: ItemStatus,
    to: ItemStatus,
) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({
            "source_app": source_app,
            "outcome": d.outcome.as_str(),
            "from": from.as_str(),
            "to": to.as_str(),
            "with_note": d.note.is_some(),
            "reason_code": d.reason_code,
        }),
        ..entry(
            d.decided_at,
            &d.decider,
            "appeal.decide",
            format!("item:{}", d.item_id),
        )
    }
}

/// A console decision held for its undo window: what [`review`] will
/// record, and when.
pub(crate) fn review_held(hold: &ReviewHold, source_app: &str) -> NewAuditEntry {
    let d = &hold.decision;
    let mut e = review(d, source_app);
    e.action = "review.hold".into();
    e.detail["commit_at"] = json!(hold.commit_at);
    e
}

/// A held decision undone by its reviewer before its commit.
pub(crate) fn review_undone(
    hold: &ReviewHold,
    source_app: &str,
    at: DateTime<Utc>,
) -> NewAuditEntry {
    let mut e = review(&hold.decision, source_app);
    e.action = "review.undo".into();
    e.at = at;
    e.detail["held_at"] = json!(hold.decision.decided_at);
    e
}

/// An app's reason codes replaced (or reset to the built-in list: `null`).
pub(crate) fn reason_codes(change: &ReasonCodesChange) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({"codes": change.codes}),
        ..entry(
            change.at,
            &change.actor,
            "app.reason_codes",
            format!("app:{}", change.source_app),
        )
    }
}

/// Which item was erased, never what it said.
pub(crate) fn erased(
    id: i64,
    source_app: &str,
    external_id: &str,
    at: DateTime<Utc>,
    actor: &str,
) -> NewAuditEntry {
    NewAuditEntry {
        detail: json!({"source_app": source_app, "external_id": external_id}),
        ..entry(at, actor, "content.erase", format!("item:{id}"))
    }
}
