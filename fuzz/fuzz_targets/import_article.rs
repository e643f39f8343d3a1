//! Import an arbitrary file: decode, wire header, sentences, suggestions
//! and anchors must never panic, and every suggestion must anchor exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    factdesk_dev::fuzz::import_article(data);
});
