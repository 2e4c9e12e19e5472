//! Any bytes: decoding either fails cleanly or gives a document whose spans
//! lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = deliberation::parse_bytes(data) {
        for d in &doc.deliberations {
            assert!(d.span.start <= d.span.end && d.span.end <= data.len());
        }
    }
});
