//! Properties that hold for any input: spans point at the block's exact
//! bytes, clean text is made only of input text, and output is
//! deterministic.

use junksift::{Detector, Document};
use proptest::prelude::*;

fn detector() -> &'static Detector {
    use std::sync::OnceLock;
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| Detector::new().expect("embedded model"))
}

/// Text that looks a bit like pages: words, CJK, punctuation, newlines,
/// SEO words (to trigger run-on splitting), and arbitrary chars.
fn pageish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("网站优化".to_string()),
        Just("seo优化排名哪家好".to_string()),
        Just("关键词按天计费报价".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("。".to_string()),
        Just(" | ".to_string()),
        "[a-zA-Z ]{1,20}",
        "[\u{4e00}-\u{4e80}]{1,30}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn text_spans_are_exact_input_bytes(src in pageish()) {
        let doc = Document::text(src.clone());
        let a = detector().analyze(&doc);
        prop_assert_eq!(&a.text, &src);
        let mut last_end = 0;
        for b in &a.blocks {
            prop_assert!(b.start < b.end);
            prop_assert!(b.start >= last_end, "blocks overlap or go backwards");
            let t = src.get(b.start..b.end);
            prop_assert!(t.is_some(), "span not on char boundaries");
            prop_assert_eq!(t.unwrap_or_default(), a.block_text(b));
            last_end = b.end;
        }
        for line in a.clean_text().lines() {
            prop_assert!(src.contains(line), "clean line not in input: {:?}", line);
        }
    }

    #[test]
    fn html_clean_text_comes_from_page_text(body in pageish()) {
        let html = format!("<html><body><div>{}</div><p>{}</p></body></html>",
            body.replace('\n', "<br>"), body);
        let a = detector().analyze(&Document::html(html));
        for b in &a.blocks {
            prop_assert!(a.text.get(b.start..b.end).is_some());
        }
        for line in a.clean_text().lines() {
            prop_assert!(a.text.contains(line));
        }
    }

    #[test]
    fn same_input_same_output(src in pageish()) {
        let d = detector();
        let a = d.analyze(&Document::text(src.clone()));
        let b = d.analyze(&Document::text(src));
        prop_assert_eq!(a.blocks, b.blocks);
        prop_assert_eq!(a.verdict, b.verdict);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let a = detector().analyze(&Document::from_bytes(&bytes, Default::default(), None));
        for b in &a.blocks {
            prop_assert!(a.text.get(b.start..b.end).is_some());
        }
    }
}
