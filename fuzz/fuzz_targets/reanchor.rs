//! Anchor claims in one article, edit it, and find them again: a found
//! anchor must point at its quote, on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    factdesk_dev::fuzz::reanchor(data);
});
