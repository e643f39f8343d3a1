//! `desk.ron`: a few fields, each taken from the side that changed it.

use crate::model::DeskSettings;

use super::pick::{Pick, pick};
use super::{Merged, Report};

/// Merge two versions of `desk.ron` against `base`. A field changed two
/// ways keeps ours, and the report says so (the other value stays in the
/// repository's history).
pub fn settings(
    base: Option<&DeskSettings>,
    ours: &DeskSettings,
    theirs: &DeskSettings,
) -> Merged<DeskSettings> {
    let mut report = Report::default();
    let mut out = ours.clone();
    macro_rules! field {
        ($field:ident, $what:literal) => {
            out.$field = match pick(base.map(|s| &s.$field), &ours.$field, &theirs.$field) {
                Pick::One(v) => v,
                Pick::Both(o, t) => {
                    report.notes.push(format!(
                        "desk.ron: the {} was changed on both sides; ours ({:?}) is kept, theirs was {:?}",
                        $what, o, t
                    ));
                    o
                }
            };
        };
    }
    field!(name, "desk name");
    field!(organisation, "organisation");
    field!(url, "desk URL");
    field!(confirm_needs, "rule for confirming");
    field!(suggest_threshold, "suggestion threshold");
    field!(suggest_cap, "suggestion cap");
    field!(claim_order, "claim order");
    out.version = ours.version.max(theirs.version);
    Merged { value: out, report }
}
