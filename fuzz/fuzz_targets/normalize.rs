#![no_main]
//! Normalizer on arbitrary text: no panic, idempotent, and every normalized byte maps back to a
//! range of the input that lies on character boundaries, in order.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normalizer = sokhan::Normalizer::default();
    let n = normalizer.normalize(&text);
    assert_eq!(normalizer.normalize(n.as_str()).as_str(), n.as_str(), "idempotent");
    assert_eq!(n.source_len(), text.len());
    let out = n.as_str();
    let mut last_start = 0;
    for (i, c) in out.char_indices() {
        let r = n.source_range(i..i + c.len_utf8());
        assert!(r.start <= r.end && r.end <= text.len(), "range inside the input");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "char boundaries");
        assert!(r.start >= last_start, "provenance in input order");
        last_start = r.start;
    }
    let whole = n.source_range(0..out.len());
    assert!(whole.end <= text.len());
});
