//! Which key role may call what: the one table behind every route's auth
//! extractor (`auth.rs`) and the roles table on the operators' keys page.
//! A route names the [`Access`] it needs; nothing else decides by role.

use modd_common::Role;

/// What a route does, as far as permissions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Submit content, classify, erase: the apps' work.
    Content,
    /// Read one item and its decision.
    ReadItem,
    /// The review queue, the live feed, the audit log, and deciding flagged
    /// items: a human moderator's work.
    Review,
    /// Read-only operations views: stats, queue, workers, facts, apps,
    /// policies, keys (never a secret, never content).
    Observe,
    /// Every change to the deployment: keys, apps, policies, queue, webhooks.
    Manage,
}

impl Access {
    pub const ALL: [Access; 5] = [
        Access::Content,
        Access::ReadItem,
        Access::Review,
        Access::Observe,
        Access::Manage,
    ];
}

/// The roles allowed each access. Admins may do everything.
pub fn roles(access: Access) -> &'static [Role] {
    use Role::{Admin, Client, Reviewer, Viewer};
    match access {
        Access::Content => &[Client, Admin],
        Access::ReadItem => &[Client, Admin, Reviewer],
        Access::Review => &[Admin, Reviewer],
        Access::Observe => &[Admin, Viewer],
        Access::Manage => &[Admin],
    }
}

pub fn allows(role: Role, access: Access) -> bool {
    roles(access).contains(&role)
}

/// What a refusal says: which roles would have been allowed.
pub fn refusal(access: Access) -> String {
    let names: Vec<&str> = roles(access).iter().map(|r| r.as_str()).collect();
    format!("this endpoint needs a key with role {}", names.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole matrix, spelled out: a change here is a change of who may do what.
    #[test]
    fn the_permission_matrix() {
        let row = |role: Role| Access::ALL.map(|a| allows(role, a));
        //                                Content ReadItem Review Observe Manage
        assert_eq!(row(Role::Client), [true, true, false, false, false]);
        assert_eq!(row(Role::Admin), [true, true, true, true, true]);
        assert_eq!(row(Role::Viewer), [false, false, false, true, false]);
        assert_eq!(row(Role::Reviewer), [false, true, true, false, false]);
    }

    #[test]
    fn refusals_name_the_roles_that_would_do() {
        assert_eq!(
            refusal(Access::Review),
            "this endpoint needs a key with role admin or reviewer"
        );
    }
}
