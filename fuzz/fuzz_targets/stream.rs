//! Any bytes: the document written as it is read (`Parser::parse_each` and
//! `json::JsonWriter`) is byte for byte the whole document's JSON, and the
//! same error when the bytes are refused.
#![no_main]

use deliberation::Parser;
use deliberation::json::JsonWriter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pretty = data.first().is_some_and(|b| b & 1 == 1);
    let whole = Parser::new().parse_bytes(data);
    let mut w = JsonWriter::new(Vec::new(), pretty);
    let streamed = Parser::new().parse_each(data.to_vec(), |s, d| w.deliberation(s, &d));
    match (whole, streamed) {
        (Ok(doc), Ok(rest)) => {
            let json = w.finish(&rest).unwrap();
            let expected = if pretty {
                serde_json::to_vec_pretty(&doc).unwrap()
            } else {
                serde_json::to_vec(&doc).unwrap()
            };
            assert!(json == expected);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("parse_bytes {:?} but parse_each {:?}", a.is_ok(), b.is_ok()),
    }
});
