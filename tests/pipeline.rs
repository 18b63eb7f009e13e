//! End-to-end checks of the pipeline on the bundled fixtures, with the
//! embedded model: the seed page, HTML pages in several languages and
//! encodings, and plain-text dumps.

use junksift::{Analysis, Detector, Document, FormatHint, Label, Policy, Sure};

mod common;
use common::fixture;

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

fn lines(rel: &str) -> Vec<String> {
    String::from_utf8(read(rel))
        .expect("line files are UTF-8")
        .lines()
        .map(norm)
        .filter(|l| !l.is_empty())
        .collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn detector() -> Detector {
    Detector::new().expect("embedded model loads")
}

fn clean_of(rel: &str, hint: FormatHint) -> String {
    norm_lines(&analysis_of(rel, hint, false).clean_text())
}

fn analysis_of(rel: &str, hint: FormatHint, keep_title: bool) -> Analysis {
    let doc = Document::from_bytes(&read(rel), hint, None);
    let policy = Policy {
        keep_title,
        ..Policy::default()
    };
    detector().with_policy(policy).analyze(&doc)
}

/// The title line is found and reported, left out of the clean text as
/// human annotations leave it out, and kept with `keep_title`.
fn check_title(page: &str, title: &str) {
    let a = analysis_of(page, FormatHint::Auto, false);
    let reported = a.title.as_deref().map(norm).unwrap_or_default();
    assert!(reported.contains(title), "{page}: title {reported:?}");
    let is_line = |a: &Analysis| norm_lines(&a.clean_text()).lines().any(|l| l == title);
    assert!(!is_line(&a), "{page}: title in the clean text");
    let block = a.blocks.iter().find(|b| norm(a.block_text(b)) == title);
    assert_eq!(block.map(|b| b.why.first().copied()), Some(Some("title")));
    let kept = analysis_of(page, FormatHint::Auto, true);
    assert!(is_line(&kept), "{page}: title dropped with keep_title");
}

fn norm_lines(text: &str) -> String {
    text.lines().map(norm).collect::<Vec<_>>().join("\n")
}

const SEED: &str = "seed/xinhua-shangyu-2022.txt";

#[test]
fn seed_keeps_body_and_subheadings_and_reports_the_title() {
    check_title(SEED, "聚焦高质量发展|浙江绍兴上虞区:绘就高质量发展新图景");
    let clean = clean_of(SEED, FormatHint::Auto);
    let source = String::from_utf8_lossy(&read(SEED)).into_owned();
    // Every body paragraph and every sub-heading: the lines of the article
    // region, from below the title down to the last paragraph.
    let must_keep = [
        "产业集聚,经济动力再强化",
        "数字化改革,构建创新体系",
        "聚焦民生,提升人民幸福感",
    ];
    for l in must_keep {
        assert!(clean.lines().any(|c| c == l), "missing {l:?}");
    }
    let body: Vec<String> = source
        .lines()
        .filter(|l| l.starts_with("  ") && l.trim().chars().count() > 30)
        .map(norm)
        .collect();
    assert!(
        body.len() >= 20,
        "seed body paragraphs found: {}",
        body.len()
    );
    for p in &body {
        assert!(clean.lines().any(|c| c == p), "body paragraph dropped: {p}");
    }
}

#[test]
fn seed_drops_every_junk_part() {
    let clean = clean_of(SEED, FormatHint::Auto);
    for junk in [
        "新华网 > > 正文",
        "字体:",
        "【纠错】",
        "阅读下一篇",
        "深度观察",
        "万物并育和合生",
        "融媒集萃",
        "一部剧,助力中阿人文交流",
        "010020010010000000000000011100001129196126",
        "PHP网站源码",
        "昭通seo优化",
        "歼20紧急升空",
        "315晚会后胖东来",
        "XML地图",
    ] {
        assert!(!clean.contains(junk), "junk kept: {junk}");
    }
}

#[test]
fn seed_long_line_is_split_into_link_farm_then_headlines() {
    let source = String::from_utf8(read(SEED)).unwrap_or_default();
    let line_start = source.find("PHP网站源码昭通").expect("farm line");
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let a = detector().analyze(&Document::from_bytes(&read(SEED), FormatHint::Auto, None));
    let inside: Vec<_> = a
        .blocks
        .iter()
        .filter(|b| b.start >= line_start && b.end <= line_end)
        .collect();
    assert!(inside.len() >= 2, "long line not split: {inside:?}");
    let farm = inside.iter().position(|b| b.label == Label::LinkFarm);
    let heads = inside.iter().rposition(|b| b.label == Label::HeadlineList);
    match (farm, heads) {
        (Some(f), Some(h)) => assert!(f < h, "link farm must come before headlines"),
        _ => panic!("expected link_farm then headline_list, got {inside:?}"),
    }
    // The farm block ends where the headlines begin.
    let farm_text = a.block_text(inside[farm.unwrap_or(0)]);
    assert!(farm_text.ends_with("绍兴设计公司网站"), "{farm_text}");
    assert!(a.verdict.junk_share.link_farm > 0.0);
}

/// The reasons of the seed page's junk blocks name what makes them junk,
/// whether the second pass decided them by its logistic shortcut (the
/// default) or every block went down its forest (`--tree-reasons`); and
/// the two give the same labels.
#[test]
fn seed_junk_reasons_name_the_junk_and_the_shortcut_keeps_the_labels() {
    let doc = Document::from_bytes(&read(SEED), FormatHint::Auto, None);
    let default = detector().analyze(&doc);
    let trees = detector()
        .with_second_pass_shortcut(0.0, Sure::Both)
        .analyze(&doc);
    let labels = |a: &Analysis| a.blocks.iter().map(|b| b.label).collect::<Vec<_>>();
    assert_eq!(labels(&default), labels(&trees));
    for a in [&default, &trees] {
        for b in a.blocks.iter().filter(|b| b.label != Label::Content) {
            assert!(!b.why.is_empty(), "no reasons: {b:?}");
        }
        let farms: Vec<_> = a
            .blocks
            .iter()
            .filter(|b| b.label == Label::LinkFarm)
            .collect();
        assert!(!farms.is_empty());
        for b in farms {
            assert!(
                b.why.contains(&"seo_terms"),
                "link farm reasons: {:?}",
                b.why
            );
        }
        let heads = a.blocks.iter().filter(|b| b.label == Label::HeadlineList);
        assert!(
            heads.clone().any(|b| b.why.contains(&"readmore_terms")),
            "headline reasons: {:?}",
            heads.map(|b| &b.why).collect::<Vec<_>>()
        );
    }
}

#[test]
fn seed_json_output_has_spans_and_labels() {
    let out = assert_cmd::Command::cargo_bin("junksift")
        .expect("binary")
        .args(["label", "--format", "json"])
        .arg(fixture(SEED))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let blocks = v["blocks"].as_array().expect("blocks");
    let labels: Vec<&str> = blocks.iter().filter_map(|b| b["label"].as_str()).collect();
    let farm = labels
        .iter()
        .position(|l| *l == "link_farm")
        .expect("a link_farm block");
    assert_eq!(labels.get(farm + 1), Some(&"headline_list"));
    let source = read(SEED);
    for b in blocks {
        let (s, e) = (
            b["start"].as_u64().unwrap_or(0) as usize,
            b["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            std::str::from_utf8(&source[s..e]).ok(),
            b["text"].as_str(),
            "span does not match text"
        );
    }
}

#[test]
fn seed_text_view_names_the_language_and_the_farm() {
    let out = assert_cmd::Command::cargo_bin("junksift")
        .expect("binary")
        .arg("label")
        .arg(fixture(SEED))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let view = String::from_utf8_lossy(&out.stdout);
    let header = view.lines().next().unwrap_or_default();
    assert!(header.contains(" blocks, lang=zh, keep=false "), "{header}");
    assert!(view.lines().any(|l| l.contains(" link_farm ")), "{view}");
}

fn check_expected_and_junk(page: &str, expected: &str, junk: Option<&str>) {
    let clean = clean_of(page, FormatHint::Auto);
    let missing: Vec<String> = lines(expected)
        .into_iter()
        .filter(|l| !clean.contains(l.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{page}: expected lines missing: {missing:#?}"
    );
    if let Some(junk) = junk {
        let kept: Vec<String> = lines(junk)
            .into_iter()
            .filter(|l| clean.lines().any(|c| c == l))
            .collect();
        assert!(kept.is_empty(), "{page}: junk lines kept: {kept:#?}");
    }
}

#[test]
fn english_html_page() {
    check_expected_and_junk(
        "html/en-news.html",
        "html/en-news.expected.txt",
        Some("html/en-news.junk.txt"),
    );
    check_title("html/en-news.html", &lines("html/en-news.title.txt")[0]);
}

#[test]
fn chinese_html_page() {
    check_expected_and_junk(
        "html/zh-news.html",
        "html/zh-news.expected.txt",
        Some("html/zh-news.junk.txt"),
    );
    check_title("html/zh-news.html", &lines("html/zh-news.title.txt")[0]);
}

#[test]
fn english_text_dump() {
    check_expected_and_junk(
        "text/en-dump.txt",
        "text/en-dump.expected.txt",
        Some("text/en-dump.junk.txt"),
    );
}

/// Readers' comments read like prose and share the article's words; the
/// comment section below the article goes, the article stays.
#[test]
fn english_text_dump_with_reader_comments() {
    check_expected_and_junk(
        "text/en-comments-dump.txt",
        "text/en-comments-dump.expected.txt",
        Some("text/en-comments-dump.junk.txt"),
    );
}

#[test]
fn chinese_text_dump() {
    check_expected_and_junk(
        "text/zh-dump.txt",
        "text/zh-dump.expected.txt",
        Some("text/zh-dump.junk.txt"),
    );
}

/// The same dumps with every newline collapsed, as some corpora store
/// pages: the whole page on one line. The article still comes out (all but
/// one line) and the menus, teaser lists and footers still go (all but
/// `max_kept` lines).
fn check_flattened(page: &str, expected: &str, junk: &str, sep: &str, max_kept: usize) {
    let text = String::from_utf8(read(page)).expect("dumps are UTF-8");
    let flat = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(sep);
    assert!(!flat.contains('\n'));
    let doc = Document::from_bytes(flat.as_bytes(), FormatHint::Text, None);
    let a = detector().analyze(&doc);
    assert!(
        a.blocks.len() > 5,
        "{page}: not split ({} blocks)",
        a.blocks.len()
    );
    let clean = norm(&a.clean_text());
    let missing: Vec<String> = lines(expected)
        .into_iter()
        .filter(|l| !clean.contains(l.as_str()))
        .collect();
    assert!(missing.len() <= 1, "{page} flattened: missing {missing:#?}");
    let kept: Vec<String> = lines(junk)
        .into_iter()
        .filter(|l| clean.contains(l.as_str()))
        .collect();
    assert!(
        kept.len() <= max_kept,
        "{page} flattened: kept junk {kept:#?}"
    );
}

#[test]
fn flattened_english_text_dump() {
    check_flattened(
        "text/en-dump.txt",
        "text/en-dump.expected.txt",
        "text/en-dump.junk.txt",
        " ",
        1,
    );
}

#[test]
fn flattened_chinese_text_dump() {
    check_flattened(
        "text/zh-dump.txt",
        "text/zh-dump.expected.txt",
        "text/zh-dump.junk.txt",
        " ",
        1,
    );
    // Joined with nothing, as `get_text()` without a separator flattens a
    // page: the breadcrumb and the menu of links glue onto the article's
    // first and last sentences, and two of those junk lines stay.
    check_flattened(
        "text/zh-dump.txt",
        "text/zh-dump.expected.txt",
        "text/zh-dump.junk.txt",
        "",
        2,
    );
}

/// Legacy encodings decode to the right text (checked on the segmented
/// page text, which resolves character references), and the article
/// survives cleaning.
fn check_encoding(page: &str, expected: &str) {
    let doc = Document::from_bytes(&read(page), FormatHint::Auto, None);
    let a = detector().analyze(&doc);
    let text = norm_lines(&a.text);
    let clean = norm_lines(&a.clean_text());
    let exp = lines(expected);
    for l in &exp {
        assert!(text.contains(l.as_str()), "{page}: not decoded right: {l}");
    }
    assert!(
        exp.iter().any(|l| clean.contains(l.as_str())),
        "{page}: no article line in the clean text"
    );
}

#[test]
fn gbk_with_meta() {
    check_encoding("html/zh-gbk.html", "html/zh-gbk.expected.txt");
}

#[test]
fn gbk_detected_without_meta() {
    check_encoding("html/zh-gbk-nometa.html", "html/zh-gbk.expected.txt");
}

#[test]
fn shift_jis() {
    check_encoding("html/ja-sjis.html", "html/ja-sjis.expected.txt");
}

#[test]
fn windows_1251_detected() {
    check_encoding("html/ru-1251.html", "html/ru-1251.expected.txt");
}

#[test]
fn big5() {
    check_encoding("html/big5.html", "html/big5.expected.txt");
}

#[test]
fn euc_kr() {
    check_encoding("html/euckr.html", "html/euckr.expected.txt");
}

#[test]
fn detector_and_analysis_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Detector>();
    assert_send_sync::<junksift::Analysis>();
    // One detector shared by threads gives the same result as one thread.
    let d = detector();
    let doc = Document::from_bytes(&read(SEED), FormatHint::Auto, None);
    let expected = d.analyze(&doc).clean_text();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| d.analyze(&doc).clean_text()))
            .collect();
        for h in handles {
            assert_eq!(h.join().expect("thread"), expected);
        }
    });
}

/// A page above the policy's size limits is not analysed: no blocks, and a
/// verdict that drops it as too large and says which limit; at the limit,
/// and with the limits off, it is analysed as usual.
#[test]
fn pages_above_the_size_limits_are_left_unanalysed() {
    use junksift::DropCause;
    let limited = |max_blocks, max_page_bytes| {
        detector().with_policy(Policy {
            max_blocks,
            max_page_bytes,
            ..Policy::default()
        })
    };
    let dump = "A line of prose that could be an article's, and is not.\n".repeat(40);
    let html = format!("<p>{}</p>", "A sentence of prose. ".repeat(40)).repeat(40);
    for doc in [Document::text(dump.as_str()), Document::html(html.as_str())] {
        let full = limited(0, 0).analyze(&doc);
        assert_eq!(full.blocks.len(), 40);
        assert_eq!(full.verdict.cause, None);
        let same = limited(40, doc.source.len()).analyze(&doc);
        assert_eq!(format!("{same:?}"), format!("{full:?}"));

        let over = limited(39, 0).analyze(&doc);
        assert!(over.blocks.is_empty() && over.clean_text().is_empty());
        assert!(!over.verdict.keep);
        assert_eq!(over.verdict.cause, Some(DropCause::TooLarge));
        let reason = over.verdict.reason.as_deref().unwrap_or("");
        assert!(reason.contains("more than 39 blocks"), "{reason}");

        let over = limited(0, doc.source.len() - 1).analyze(&doc);
        assert!(over.blocks.is_empty());
        assert_eq!(over.verdict.cause, Some(DropCause::TooLarge));
        let reason = over.verdict.reason.as_deref().unwrap_or("");
        assert!(reason.contains("max_page_bytes"), "{reason}");
    }
}

/// The language reported (and filtered on) is the clean text's: a German
/// article under a site menu of two hundred English links is German, in
/// HTML and as a text dump, though the menu holds far more English
/// function words than the article German ones.
#[test]
fn the_language_is_the_clean_texts_not_the_menus() {
    let menu: Vec<String> = (0..200)
        .map(|i| format!("News of the day and more from the world {i}"))
        .collect();
    let article = [
        "Die Stadtverwaltung hat am Montag einen neuen Plan für den Ausbau der \
         Radwege vorgestellt, der in den kommenden fünf Jahren umgesetzt werden soll.",
        "Nach Angaben des Bürgermeisters sollen dafür insgesamt zwölf Millionen Euro \
         bereitgestellt werden, die zum Teil aus Mitteln des Landes stammen.",
        "Kritiker bemängeln jedoch, dass der Plan die Außenbezirke kaum berücksichtigt \
         und dass die Bürger nicht ausreichend beteiligt worden seien.",
    ];
    let html = format!(
        "<html><head><title>Radwege</title></head><body><nav><ul>{}</ul></nav>\
         <article><h1>Neue Radwege für die Stadt</h1>{}</article></body></html>",
        menu.iter()
            .map(|m| format!("<li><a href=\"/n\">{m}</a></li>"))
            .collect::<String>(),
        article
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>(),
    );
    let text = format!("{}\n\n{}\n", menu.join("\n"), article.join("\n\n"));
    for (page, hint) in [(html, FormatHint::Html), (text, FormatHint::Text)] {
        let doc = Document::from_bytes(page.as_bytes(), hint, None);
        let a = detector().analyze(&doc);
        let clean = a.clean_text();
        assert!(
            article.iter().all(|p| clean.contains(p)),
            "{hint:?}: {clean}"
        );
        assert_eq!(a.lang, Some("de"), "{hint:?}");
    }
}
