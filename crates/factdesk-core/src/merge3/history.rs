//! History entries, of a claim or of a story: the union of both sides,
//! each entry once.

use chrono::{DateTime, Utc};

use crate::model::{HistoryEntry, StoryEntry};

/// An entry of a history: it has a time.
pub(crate) trait Entry: Clone + PartialEq {
    fn at(&self) -> DateTime<Utc>;
}

impl Entry for HistoryEntry {
    fn at(&self) -> DateTime<Utc> {
        self.at
    }
}

impl Entry for StoryEntry {
    fn at(&self) -> DateTime<Utc> {
        self.at
    }
}

/// Every entry of `ours` and of `theirs`, in time order. An entry both
/// sides have (the same time, editor and change) is kept once; an entry
/// one side holds twice (the same ruling made twice in one second) keeps
/// its count. When `theirs` adds nothing, `ours` is returned as it is.
pub(crate) fn union<E: Entry>(ours: &[E], theirs: &[E]) -> Vec<E> {
    // Histories only grow: both usually share a long prefix.
    let common = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let our_tail = ours.get(common..).unwrap_or_default();
    let their_tail = theirs.get(common..).unwrap_or_default();
    let mut used = vec![false; our_tail.len()];
    let mut out = ours.to_vec();
    let mut added = false;
    for entry in their_tail {
        let twin = our_tail
            .iter()
            .enumerate()
            .position(|(i, e)| !used.get(i).copied().unwrap_or(true) && e == entry);
        match twin.and_then(|i| used.get_mut(i)) {
            Some(slot) => *slot = true,
            None => {
                out.push(entry.clone());
                added = true;
            }
        }
    }
    if added {
        // Stable: entries of one instant keep the order they were made in.
        out.sort_by_key(Entry::at);
    }
    out
}
