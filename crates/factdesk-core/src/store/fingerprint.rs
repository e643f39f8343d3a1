//! What a file looked like when it was read: its length and checksum, and
//! the stat that lets a save skip reading an unchanged file back.

use super::dir::Meta;

/// What a file looked like when we read it, to notice that someone else
/// changed it before we save over it.
///
/// Two fingerprints are equal when the contents are (length and checksum).
/// A fingerprint also remembers the file's stat when it was taken: a save
/// whose file still has that stat needs no read-back of the file (an
/// 8 MB story) to know it is unchanged.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
    stamp: Option<(FileStamp, i64)>,
}

impl PartialEq for Fingerprint {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

impl Eq for Fingerprint {}

impl Fingerprint {
    /// The length of the contents.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            hash: checksum(bytes),
            stamp: None,
        }
    }

    pub(super) fn stamped(mut self, meta: &Meta, taken: i64) -> Self {
        self.stamp = Some((FileStamp::of(meta), taken));
        self
    }

    /// The stamp, when it can be trusted: a change in the same clock tick
    /// as the stamp could leave the stat as it was, so only stamps of
    /// files older than that count.
    fn trusted_stamp(&self) -> Option<FileStamp> {
        let (stamp, taken) = self.stamp?;
        (stamp.ctime_ns < taken - RACY_NS).then_some(stamp)
    }

    /// Whether a file with stat `meta` still is what this fingerprint saw,
    /// judged by its stat alone; `false` means "cannot tell".
    pub(super) fn stat_unchanged(&self, meta: &Meta) -> bool {
        self.trusted_stamp() == Some(FileStamp::of(meta))
    }

    /// [`Fingerprint::stat_unchanged`] for a file that was renamed since
    /// (which changes its change time, and nothing else).
    pub(super) fn renamed_unchanged(&self, meta: &Meta) -> bool {
        self.trusted_stamp().is_some_and(|s| {
            let now = FileStamp::of(meta);
            (s.len, s.mtime_ns, s.ino, s.dev) == (now.len, now.mtime_ns, now.ino, now.dev)
        })
    }
}

/// File times are coarse (a clock tick, or worse on some file systems): a
/// file changed within this long before its stat was taken could change
/// again, same size, without its stat changing. Such stats are not trusted
/// (as git does for its index).
pub(crate) const RACY_NS: i64 = 1_000_000_000;

/// Nanoseconds since the epoch, now.
pub(crate) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Enough of a file's stat to notice any rewrite: an in-place edit changes
/// the change time, a replacement the inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    ino: u64,
    dev: u64,
}

impl FileStamp {
    fn of(m: &Meta) -> FileStamp {
        FileStamp {
            len: m.len,
            mtime_ns: m.mtime_ns,
            ctime_ns: m.ctime_ns,
            ino: m.ino,
            dev: m.dev,
        }
    }
}

/// A checksum of file contents. Four lanes of xor-multiply-rotate over
/// 64-bit words: any change of a single word changes the result, and it
/// runs at memory speed (about a millisecond for an 8 MB story; SipHash
/// took several).
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes: [u64; 4] = [K, K.rotate_left(16), K.rotate_left(32), K.rotate_left(48)];
    let mix = |lanes: &mut [u64; 4], chunk: &[u8]| {
        for (lane, word) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
            *lane = (*lane ^ w).wrapping_mul(K).rotate_left(29);
        }
    };
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        mix(&mut lanes, chunk);
    }
    let mut tail = [0u8; 32];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    mix(&mut lanes, &tail);
    let mut h = bytes.len() as u64;
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(31);
    }
    h
}
