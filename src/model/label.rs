//! The block labels.

use std::fmt;

/// What a block is. `Content` is what a reader came for; the three others
/// are kinds of junk (see DESIGN.md).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// The main content: article text, its headings, captions.
    Content,
    /// Navigation, breadcrumbs, footers, share/print widgets, copyright,
    /// tracking strings.
    Boilerplate,
    /// "Read next", trending, most-read and related-article lists.
    HeadlineList,
    /// Keyword-stuffed SEO phrases and links, city × service × price lists,
    /// doorway text.
    LinkFarm,
}

impl Label {
    /// All labels in class-index order.
    pub const ALL: [Label; 4] = [
        Label::Content,
        Label::Boilerplate,
        Label::HeadlineList,
        Label::LinkFarm,
    ];

    /// The class index used by models.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label of a class index (out-of-range indices are boilerplate).
    pub fn from_index(i: usize) -> Label {
        Label::ALL.get(i).copied().unwrap_or(Label::Boilerplate)
    }

    /// The snake_case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Boilerplate => "boilerplate",
            Label::HeadlineList => "headline_list",
            Label::LinkFarm => "link_farm",
        }
    }

    /// Parses a label name; the bench's junk-set aliases are accepted
    /// (`trending` → headline list, `keyword_stuffing` → link farm).
    pub fn parse(name: &str) -> Option<Label> {
        Some(match name {
            "content" => Label::Content,
            "boilerplate" => Label::Boilerplate,
            "headline_list" | "trending" => Label::HeadlineList,
            "link_farm" | "keyword_stuffing" => Label::LinkFarm,
            _ => return None,
        })
    }

    /// True for the three junk kinds.
    pub fn is_junk(self) -> bool {
        self != Label::Content
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
