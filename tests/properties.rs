//! Properties that hold for any input.

use proptest::prelude::*;

fn spans_ok(doc: &deliberation::Document, input: &[u8]) {
    let json = serde_json::to_value(doc).unwrap();
    let mut stack = vec![&json];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(s), Some(e)) = (
                    m.get("start").and_then(|x| x.as_u64()),
                    m.get("end").and_then(|x| x.as_u64()),
                ) {
                    if m.contains_key("line") {
                        let (s, e) = (s as usize, e as usize);
                        assert!(
                            s <= e && e <= input.len(),
                            "span {s}..{e} out of {}",
                            input.len()
                        );
                        if let Ok(text) = std::str::from_utf8(input) {
                            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                        }
                    }
                }
                stack.extend(m.values());
            }
            serde_json::Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
}

const PIECES: &[&str] = &[
    "Étaient présents : ",
    "M. Jean DUPOND, ",
    "Mme Anne-Marie LE BRUN",
    " donne pouvoir à ",
    "Excusé(s) : ",
    "\n",
    "\n\n",
    "DECIDE :\n",
    "Article 1 : ",
    "Article 1er\n",
    "Pour : 42 voix (Groupe A ; B) Contre : 0 voix ",
    "Adopté à l'unanimité.",
    "IBAN : FR76 1627 5006 0008 0002 5263 075\n",
    "BIC : ABCDFRPP\n",
    "20 000 €",
    "Code Opération\tImputation\tAE €\n",
    "C01\t6568/93428\t375 000,00\n",
    "**",
    "<p>",
    "^{er}",
    "\u{a0}",
    "é",
    "e\u{301}",
    "(",
    ")",
    ",",
    " ",
    "RAPPORT N°5\n",
    "CONVENTION\n",
    "31 février 2023",
    "du 1er janvier 2023 au 31 décembre 2025",
    "DELIBERATION N° CP/1\n",
    "-\n",
    "’",
    "\r\n",
    "1/4\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_and_spans_stay_inside(s in "\\PC{0,400}") {
        let doc = deliberation::parse(&s);
        spans_ok(&doc, s.as_bytes());
        let json = serde_json::to_string(&doc).unwrap();
        let back: deliberation::Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, doc);
    }

    /// The pieces, in UTF-16 or Windows-1252: spans still point inside the
    /// original bytes.
    #[test]
    fn pieces_in_other_encodings(idx in proptest::collection::vec(0..PIECES.len(), 0..40), utf16 in any::<bool>()) {
        let s: String = idx.iter().map(|&i| PIECES[i]).collect();
        let bytes: Vec<u8> = if utf16 {
            let mut b = vec![0xFF, 0xFE];
            for u in s.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        } else {
            let (b, _, _) = encoding_rs::WINDOWS_1252.encode(&s);
            b.into_owned()
        };
        let by_ref = deliberation::parse_bytes(&bytes);
        if let Ok(doc) = &by_ref {
            spans_ok(doc, &bytes);
        }
        // Giving the bytes away changes nothing but the memory held.
        let owned = deliberation::Parser::new().parse_vec(bytes.clone());
        prop_assert_eq!(owned.map_err(|e| e.to_string()), by_ref.map_err(|e| e.to_string()));
    }


    #[test]
    fn pieces_of_deliberations_parse(idx in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let s: String = idx.iter().map(|&i| PIECES[i]).collect();
        let doc = deliberation::parse(&s);
        spans_ok(&doc, s.as_bytes());
        let json = serde_json::to_string(&doc).unwrap();
        let back: deliberation::Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, doc);
    }

    /// A document written as it is read is the whole document's JSON,
    /// whatever deliberations (and authorities) the text holds: blocks of
    /// pieces, each a deliberation naming a département or not.
    #[test]
    fn streamed_json_is_the_whole_documents(
        blocks in proptest::collection::vec(
            (0..3usize, proptest::collection::vec(0..PIECES.len(), 0..12)),
            0..6,
        ),
        pretty in any::<bool>(),
    ) {
        let mut s = String::new();
        for (k, (dept, idx)) in blocks.iter().enumerate() {
            s += &format!("DELIBERATION N° CP/{k}\n");
            s += ["", "DEPARTEMENT DE LA SOMME\n", "DEPARTEMENT DU NORD\n"][*dept];
            s.extend(idx.iter().map(|&i| PIECES[i]));
            s += "\nDECIDE :\nArticle 1 : ok\n";
        }
        let whole = deliberation::parse(&s);
        let expected = if pretty {
            serde_json::to_vec_pretty(&whole).unwrap()
        } else {
            serde_json::to_vec(&whole).unwrap()
        };
        let mut w = deliberation::json::JsonWriter::new(Vec::new(), pretty);
        let rest = deliberation::Parser::new()
            .parse_each(s.into_bytes(), |source, d| w.deliberation(source, &d))
            .unwrap();
        let streamed = w.finish(&rest).unwrap();
        prop_assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(expected).unwrap());
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(doc) = deliberation::parse_bytes(&b) {
            spans_ok(&doc, &b);
        }
    }
}
