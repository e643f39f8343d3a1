//! Names for what factdesk makes on the way (temporary files, story folders
//! being built), and clearing away what killed processes left of them.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};

use super::dir::{Dir, Kind, Meta, my_uid};
use super::fingerprint::{checksum, now_ns};
use super::layout::MAX_STORY_BYTES;

/// What factdesk makes on the way (temporary files, story folders being
/// built) is named `.factdesk-<pid>-<random>-<check>SUFFIX`, where the
/// check is a checksum of the rest: a name nobody types by accident, so
/// clean-up can never take a person's file for one of ours.
pub const TMP_PREFIX: &str = ".factdesk-";
pub const TMP_SUFFIX: &str = ".tmp";

/// Leftovers older than this are removed even when their writer's pid seems
/// alive (pids are reused; a desk may be shared between machines).
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

fn name_check(pid: u32, random: u32) -> u32 {
    let text = format!("factdesk made {pid} {random:08x}");
    (checksum(text.as_bytes()) >> 32) as u32
}

/// A fresh name for something factdesk makes, ending in `suffix`.
pub(super) fn made_name(suffix: &str) -> String {
    made_name_for(std::process::id(), suffix)
}

/// [`made_name`] as process `pid` would make it.
pub(super) fn made_name_for(pid: u32, suffix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = [
        now_ns().to_le_bytes(),
        COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes(),
        u64::from(pid).to_le_bytes(),
    ]
    .concat();
    let random = checksum(&seed) as u32;
    format!(
        "{TMP_PREFIX}{pid}-{random:08x}-{:08x}{suffix}",
        name_check(pid, random)
    )
}

/// The process that made `name`, when it is a name [`made_name`] gave
/// with `suffix`.
pub(super) fn made_by(name: &str, suffix: &str) -> Option<u32> {
    let rest = name.strip_prefix(TMP_PREFIX)?.strip_suffix(suffix)?;
    let mut parts = rest.split('-');
    let (pid, random, check) = (parts.next()?, parts.next()?, parts.next()?);
    let hex8 = |s: &str| {
        (s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(s, 16).ok())
            .flatten()
    };
    if parts.next().is_some() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pid: u32 = pid.parse().ok()?;
    (name_check(pid, hex8(random)?) == hex8(check)?).then_some(pid)
}

/// Whether a leftover whose writer was `pid` and whose stat is `meta` may
/// be removed: ours (same user), not this process's, and its writer gone
/// or the file older than `older_than`.
pub(super) fn abandoned(pid: u32, meta: &Meta, older_than: std::time::Duration) -> bool {
    if pid == std::process::id() || meta.uid != my_uid() {
        return false;
    }
    let age_ns = now_ns().saturating_sub(meta.mtime_ns);
    let old = u128::try_from(age_ns).is_ok_and(|age| age >= older_than.as_nanos());
    old || !super::process::pid_alive(pid)
}

/// Remove what killed saves left in `dir`: our temporary files whose
/// process is gone, or that are older than `older_than`. A file is taken
/// for ours only when its name passes the check (see [`made_name`]), it is
/// a regular file of ours (same user, not a link), and it holds what a save
/// writes: nothing yet, or a RON file's opening. Returns how many were
/// removed.
pub fn clean_leftovers(dir: &Dir, older_than: std::time::Duration) -> usize {
    clean_leftovers_holding(dir, older_than, |head| head.is_empty() || head == b"(")
}

/// [`clean_leftovers`] for a folder whose temporary files hold anything
/// (the cache's binary files): `holds` judges the first byte read.
pub(super) fn clean_leftovers_holding(
    dir: &Dir,
    older_than: std::time::Duration,
    holds: impl Fn(&[u8]) -> bool,
) -> usize {
    let Ok(entries) = dir.entries() else {
        return 0;
    };
    let mut removed = 0;
    for (name, kind) in entries {
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = made_by(name, TMP_SUFFIX) else {
            continue;
        };
        if kind != Kind::File {
            continue;
        }
        let Ok(Some((file, meta))) = dir.open_file(name) else {
            continue;
        };
        if !abandoned(pid, &meta, older_than) || meta.len > MAX_STORY_BYTES {
            continue;
        }
        let mut head = [0u8; 1];
        let n = io::Read::read(&mut &file, &mut head).unwrap_or(0);
        if holds(&head[..n]) && dir.remove_file(name).is_ok() {
            removed += 1;
        }
    }
    removed
}
