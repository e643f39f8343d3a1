//! Parse an arbitrary search query: never a panic, and what a query is
//! written back as means the same query.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    factdesk_dev::fuzz::query(data);
});
