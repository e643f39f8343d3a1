//! The rule for one value.

/// What a three-way look at one value found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pick<T> {
    /// Both sides agree, or only one changed it: this is the value.
    One(T),
    /// Changed two ways: ours, theirs.
    Both(T, T),
}

/// The three-way rule: equal sides agree; a side equal to the base did
/// not change it, so the other side's value wins; otherwise both changed
/// it. Without a base (added on both sides) differing values are both
/// changes.
pub(crate) fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Pick<T> {
    if ours == theirs {
        return Pick::One(ours.clone());
    }
    match base {
        Some(b) if b == ours => Pick::One(theirs.clone()),
        Some(b) if b == theirs => Pick::One(ours.clone()),
        _ => Pick::Both(ours.clone(), theirs.clone()),
    }
}

/// Ids in first-seen order: `ours`, then those only `theirs` has, then
/// those only `base` has.
pub(crate) fn ids_in_order<K: PartialEq + Clone>(
    ours: impl IntoIterator<Item = K>,
    theirs: impl IntoIterator<Item = K>,
    base: impl IntoIterator<Item = K>,
) -> Vec<K> {
    let mut out: Vec<K> = ours.into_iter().collect();
    for k in theirs.into_iter().chain(base) {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}
