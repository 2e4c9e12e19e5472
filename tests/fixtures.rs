//! Whole-document snapshots of the repository's own fixtures (documents
//! written for this project, modelled on real variants, with invented
//! names, amounts and bank details).

mod common;

#[test]
fn fixtures_snapshots() {
    let files = common::txt_files(&common::fixtures());
    assert!(files.len() >= 8, "expected at least 8 fixtures");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let doc = deliberation::Parser::new()
            .source_name(f.file_name().unwrap().to_string_lossy())
            .parse_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_json_snapshot!(name, doc);
    }
}

#[test]
fn legacy_encodings_are_detected() {
    let dir = common::fixtures();
    let doc =
        deliberation::parse_bytes(&std::fs::read(dir.join("f12-cp1252.txt")).unwrap()).unwrap();
    assert_eq!(doc.source.encoding, "windows-1252");
    assert!(!doc.deliberations.is_empty());
    let doc =
        deliberation::parse_bytes(&std::fs::read(dir.join("f13-utf16-bom.txt")).unwrap()).unwrap();
    assert_eq!(doc.source.encoding, "utf-16le");
    assert!(!doc.deliberations.is_empty());
}
