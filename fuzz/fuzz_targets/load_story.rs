//! Load an arbitrary story.ron (with an arbitrary article): parse errors
//! must be clean `file:line:col` errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    factdesk_dev::fuzz::load_story(data);
});
