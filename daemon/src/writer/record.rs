//! Recording a batch of outcomes so that a failing outcome never fails its
//! batch-mates: one transaction for all, and when the store refuses it,
//! each outcome alone to find the one at fault.

use crate::store::{DecisionEvent, Outcome, Store, StoreError};

/// An outcome the store took, with the event it wrote; `event` is `None`
/// when the item was no longer pending (another delivery decided it first),
/// and then nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub outcome: Outcome,
    pub event: Option<DecisionEvent>,
}

/// Records `outcomes` in one transaction, or one by one if the store
/// refuses the batch; one result per outcome, in order. An outage fails
/// them all at once: recording one by one would only wait longer.
pub(super) async fn record_batch(
    store: &dyn Store,
    outcomes: Vec<Outcome>,
) -> Vec<Result<Decided, StoreError>> {
    match store.record_outcomes(&outcomes).await {
        Ok(events) => decided(outcomes, events),
        Err(e) if outcomes.len() > 1 && !e.is_unavailable() => {
            tracing::warn!(items = outcomes.len(), error = %e, "batch refused; recording its items one by one");
            let mut results = Vec::with_capacity(outcomes.len());
            for outcome in outcomes {
                let event = store.record_outcome(&outcome).await;
                results.push(event.map(|event| Decided { outcome, event }));
            }
            results
        }
        Err(e) => failed(outcomes.len(), &e),
    }
}

/// Pairs each outcome with its event (the store answers one per outcome).
pub(super) fn decided(
    outcomes: Vec<Outcome>,
    events: Vec<Option<DecisionEvent>>,
) -> Vec<Result<Decided, StoreError>> {
    if events.len() != outcomes.len() {
        let e = StoreError::Other(format!(
            "the store returned {} events for {} outcomes",
            events.len(),
            outcomes.len()
        ));
        return failed(outcomes.len(), &e);
    }
    outcomes
        .into_iter()
        .zip(events)
        .map(|(outcome, event)| Ok(Decided { outcome, event }))
        .collect()
}

/// The same failure for each of `n` outcomes.
pub(super) fn failed(n: usize, e: &StoreError) -> Vec<Result<Decided, StoreError>> {
    (0..n).map(|_| Err(e.clone())).collect()
}
