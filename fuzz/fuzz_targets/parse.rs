//! Any text: `parse` never panics, spans lie inside the input on character
//! boundaries, and the JSON round-trips; with a small item limit (one in
//! four inputs, by their length), lists are cut without a panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let doc = if s.len() % 4 == 3 {
        deliberation::Parser::new().max_items(s.len() % 5).parse_str(s)
    } else {
        deliberation::parse(s)
    };
    for d in &doc.deliberations {
        assert!(d.span.start <= d.span.end && d.span.end <= s.len());
        assert!(s.is_char_boundary(d.span.start) && s.is_char_boundary(d.span.end));
    }
    let json = serde_json::to_string(&doc).expect("serializes");
    let back: deliberation::Document = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, doc);
});
