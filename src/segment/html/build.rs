//! A light HTML5 tree builder: turns tags into a well-nested event stream
//! with the implied `<html>`/`<body>`, `<tbody>`/`<tr>`, and the implicit
//! ends HTML5 gives unclosed `<p>`, `<li>`, `<dd>`/`<dt>`, cells, rows and
//! headings, and it ignores end tags that close nothing, as the HTML5 tree
//! builder does (same scopes, same "special" elements).
//!
//! What it leaves out, because it does not change the blocks a reader
//! sees: foster parenting (stray text inside a `<table>` stays where it
//! is), the reconstruction of formatting elements (`<b>`, `<i>`) across
//! blocks, and most of the adoption agency: a misnested `</a>` ends the
//! link's text ([`Event::LinkEnd`]) without moving elements.

use std::borrow::Cow;

use super::events::{is_hidden, markup_roles, Event, Events, Open};

/// At most this many elements are open at once; deeper start tags are
/// dropped. The pre-scan caps nesting as it counts tags
/// ([`crate::segment::prescan::cap_depth`]), but end tags that HTML5 ignores
/// (`<div></span>` repeated) nest deeper than it counts, and every start tag
/// searches the open elements: without a cap, such a page costs quadratic
/// time.
pub(super) const MAX_OPEN: usize = 512;

/// The attributes of a start tag the walk reads.
#[derive(Debug, Default)]
pub struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub hidden: bool,
    pub aria_hidden: Option<&'a str>,
    pub style: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub role: Option<&'a str>,
}

/// Builds the event stream of one page from its tokens.
pub struct Builder<'a> {
    out: Events<'a>,
    /// Names of the open elements, outermost first (`html` at 0 once open).
    stack: Vec<Cow<'a, str>>,
    /// Per open element: a link that already ended ([`Event::LinkEnd`]),
    /// which later `</a>`s must not match again.
    ended: Vec<bool>,
    /// Event index of the `<html>` and `<body>` opens, to merge the
    /// attributes of a late explicit tag (HTML5 merges them too).
    html_at: Option<usize>,
    body_at: Option<usize>,
    /// HTML5 quirks mode (no doctype, or a legacy one): a `<table>` then
    /// stays inside an open `<p>`.
    quirks: bool,
}

/// Elements that end an open `<p>` when they start.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "pre"
            | "listing"
            | "form"
            | "table"
            | "hr"
            | "xmp"
            | "plaintext"
            | "li"
            | "dd"
            | "dt"
    ) || is_heading(name)
}

/// Elements without content or end tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// HTML5's "special" elements: an unmatched end tag of another element
/// stops at them.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "keygen"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Elements whose end the HTML5 "generate implied end tags" step supplies.
fn implied_end(name: &str) -> bool {
    matches!(
        name,
        "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt" | "rtc"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The scopes of the HTML5 "has an element in scope" tests: the elements a
/// search from the current node may not cross.
#[derive(Clone, Copy)]
enum Scope {
    Default,
    ListItem,
    Button,
    Table,
}

impl Scope {
    fn stops_at(self, name: &str) -> bool {
        let default = || {
            matches!(
                name,
                "applet"
                    | "caption"
                    | "html"
                    | "table"
                    | "td"
                    | "th"
                    | "marquee"
                    | "object"
                    | "template"
            )
        };
        match self {
            Scope::Default => default(),
            Scope::ListItem => default() || matches!(name, "ol" | "ul"),
            Scope::Button => default() || name == "button",
            Scope::Table => matches!(name, "html" | "table" | "template"),
        }
    }
}

/// Whether a doctype puts the page in quirks mode: HTML5's list of legacy
/// public identifiers (by prefix, lower case), a name other than `html`,
/// and HTML 4.01 Transitional/Frameset without a system identifier.
/// (Limited-quirks mode behaves as no-quirks for everything built here.)
fn is_quirky_doctype(text: &str) -> bool {
    const PREFIXES: [&str; 20] = [
        "+//silmaril//dtd html pro v0r11 19970101//",
        "-//as//dtd html 3.0 aswedit + extensions//",
        "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
        "-//ietf//dtd html",
        "-//metrius//dtd metrius presentational//",
        "-//microsoft//dtd internet explorer",
        "-//netscape comm. corp.//dtd",
        "-//o'reilly and associates//dtd html",
        "-//softquad",
        "-//spyglass//dtd html 2.0 extended//",
        "-//sq//dtd html 2.0 hotmetal + extensions//",
        "-//sun microsystems corp.//dtd hotjava",
        "-//w3c//dtd html 3",
        "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//",
        "-//w3c//dtd html experimental",
        "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html",
        "-//webtechs//dtd mozilla html",
        "-/w3c/dtd html 4.0 transitional/en",
    ];
    let t = text.to_ascii_lowercase();
    let Some(rest) = t.trim_start().strip_prefix("doctype") else {
        return true;
    };
    let mut words = rest.split_ascii_whitespace();
    if words.next() != Some("html") {
        return true;
    }
    // The quoted identifiers, in order (public first when `public`).
    let quoted: Vec<&str> = rest.split(['"', '\'']).skip(1).step_by(2).collect();
    let public = rest.contains("public");
    let (pubid, sysid) = if public {
        (quoted.first().copied(), quoted.get(1).copied())
    } else {
        (None, quoted.first().copied())
    };
    if sysid == Some("http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd") {
        return true;
    }
    let Some(p) = pubid else {
        return false;
    };
    if p == "html" || p == "-//w3o//dtd w3 html strict 3.0//en//" {
        return true;
    }
    if PREFIXES.iter().any(|x| p.starts_with(x)) {
        return true;
    }
    sysid.is_none()
        && (p.starts_with("-//w3c//dtd html 4.01 frameset//")
            || p.starts_with("-//w3c//dtd html 4.01 transitional//"))
}

/// Head-only elements: before the body starts they belong to the (dropped)
/// head.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "basefont"
            | "bgsound"
            | "script"
            | "style"
            | "noscript"
            | "noframes"
            | "template"
    )
}

impl<'a> Builder<'a> {
    /// A builder whose stream has room for `events` events.
    pub fn with_capacity(events: usize) -> Builder<'a> {
        Builder {
            out: Events {
                events: Vec::with_capacity(events),
                ..Events::default()
            },
            stack: Vec::new(),
            ended: Vec::new(),
            html_at: None,
            body_at: None,
            quirks: true,
        }
    }

    /// Events so far.
    pub fn len(&self) -> usize {
        self.out.events.len()
    }

    /// The stream, with every element still open closed at the end.
    pub fn finish(mut self) -> Events<'a> {
        while !self.stack.is_empty() {
            self.pop();
        }
        self.out
    }

    /// Opens an element, unless [`MAX_OPEN`] elements are open already
    /// (then the tag is dropped and its content goes to the current
    /// element); returns whether it was opened.
    fn push(&mut self, name: Cow<'a, str>, attrs: &Attrs<'a>) -> bool {
        if self.stack.len() >= MAX_OPEN {
            self.out.capped = true;
            return false;
        }
        self.out.events.push(Event::Open(Open {
            name: name.clone(),
            class: attrs.class.map(Cow::Borrowed),
            id: attrs.id.map(Cow::Borrowed),
            hidden: is_hidden(attrs.hidden, attrs.aria_hidden, attrs.style),
            simple_cell: false,
            roles: markup_roles(attrs.role, attrs.itemprop),
        }));
        self.stack.push(name);
        self.ended.push(false);
        true
    }

    fn pop(&mut self) {
        if self.stack.pop().is_some() {
            self.ended.pop();
            self.out.events.push(Event::Close);
        }
    }

    fn current(&self) -> &str {
        self.stack.last().map_or("", |n| n)
    }

    /// Index of the innermost open `name` reachable without crossing the
    /// scope's boundaries.
    fn in_scope(&self, scope: Scope, matches: impl Fn(&str) -> bool) -> Option<usize> {
        for (i, n) in self.stack.iter().enumerate().rev() {
            if matches(n) {
                return Some(i);
            }
            if scope.stops_at(n) {
                return None;
            }
        }
        None
    }

    /// Pops elements until the stack holds `len` of them.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len {
            self.pop();
        }
    }

    fn generate_implied_ends(&mut self, except: &str) {
        while implied_end(self.current()) && self.current() != except {
            self.pop();
        }
    }

    /// Closes the `<p>` in button scope, if any.
    fn close_p(&mut self) {
        if let Some(i) = self.in_scope(Scope::Button, |n| n == "p") {
            self.generate_implied_ends("p");
            self.pop_to(i);
        }
    }

    /// Opens `<html>` (and, with `body`, `<body>`) if not open yet.
    fn ensure(&mut self, body: bool) {
        if self.html_at.is_none() {
            self.html_at = Some(self.out.events.len());
            self.push(Cow::Borrowed("html"), &Attrs::default());
        }
        if body && self.body_at.is_none() {
            self.body_at = Some(self.out.events.len());
            self.push(Cow::Borrowed("body"), &Attrs::default());
        }
    }

    /// An explicit `<html>` (or, with `body`, `<body>`) tag: opens the
    /// element, or merges into the one already open.
    fn open_root(&mut self, body: bool, name: Cow<'a, str>, attrs: &Attrs<'a>) {
        let at = if body { self.body_at } else { self.html_at };
        if at.is_some() {
            self.merge(at, attrs);
            return;
        }
        let here = Some(self.out.events.len());
        if body {
            self.body_at = here;
        } else {
            self.html_at = here;
        }
        self.push(name, attrs);
    }

    /// Gives a late `<html>`/`<body>` tag's class and id to the element
    /// already open, where it has none.
    fn merge(&mut self, at: Option<usize>, attrs: &Attrs<'a>) {
        if let Some(Event::Open(o)) = at.and_then(|i| self.out.events.get_mut(i)) {
            if o.class.is_none() {
                o.class = attrs.class.map(Cow::Borrowed);
            }
            if o.id.is_none() {
                o.id = attrs.id.map(Cow::Borrowed);
            }
        }
    }

    /// A doctype (the text between `<!` and `>`), which decides the quirks
    /// mode when it comes before any element.
    pub fn doctype(&mut self, text: &str) {
        if self.html_at.is_none() {
            self.quirks = is_quirky_doctype(text);
        }
    }

    /// The text of a `<title>` element (raw, references decoded).
    pub fn title(&mut self, text: Cow<'a, str>) {
        if self.body_at.is_none() {
            if self.out.title.is_none() {
                self.out.title = Some(text.into_owned());
            }
            return;
        }
        if self.push(Cow::Borrowed("title"), &Attrs::default()) {
            self.out.events.push(Event::Text(text));
            self.pop();
        }
    }

    /// A text run (references decoded).
    pub fn text(&mut self, text: Cow<'a, str>) {
        if self.body_at.is_none() {
            if text.bytes().all(|c| c.is_ascii_whitespace()) {
                return;
            }
            self.ensure(true);
        }
        self.out.events.push(Event::Text(text));
    }

    /// A start tag (`name` in lower case). Returns whether an element was
    /// opened, so that the tokenizer knows whether the raw-text content of
    /// a `<noscript>` or `<textarea>` belongs to the page (a head-only
    /// element before the body, or a stray table part, opens nothing).
    pub fn start(&mut self, name: Cow<'a, str>, attrs: &Attrs<'a>) -> bool {
        match &*name {
            "html" => {
                self.open_root(false, name, attrs);
                return false;
            }
            "body" => {
                self.ensure(false);
                self.open_root(true, name, attrs);
                return false;
            }
            "head" | "frameset" => return false,
            _ => {}
        }
        if self.body_at.is_none() && is_head_content(&name) {
            return false;
        }
        self.ensure(true);
        let n = &*name;
        if is_void(n) {
            if closes_p(n) {
                self.close_p();
            }
            let opened = self.push(name, attrs);
            if opened {
                self.pop();
            }
            return opened;
        }
        match n {
            "li" => {
                self.close_list_item(&["li"]);
                self.close_p();
            }
            "dd" | "dt" => {
                self.close_list_item(&["dd", "dt"]);
                self.close_p();
            }
            _ if is_heading(n) => {
                self.close_p();
                if is_heading(self.current()) {
                    self.pop();
                }
            }
            "table" => {
                // A table started where HTML5 is still in table mode (no
                // cell open since the last table: what sits above it was
                // foster-parented) closes that table first.
                if let Some(t) = self.table_mode() {
                    self.pop_to(t);
                } else if !self.quirks {
                    self.close_p();
                }
            }
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => {
                let Some(t) = self.in_scope(Scope::Table, |n| n == "table") else {
                    return false; // outside a table: ignored, as HTML5 does
                };
                self.pop_to(t + 1);
            }
            "tr" => {
                let Some(t) = self.in_scope(Scope::Table, |n| n == "table") else {
                    return false;
                };
                match self.in_scope(Scope::Table, |n| matches!(n, "tbody" | "thead" | "tfoot")) {
                    Some(s) if s > t => self.pop_to(s + 1),
                    _ => {
                        self.pop_to(t + 1);
                        self.push(Cow::Borrowed("tbody"), &Attrs::default());
                    }
                }
            }
            "td" | "th" => {
                let Some(t) = self.in_scope(Scope::Table, |n| n == "table") else {
                    return false;
                };
                match self.in_scope(Scope::Table, |n| n == "tr") {
                    Some(r) if r > t => self.pop_to(r + 1),
                    _ => {
                        match self
                            .in_scope(Scope::Table, |n| matches!(n, "tbody" | "thead" | "tfoot"))
                        {
                            Some(s) if s > t => self.pop_to(s + 1),
                            _ => {
                                self.pop_to(t + 1);
                                self.push(Cow::Borrowed("tbody"), &Attrs::default());
                            }
                        }
                        self.push(Cow::Borrowed("tr"), &Attrs::default());
                    }
                }
            }
            "a" => {
                if let Some(i) = self.open_link() {
                    self.end_formatting(i);
                }
            }
            "button" => {
                if let Some(i) = self.in_scope(Scope::Default, |n| n == "button") {
                    self.generate_implied_ends("");
                    self.pop_to(i);
                }
            }
            "option" | "optgroup" if self.current() == "option" => self.pop(),
            _ if closes_p(n) => self.close_p(),
            _ => {}
        }
        self.push(name, attrs)
    }

    /// The HTML5 steps for a new `<li>` (or `<dd>`/`<dt>`): close an open
    /// item of the same kind unless a special element other than
    /// `<address>`, `<div>` or `<p>` is in between.
    fn close_list_item(&mut self, kinds: &[&'static str]) {
        for i in (0..self.stack.len()).rev() {
            let n = &*self.stack[i];
            if let Some(&kind) = kinds.iter().find(|&&k| k == n) {
                self.generate_implied_ends(kind);
                self.pop_to(i);
                return;
            }
            if is_special(n) && !matches!(n, "address" | "div" | "p") {
                return;
            }
        }
    }

    /// The index of the innermost open `<table>` when no cell or caption is
    /// open inside it: HTML5 then reads tags in table mode.
    fn table_mode(&self) -> Option<usize> {
        for (i, n) in self.stack.iter().enumerate().rev() {
            match &**n {
                "table" => return Some(i),
                "td" | "th" | "caption" | "html" | "template" => return None,
                _ => {}
            }
        }
        None
    }

    /// The innermost open `<a>` that has not ended.
    fn open_link(&self) -> Option<usize> {
        (0..self.stack.len())
            .rev()
            .find(|&i| self.stack[i] == "a" && !self.ended[i])
    }

    /// Ends the formatting element at stack index `i`: popped when nothing
    /// special was opened inside it, else (misnested) left open, and a link
    /// stops being link text from here.
    fn end_formatting(&mut self, i: usize) {
        if self.stack[i + 1..].iter().any(|n| is_special(n)) {
            if self.stack[i] == "a" {
                self.ended[i] = true;
                self.out.events.push(Event::LinkEnd);
            }
        } else {
            self.pop_to(i);
        }
    }

    /// An end tag. `name` is lower case.
    pub fn end(&mut self, name: &str) {
        if self.body_at.is_none() {
            if name == "br" {
                self.start(Cow::Borrowed("br"), &Attrs::default());
            }
            return;
        }
        match name {
            "html" | "body" | "head" => {}
            "br" => {
                self.start(Cow::Borrowed("br"), &Attrs::default());
            }
            "p" => {
                if self.in_scope(Scope::Button, |n| n == "p").is_none() {
                    self.push(Cow::Borrowed("p"), &Attrs::default());
                }
                self.close_p();
            }
            "li" => self.end_in_scope(Scope::ListItem, |n| n == "li", name),
            // HTML5 takes the form out of the stack and leaves what is open
            // inside it open; keeping the form open is the nearest a
            // well-nested stream gets to that.
            "form" => {
                if self.in_scope(Scope::Default, |n| n == "form").is_some() {
                    self.generate_implied_ends("");
                    if self.current() == "form" {
                        self.pop();
                    }
                }
            }
            "dd" | "dt" => self.end_in_scope(Scope::Default, |n| n == name, name),
            _ if is_heading(name) => self.end_in_scope(Scope::Default, is_heading, ""),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "colgroup" => {
                if let Some(i) = self.in_scope(Scope::Table, |n| n == name) {
                    self.pop_to(i);
                }
            }
            _ if is_formatting(name) => {
                let found = (0..self.stack.len())
                    .rev()
                    .find(|&i| self.stack[i] == name && !self.ended[i]);
                if let Some(i) = found {
                    self.end_formatting(i);
                }
            }
            _ if is_special(name) => self.end_in_scope(Scope::Default, |n| n == name, ""),
            _ => {
                // Any other end tag: the innermost element of that name,
                // unless a special element comes first.
                for i in (0..self.stack.len()).rev() {
                    if self.stack[i] == name {
                        self.generate_implied_ends(name);
                        self.pop_to(i);
                        return;
                    }
                    if is_special(&self.stack[i]) {
                        return;
                    }
                }
            }
        }
    }

    /// Closes the innermost element matching `is` if it is in scope
    /// (implied ends first, except `except`); otherwise the end tag is
    /// ignored.
    fn end_in_scope(&mut self, scope: Scope, is: impl Fn(&str) -> bool, except: &str) {
        if let Some(i) = self.in_scope(scope, is) {
            self.generate_implied_ends(except);
            self.pop_to(i);
        }
    }
}
