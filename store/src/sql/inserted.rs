//! A batch insert's rows put back in input order. Both dialects insert a
//! batch in one statement (`INSERT ... ON CONFLICT DO NOTHING RETURNING`)
//! that answers only the rows it created, in no promised order, and read
//! the keys that already existed with one more query; this is the one rule
//! for turning those two row sets into one answer per input item.

use crate::{Inserted, NewItem, StoreError, StoreResult, StoredItem};
use std::collections::HashMap;

type Key<'a> = (&'a str, &'a str);

/// The items of `items` whose key is not among `created`: they existed
/// before the batch, and the caller reads them with one more query.
pub(crate) fn not_created<'a>(items: &'a [NewItem], created: &[StoredItem]) -> Vec<&'a NewItem> {
    let new: std::collections::HashSet<Key<'_>> = created
        .iter()
        .map(|i| (i.source_app.as_str(), i.external_id.as_str()))
        .collect();
    items
        .iter()
        .filter(|i| !new.contains(&(i.source_app.as_str(), i.external_id.as_str())))
        .collect()
}

/// One result per item of `items`, in input order, from the rows the batch
/// `created` and the rows that `existed` before it. Within the batch only
/// the first of equal keys is `created`: the later ones found its row.
pub(crate) fn in_input_order(
    items: &[NewItem],
    created: Vec<StoredItem>,
    existed: Vec<StoredItem>,
) -> StoreResult<Vec<Inserted>> {
    let mut new: Vec<bool> = vec![true; created.len()];
    new.resize(created.len() + existed.len(), false);
    let rows: Vec<StoredItem> = created.into_iter().chain(existed).collect();
    let at: HashMap<Key<'_>, usize> = rows
        .iter()
        .enumerate()
        .map(|(n, r)| ((r.source_app.as_str(), r.external_id.as_str()), n))
        .collect();
    let mut wanted = Vec::with_capacity(items.len());
    let mut uses = vec![0usize; rows.len()];
    for item in items {
        let Some(&n) = at.get(&(item.source_app.as_str(), item.external_id.as_str())) else {
            // Only possible if a concurrent delete removed it between the two statements.
            return Err(StoreError::Other(format!(
                "item {}/{} vanished during insert",
                item.source_app, item.external_id
            )));
        };
        uses[n] += 1;
        wanted.push(n);
    }
    // A row goes to its last user by move, to the others (repeated keys,
    // rare) by copy: the common batch copies nothing.
    let mut rows: Vec<Option<StoredItem>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(items.len());
    for n in wanted {
        uses[n] -= 1;
        let row = if uses[n] == 0 {
            rows[n].take()
        } else {
            rows[n].clone()
        };
        let row = row.ok_or_else(|| StoreError::Other("an inserted row was used up".into()))?;
        out.push(Inserted {
            item: row,
            created: std::mem::take(&mut new[n]),
        });
    }
    Ok(out)
}
