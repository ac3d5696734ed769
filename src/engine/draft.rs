//! The draft model: one pulldown-cmark pass turns Markdown into headings (mapped to
//! stages), prose blocks with sentences and words, vocabulary hits, code and diagrams.
//!
//! Prose is what a candidate would say: code blocks, inline code, HTML (comments
//! included), front matter, image text and link targets are left out. Each prose block
//! keeps a small piece table so that offsets in its text map back to the source.

use super::front_matter::{self, FrontMatter};
use super::prose;
use super::quantity;
use crate::pack::{Stage, StageId, StageSet};
use crate::rules::Pack;
use crate::text::terms::{fold_for_matching, RawHit, VocabId};
use crate::text::words::heading_words;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

// Parses on this thread, for tests that prove work is shared rather than repeated.
#[cfg(test)]
thread_local! {
    pub static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Code-block languages that are diagrams.
const DIAGRAM_LANGS: &[&str] = &[
    "mermaid", "plantuml", "puml", "dot", "graphviz", "d2", "ascii", "ditaa", "svgbob", "diagram",
];
/// Shapes that make an untyped code block ASCII art.
const ASCII_ART_MARKS: &[&str] = &[
    "-->", "->", "==>", "→", "↓", "↑", "←", "▼", "▲", "┌", "└", "+--", "|--",
];
/// Words a section needs (headings aside) before its heading counts as covering a stage.
pub const MIN_SECTION_WORDS: usize = 1;
/// A section with no stage alias is read by content when its leading stage has at least
/// this many sentences of evidence and this many times the runner-up's.
const CONTENT_MIN_SENTENCES: u32 = 2;
const CONTENT_DOMINANCE: f64 = 1.5;
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// Source range of the whole heading (markers included).
    pub range: Range<usize>,
    pub text: String,
    /// Stages its own words name.
    pub stages: StageSet,
    /// Stages its section counts for (its own, or inherited from the parent heading).
    pub effective: StageSet,
    /// How `stages` was decided.
    pub read_as: ReadAs,
    /// The prose block of the heading's text.
    pub block: Option<u32>,
}

/// How a heading was read (`mlsd check --show-stages` prints it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// The draft's title: it names the question, not a stage.
    Title,
    /// Its words name the stages (an alias matched).
    Alias,
    /// No alias matched; the stage whose evidence dominates its section was taken.
    /// `hits` sentences of evidence for it, `next` for the runner-up.
    Content { hits: u32, next: u32 },
    /// No alias matched and nothing dominated: it belongs to its parent's stages, if any.
    Unnamed,
}

/// One piece of a block's text: `len` bytes at `at` (offset in the draft's prose buffer)
/// come from `src` in the source (`src_len` may differ when an entity or escape was decoded).
#[derive(Debug, Clone, Copy)]
struct Piece {
    at: u32,
    len: u32,
    src: usize,
    src_len: u32,
}

/// Separator between blocks in the prose buffer: a non-word, sentence-ending character, so
/// no vocabulary term or pattern matches across two blocks.
const BLOCK_SEPARATOR: &str = ".\n";

#[derive(Debug, Clone)]
pub struct Block {
    /// Index of the heading whose section holds this block.
    pub section: Option<u32>,
    pub is_heading: bool,
    /// Where the block's text sits in the draft's prose buffer.
    pub range: Range<u32>,
    pieces: Range<u32>,
    pub sentences: Range<u32>,
    pub words: u32,
    /// Table row this block is a cell of (rows numbered from 1 across the draft; 0: none).
    pub table_row: u32,
    /// Columns of the table this block is a cell of.
    pub table_cols: u16,
    /// List item this block belongs to (numbered from 1 across the draft; 0: none).
    pub list_item: u32,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub block: u32,
    /// Range in the block's text.
    pub range: Range<u32>,
    pub words: u32,
    pub quantities: u32,
    pub is_question: bool,
    pub stages: StageSet,
}

/// A whole-word vocabulary match.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub vocab: VocabId,
    pub block: u32,
    pub sentence: u32,
    /// Range in the block's text.
    pub start: u32,
    pub end: u32,
}

/// A parsed draft: its text and what one parse found in it ([`Parsed`], reached through
/// `Deref`). The parse is shared (`Arc`) so that the server can keep it with its own copy of
/// the text and lend a `Draft` to every request of one version without parsing again.
#[derive(Debug, Clone)]
pub struct Draft<'t> {
    pub text: &'t str,
    parsed: Arc<Parsed>,
}

impl std::ops::Deref for Draft<'_> {
    type Target = Parsed;
    fn deref(&self) -> &Parsed {
        &self.parsed
    }
}

/// A draft that owns its text, parsed once: the server keeps one per document version and
/// lends [`Draft`]s of it (an `Arc` clone, no copy, no parse) to every request.
#[derive(Debug, Clone)]
pub struct OwnedDraft {
    text: Arc<str>,
    parsed: Arc<Parsed>,
}

impl OwnedDraft {
    pub fn parse(text: Arc<str>, pack: &Pack) -> OwnedDraft {
        let parsed = Draft::parse(&text, pack).parsed;
        OwnedDraft { text, parsed }
    }

    pub fn draft(&self) -> Draft<'_> {
        Draft {
            text: &self.text,
            parsed: self.parsed.clone(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Everything a parse finds, owning no part of the text (ranges point into it).
#[derive(Debug)]
pub struct Parsed {
    pub front_matter: FrontMatter,
    /// Every block's prose text, separated by `BLOCK_SEPARATOR`; URLs blanked out.
    pub prose: String,
    /// Matching twin of `prose` (see `terms::fold_for_matching`).
    pub folded: String,
    pieces: Vec<Piece>,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    /// Hits in document order.
    pub hits: Vec<Hit>,
    /// Indices into `hits`, per vocabulary.
    pub hits_by_vocab: Vec<Vec<u32>>,
    pub diagrams: Vec<Range<usize>>,
    /// Code (blocks and spans): suppression comments inside them do not count.
    pub code: Vec<Range<usize>>,
    /// The text of links, as ranges of `prose`, in order.
    pub links: Vec<Range<u32>>,
    /// Prose words of the whole draft (a multi-stage section counts once).
    pub words: usize,
    /// Prose words per stage (a multi-stage section counts for each).
    pub stage_words: Vec<usize>,
    /// First heading naming each stage.
    pub stage_first: Vec<Option<u32>>,
    /// Prose words per stage outside headings (an empty section has none).
    pub stage_body_words: Vec<usize>,
    /// Distinct sentences (outside headings) holding evidence for each stage.
    pub stage_evidence: Vec<u32>,
    /// The figures the draft states, read on first use (`figures::stated_once`): the
    /// checks, the profile and the inlay hints share one reading.
    pub figures: std::sync::OnceLock<Vec<super::figures::Stated>>,
    /// The text's line starts, built on first use (suppressions, figures, the profile).
    lines: std::sync::OnceLock<crate::text_index::TextIndex>,
}

impl<'t> Draft<'t> {
    pub fn parse(text: &'t str, pack: &Pack) -> Draft<'t> {
        #[cfg(test)]
        PARSES.with(|n| n.set(n.get() + 1));
        let front_matter = front_matter::parse_for(text, pack);
        let mut b = Builder::new(text, pack, front_matter.body_start);
        b.run();
        Draft {
            text,
            parsed: Arc::new(b.finish(front_matter)),
        }
    }

    /// Line starts of the draft's text, built once per parse.
    pub fn lines(&self) -> &crate::text_index::TextIndex {
        self.parsed
            .lines
            .get_or_init(|| crate::text_index::TextIndex::new(self.text))
    }

    pub fn has_stage(&self, stage: StageId) -> bool {
        self.stage_first[stage as usize].is_some()
    }

    /// Whether the draft is an interview answer: its front matter names the level, question,
    /// type or length, or its title asks for a design ("Design a feed ranker"). Everything
    /// an answer says speaks for the design; an article or a set of notes describes.
    pub fn is_answer(&self) -> bool {
        self.front_matter.marks_an_answer()
            || self.title().is_some_and(|h| {
                heading_words(&h.text)
                    .first()
                    .is_some_and(|w| w == "design")
            })
    }

    /// Whether the answer discusses a stage in substance: a section for it with words in
    /// it, or enough sentences of its evidence anywhere. An empty heading covers nothing.
    pub fn covers_stage(&self, stage: StageId, pack: &Pack) -> bool {
        let i = stage as usize;
        let by_section = self.has_stage(stage)
            && self.stage_body_words.get(i).copied().unwrap_or(0) >= MIN_SECTION_WORDS;
        by_section || self.covers_by_content(stage, pack)
    }

    /// Whether enough sentences anywhere hold evidence for a stage.
    pub fn covers_by_content(&self, stage: StageId, pack: &Pack) -> bool {
        let i = stage as usize;
        let need = pack.stages.get(i).map_or(u32::MAX, |s| {
            if self.is_unsectioned() {
                s.min_evidence_unsectioned as u32
            } else {
                s.min_evidence as u32
            }
        });
        let has = self.stage_evidence.get(i).copied().unwrap_or(0);
        pack.stages
            .get(i)
            .is_some_and(|s| !s.evidence.is_empty() || s.closing_questions.is_some())
            && has >= need
    }

    /// Whether the draft has no section headings: at most a title, then prose.
    pub fn is_unsectioned(&self) -> bool {
        self.headings.iter().all(|h| h.level == 1)
    }

    /// The first H1 (the title), if any.
    pub fn title(&self) -> Option<&Heading> {
        self.headings.iter().find(|h| h.level == 1)
    }

    /// Hits of one vocabulary, in document order.
    pub fn hits_of(&self, vocab: VocabId) -> impl Iterator<Item = &Hit> + '_ {
        self.hits_by_vocab
            .get(vocab as usize)
            .into_iter()
            .flatten()
            .map(move |&i| &self.hits[i as usize])
    }

    pub fn hit_source(&self, h: &Hit) -> Range<usize> {
        self.source_range(h.block, h.start as usize..h.end as usize)
    }

    /// True when the hit lies in the text of a link (usually the title of a cited work).
    pub fn in_link(&self, h: &Hit) -> bool {
        let Some(block) = self.blocks.get(h.block as usize) else {
            return false;
        };
        let start = block.range.start + h.start;
        let i = self.links.partition_point(|l| l.start <= start);
        i.checked_sub(1)
            .and_then(|i| self.links.get(i))
            .is_some_and(|l| start < l.end)
    }

    pub fn hit_text(&self, h: &Hit) -> &str {
        self.block_text(h.block)
            .get(h.start as usize..h.end as usize)
            .unwrap_or("")
    }

    /// A block's prose text.
    pub fn block_text(&self, block: u32) -> &str {
        let r = &self.blocks[block as usize].range;
        self.prose
            .get(r.start as usize..r.end as usize)
            .unwrap_or("")
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        self.block_text(s.block)
            .get(s.range.start as usize..s.range.end as usize)
            .unwrap_or("")
    }

    pub fn sentence_source(&self, s: &Sentence) -> Range<usize> {
        self.source_range(s.block, s.range.start as usize..s.range.end as usize)
    }

    /// Source offset of an offset in a block's text; `end` picks the side of a gap for
    /// range ends.
    pub fn to_source(&self, block: u32, off: usize, end: bool) -> usize {
        let b = &self.blocks[block as usize];
        let pieces = &self.pieces[b.pieces.start as usize..b.pieces.end as usize];
        let off = b.range.start + off as u32;
        let i = match pieces.binary_search_by(|p| p.at.cmp(&off)) {
            Ok(i) => i,
            Err(0) => return pieces.first().map_or(0, |p| p.src),
            Err(i) => i - 1,
        };
        let p = pieces[i];
        if end && off == p.at && i > 0 {
            let q = pieces[i - 1];
            if q.at + q.len == off {
                return q.src + q.src_len as usize;
            }
        }
        let delta = off - p.at;
        if delta >= p.len {
            return p.src + p.src_len as usize;
        }
        if p.len == p.src_len {
            p.src + delta as usize
        } else if end {
            p.src + p.src_len as usize
        } else {
            p.src
        }
    }

    /// Source range of a range in a block's text.
    pub fn source_range(&self, block: u32, r: Range<usize>) -> Range<usize> {
        let start = self.to_source(block, r.start, false);
        let end = self.to_source(block, r.end, true).max(start);
        start..end
    }

    pub fn stages_of_block(&self, block: u32) -> StageSet {
        match self.blocks[block as usize].section {
            Some(h) => self.headings[h as usize].effective,
            None => StageSet::default(),
        }
    }

    /// Source offset where a block starts.
    pub fn block_start(&self, block: u32) -> usize {
        self.to_source(block, 0, false)
    }
}

/// Stages a heading names: aliases of all stages, longest first, each word used once.
pub fn heading_stages(text: &str, pack: &Pack) -> StageSet {
    let words = heading_words(text);
    let mut used = vec![false; words.len()];
    let mut set = StageSet::default();
    // Only the aliases a word of this heading starts, in the pack's order.
    let mut candidates: Vec<usize> = words
        .iter()
        .filter_map(|w| pack.heading_alias_starts.get(w))
        .flatten()
        .copied()
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for (alias, stage) in candidates.iter().map(|&i| &pack.heading_aliases[i]) {
        let n = alias.len();
        if n == 0 || n > words.len() {
            continue;
        }
        for start in 0..=words.len() - n {
            if used[start..start + n].iter().any(|u| *u) {
                continue;
            }
            if words[start..start + n]
                .iter()
                .zip(alias)
                .all(|(w, a)| w == a)
            {
                used[start..start + n].iter_mut().for_each(|u| *u = true);
                set.insert(*stage);
            }
        }
    }
    set
}

struct Builder<'t, 'p> {
    text: &'t str,
    pack: &'p Pack,
    body_start: usize,
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    diagrams: Vec<Range<usize>>,
    code: Vec<Range<usize>>,
    /// Text of ordinary links (offsets in `prose`), and where open ones began.
    links: Vec<Range<u32>>,
    link_starts: Vec<usize>,
    prose: String,
    pieces: Vec<Piece>,
    // The block being filled starts at `cur_start` in `prose`, its pieces at `cur_piece`.
    cur_start: usize,
    cur_piece: usize,
    cur_is_heading: bool,
    // Where we are.
    in_code: Option<(String, String)>,
    skip_depth: u32,
    heading_start: Option<(u8, usize)>,
    // Table and list structure of the block being filled.
    table_cols: u16,
    rows: u32,
    cur_row: u32,
    items: u32,
    item_stack: Vec<u32>,
}

impl<'t, 'p> Builder<'t, 'p> {
    fn new(text: &'t str, pack: &'p Pack, body_start: usize) -> Self {
        Builder {
            text,
            pack,
            body_start,
            headings: Vec::new(),
            // Capacities from typical prose (a block per ~100 bytes, a piece per ~25):
            // growing these by doubling copied megabytes per draft.
            blocks: Vec::with_capacity(text.len() / 100 + 4),
            diagrams: Vec::new(),
            code: Vec::new(),
            links: Vec::new(),
            link_starts: Vec::new(),
            prose: String::with_capacity(text.len()),
            pieces: Vec::with_capacity(text.len() / 25 + 4),
            cur_start: 0,
            cur_piece: 0,
            cur_is_heading: false,
            in_code: None,
            skip_depth: 0,
            heading_start: None,
            table_cols: 0,
            rows: 0,
            cur_row: 0,
            items: 0,
            item_stack: Vec::new(),
        }
    }

    fn run(&mut self) {
        let body = &self.text[self.body_start..];
        let opts =
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
        let base = self.body_start;
        for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
            let range = range.start + base..range.end + base;
            self.event(event, range);
        }
        self.flush();
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.in_code {
                    code.push_str(&t);
                } else if self.skip_depth == 0 {
                    self.push_text(&t, range);
                }
            }
            Event::Code(_) => {
                self.code.push(range);
                self.push_gap();
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let lower = t.to_ascii_lowercase();
                if lower.contains("<img") || lower.contains("<svg") {
                    self.diagrams.push(range);
                }
                self.push_gap();
            }
            Event::SoftBreak | Event::HardBreak => self.push_gap(),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.cur_is_heading = true;
                self.heading_start = Some((heading_level(level), range.start));
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.in_code = Some((lang, String::new()));
                self.code.push(range);
            }
            Tag::Image { .. } => {
                self.diagrams.push(range);
                self.skip_depth += 1;
            }
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.skip_depth += 1;
            }
            Tag::Link { .. } => self.link_starts.push(self.prose.len()),
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {}
            Tag::Table(aligns) => {
                self.flush();
                self.table_cols = aligns.len().min(u16::MAX as usize) as u16;
            }
            Tag::TableHead | Tag::TableRow => {
                self.flush();
                self.rows += 1;
                self.cur_row = self.rows;
            }
            Tag::Item => {
                self.flush();
                self.items += 1;
                self.item_stack.push(self.items);
            }
            _ => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => {
                let (level, start) = self.heading_start.take().unwrap_or((1, range.start));
                let text = self.prose[self.cur_start..].trim().to_string();
                let stages = heading_stages(&text, self.pack);
                let has_text = !text.is_empty();
                self.headings.push(Heading {
                    level,
                    range: start..range.end,
                    text,
                    stages,
                    effective: StageSet::default(),
                    read_as: if stages.is_empty() {
                        ReadAs::Unnamed
                    } else {
                        ReadAs::Alias
                    },
                    block: None,
                });
                self.flush();
                if has_text {
                    if let (Some(h), Some(b)) =
                        (self.headings.last_mut(), self.blocks.len().checked_sub(1))
                    {
                        if self.blocks[b].is_heading {
                            h.block = Some(b as u32);
                        }
                    }
                }
                self.cur_is_heading = false;
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.in_code.take() {
                    if is_diagram(&lang, &code) {
                        self.diagrams.push(range);
                    }
                }
            }
            TagEnd::Image => self.skip_depth = self.skip_depth.saturating_sub(1),
            TagEnd::Link => {
                // Autolinks opened a skip; ordinary links did not.
                if self
                    .text
                    .get(range.clone())
                    .is_some_and(|s| s.starts_with('<'))
                {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                } else if let Some(start) = self.link_starts.pop() {
                    // A link that spans a block break (it cannot) would be dropped.
                    if start <= self.prose.len() {
                        self.links.push(start as u32..self.prose.len() as u32);
                    }
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {}
            TagEnd::Table => {
                self.flush();
                self.table_cols = 0;
                self.cur_row = 0;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                self.cur_row = 0;
            }
            TagEnd::Item => {
                self.flush();
                self.item_stack.pop();
            }
            _ => self.flush(),
        }
    }

    fn push_text(&mut self, t: &str, range: Range<usize>) {
        if t.is_empty() || self.prose.len() + t.len() > u32::MAX as usize / 2 {
            return;
        }
        self.pieces.push(Piece {
            at: self.prose.len() as u32,
            len: t.len() as u32,
            src: range.start,
            src_len: range.len() as u32,
        });
        self.prose.push_str(t);
    }

    /// A separator that maps to no source text (a line break, inline code, HTML).
    fn push_gap(&mut self) {
        if self.prose.len() > self.cur_start && !self.prose.ends_with(' ') {
            self.prose.push(' ');
        }
    }

    fn flush(&mut self) {
        if self.prose[self.cur_start..].trim().is_empty() {
            self.prose.truncate(self.cur_start);
            self.pieces.truncate(self.cur_piece);
            return;
        }
        blank_urls(&mut self.prose, self.cur_start);
        self.blocks.push(Block {
            section: self.headings.len().checked_sub(1).map(|i| i as u32),
            is_heading: self.cur_is_heading,
            range: self.cur_start as u32..self.prose.len() as u32,
            pieces: self.cur_piece as u32..self.pieces.len() as u32,
            sentences: 0..0,
            words: 0,
            table_row: self.cur_row,
            table_cols: if self.cur_row > 0 { self.table_cols } else { 0 },
            list_item: self.item_stack.last().copied().unwrap_or(0),
        });
        self.prose.push_str(BLOCK_SEPARATOR);
        self.cur_start = self.prose.len();
        self.cur_piece = self.pieces.len();
    }

    fn finish(mut self, front_matter: FrontMatter) -> Parsed {
        // The title names the question, not a stage ("Design a search ranking system").
        let h1s = self.headings.iter().filter(|h| h.level == 1).count();
        if let Some(first) = self.headings.first_mut() {
            let design = heading_words(&first.text)
                .first()
                .is_some_and(|w| w == "design");
            if first.level == 1 && (h1s == 1 || design) {
                first.stages = StageSet::default();
                first.read_as = ReadAs::Title;
            }
        }
        let nstages = self.pack.stages.len();
        // Sentences, words and quantities block by block; every vocabulary in one pass over
        // all prose. The two do not depend on each other: a long draft does them on two
        // cores, then places each hit in its sentence.
        let quantity_vocab = self.pack.vocab_id("quantity");
        let (prose, matcher) = (&self.prose, &self.pack.matcher);
        let blocks = &mut self.blocks;
        let scan = || {
            let folded = fold_for_matching(prose);
            let mut raw: Vec<RawHit> = Vec::with_capacity(prose.len() / 50 + 4);
            matcher.scan(prose, &folded, &mut raw);
            raw.sort_unstable_by_key(|h| (h.start, h.end, h.vocab));
            (folded, raw)
        };
        let mut read = || read_sentences(blocks, prose);
        let ((folded, raw), (mut sentences, words)) =
            if prose.len() >= PARALLEL_PARSE_BYTES && !crate::text::lean::is_lean() {
                rayon::join(scan, read)
            } else {
                (scan(), read())
            };
        let hits = self.place_hits(&raw, &mut sentences, quantity_vocab);
        let mut hits_by_vocab = vec![Vec::new(); self.pack.vocabs.len()];
        for (i, h) in hits.iter().enumerate() {
            if let Some(list) = hits_by_vocab.get_mut(h.vocab as usize) {
                list.push(i as u32);
            }
        }
        // Evidence sentences per stage, outside headings.
        let evidence_sentences = self.evidence_sentences(&hits, &hits_by_vocab, &sentences);
        let stage_evidence: Vec<u32> = evidence_sentences.iter().map(|v| v.len() as u32).collect();
        self.read_unnamed_sections(&evidence_sentences, &sentences);
        // Effective stages: own, else inherited from the nearest enclosing heading.
        let mut stack: Vec<(u8, StageSet)> = Vec::new();
        for h in &mut self.headings {
            while stack.last().is_some_and(|(l, _)| *l >= h.level) {
                stack.pop();
            }
            h.effective = if h.stages.is_empty() {
                stack.last().map(|(_, s)| *s).unwrap_or_default()
            } else {
                h.stages
            };
            stack.push((h.level, h.effective));
        }
        let mut stage_first = vec![None; nstages];
        for (i, h) in self.headings.iter().enumerate() {
            for s in h.stages.iter() {
                if let Some(slot) = stage_first.get_mut(s as usize) {
                    slot.get_or_insert(i as u32);
                }
            }
        }
        let mut stage_words = vec![0usize; nstages];
        let mut stage_body_words = vec![0usize; nstages];
        for block in &self.blocks {
            let stages = block
                .section
                .and_then(|h| self.headings.get(h as usize))
                .map(|h| h.effective)
                .unwrap_or_default();
            for s in &mut sentences[block.sentences.start as usize..block.sentences.end as usize] {
                s.stages = stages;
            }
            for s in stages.iter() {
                if let Some(w) = stage_words.get_mut(s as usize) {
                    *w += block.words as usize;
                }
                if !block.is_heading {
                    if let Some(w) = stage_body_words.get_mut(s as usize) {
                        *w += block.words as usize;
                    }
                }
            }
        }
        Parsed {
            front_matter,
            prose: self.prose,
            folded,
            pieces: self.pieces,
            headings: self.headings,
            blocks: self.blocks,
            sentences,
            hits,
            hits_by_vocab,
            diagrams: self.diagrams,
            code: self.code,
            links: {
                let mut l = self.links;
                l.sort_unstable_by_key(|r| r.start);
                l
            },
            words,
            stage_words,
            stage_first,
            stage_body_words,
            stage_evidence,
            figures: std::sync::OnceLock::new(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// Every vocabulary hit (sorted by position), placed in its block and sentence;
    /// quantity hits are counted into their sentences.
    fn place_hits(
        &self,
        raw: &[RawHit],
        sentences: &mut [Sentence],
        quantity_vocab: Option<VocabId>,
    ) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(raw.len());
        for h in raw {
            // The block holding the hit; a hit reaching past its block is dropped.
            let bi = self
                .blocks
                .partition_point(|b| b.range.start as usize <= h.start);
            let Some(bi) = bi.checked_sub(1) else {
                continue;
            };
            let block = &self.blocks[bi];
            // A pattern may swallow the separator after its block ("2,000." + ".\n"): clamp
            // that; a hit reaching into the next block's text is dropped.
            let block_end = block.range.end as usize;
            if h.end > block_end + BLOCK_SEPARATOR.len() {
                continue;
            }
            let start = h.start as u32 - block.range.start;
            let end = h.end.min(block_end) as u32 - block.range.start;
            if start >= end || block.sentences.is_empty() {
                continue;
            }
            // The sentence holding the hit's start (hits between sentences go to the next).
            let local = sentences[block.sentences.start as usize..block.sentences.end as usize]
                .partition_point(|s: &Sentence| s.range.end <= start);
            let si =
                (block.sentences.start + local as u32).min(block.sentences.end.saturating_sub(1));
            if Some(h.vocab) == quantity_vocab && !block.is_heading {
                if let Some(s) = sentences.get_mut(si as usize) {
                    s.quantities += 1;
                }
            }
            hits.push(Hit {
                vocab: h.vocab,
                block: bi as u32,
                sentence: si,
                start,
                end,
            });
        }
        hits
    }

    /// Per stage, the sorted distinct sentences outside headings that hold its evidence.
    fn evidence_sentences(
        &self,
        hits: &[Hit],
        by_vocab: &[Vec<u32>],
        sentences: &[Sentence],
    ) -> Vec<Vec<u32>> {
        self.pack
            .stages
            .iter()
            .map(|stage| {
                let mut v: Vec<u32> = stage
                    .evidence
                    .iter()
                    .filter_map(|&voc| by_vocab.get(voc as usize))
                    .flatten()
                    .map(|&i| &hits[i as usize])
                    .filter(|h| !self.blocks[h.block as usize].is_heading)
                    .filter(|h| !self.dismissed(h, stage, hits, by_vocab))
                    .map(|h| h.sentence)
                    .collect();
                if let Some(need) = stage.closing_questions {
                    v.extend(self.closing_questions(sentences, need));
                }
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    }

    /// Whether a dismissal ("no", "skip", "no need for") stands a few words before an
    /// evidence hit in its sentence: the writer says the stage is not needed.
    fn dismissed(&self, h: &Hit, stage: &Stage, hits: &[Hit], by_vocab: &[Vec<u32>]) -> bool {
        let Some(list) = stage
            .evidence_unless_before
            .and_then(|voc| by_vocab.get(voc as usize))
        else {
            return false;
        };
        let block = &self.blocks[h.block as usize];
        let text = &self.prose[block.range.start as usize..block.range.end as usize];
        // The list is in document order: only the dismissals of this sentence are read
        // (linear in the draft, not evidence × dismissals).
        let from = list.partition_point(|&i| hits[i as usize].sentence < h.sentence);
        list[from..]
            .iter()
            .map(|&i| &hits[i as usize])
            .take_while(|x| x.sentence == h.sentence)
            .any(|x| {
                x.end <= h.start
                    && text
                        .get(x.end as usize..h.start as usize)
                        .is_some_and(|gap| prose::word_count(gap) < stage.evidence_unless_words)
            })
    }

    /// The question sentences of the draft's closing part (its last section, or its last
    /// two blocks when it has no sections) when there are at least `need` of them and they
    /// make at least half of its sentences; else none.
    fn closing_questions(&self, sentences: &[Sentence], need: usize) -> Vec<u32> {
        let last_section = self
            .headings
            .iter()
            .rposition(|h| h.level > 1)
            .map(|h| h as u32);
        let body = self.blocks.iter().filter(|b| !b.is_heading);
        let all: Vec<u32> = match last_section {
            Some(h) => body
                .filter(|b| b.section == Some(h))
                .flat_map(|b| b.sentences.clone())
                .collect(),
            None => body
                .rev()
                .take(2)
                .flat_map(|b| b.sentences.clone())
                .collect(),
        };
        let questions: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&s| sentences.get(s as usize).is_some_and(|s| s.is_question))
            .collect();
        if questions.len() >= need && questions.len() * 2 >= all.len() {
            questions
        } else {
            Vec::new()
        }
    }

    /// A heading that names no stage and inherits none is read by what its section
    /// discusses: the stage with the most sentences of evidence, when it clearly leads.
    /// Linear in headings: sections and their sentences are found by binary search.
    fn read_unnamed_sections(&mut self, evidence: &[Vec<u32>], sentences: &[Sentence]) {
        let n = self.headings.len();
        // The next heading at the same level or above, for every heading.
        let mut next_up = vec![n; n];
        let mut stack: Vec<usize> = Vec::new();
        for i in (0..n).rev() {
            while stack
                .last()
                .is_some_and(|&j| self.headings[j].level > self.headings[i].level)
            {
                stack.pop();
            }
            next_up[i] = stack.last().copied().unwrap_or(n);
            stack.push(i);
        }
        // First sentence of the first block whose section is at or after heading `h`.
        let first_sentence = |blocks: &[Block], h: usize| -> u32 {
            let bi = blocks.partition_point(|b| b.section.is_none_or(|s| (s as usize) < h));
            blocks
                .get(bi)
                .map_or(sentences.len() as u32, |b| b.sentences.start)
        };
        // Enclosing headings' stages (level, has a stage), nearest last.
        let mut parents: Vec<(u8, bool)> = Vec::new();
        for (hi, &section_end) in next_up.iter().enumerate() {
            let level = self.headings[hi].level;
            while parents.last().is_some_and(|(l, _)| *l >= level) {
                parents.pop();
            }
            let inherits = parents.last().is_some_and(|(_, has)| *has);
            if self.headings[hi].read_as == ReadAs::Unnamed && !inherits {
                let lo = first_sentence(&self.blocks, hi);
                let hi_s = first_sentence(&self.blocks, section_end);
                let mut counts: Vec<(u32, usize)> = evidence
                    .iter()
                    .enumerate()
                    .map(|(stage, sents)| {
                        let from = sents.partition_point(|&x| x < lo);
                        let to = sents.partition_point(|&x| x < hi_s);
                        ((to.saturating_sub(from)) as u32, stage)
                    })
                    .collect();
                counts.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                let (best, stage) = counts.first().copied().unwrap_or((0, 0));
                let next = counts.get(1).map_or(0, |c| c.0);
                if best >= CONTENT_MIN_SENTENCES
                    && f64::from(best) >= CONTENT_DOMINANCE * f64::from(next)
                {
                    let h = &mut self.headings[hi];
                    h.stages = StageSet::single(stage as StageId);
                    h.read_as = ReadAs::Content { hits: best, next };
                }
            }
            let has = inherits || !self.headings[hi].stages.is_empty();
            parents.push((level, has));
        }
    }
}

/// Prose longer than this is read on two cores (below it the hand-over costs more than it
/// saves).
const PARALLEL_PARSE_BYTES: usize = 64 * 1024;

/// Each block's sentences with their words, quantities and questions; the draft's words.
fn read_sentences(blocks: &mut [Block], prose: &str) -> (Vec<Sentence>, usize) {
    let mut sentences = Vec::with_capacity(prose.len() / 80 + 4);
    let mut ranges = Vec::new();
    let mut words = 0usize;
    for (bi, block) in blocks.iter_mut().enumerate() {
        let text = &prose[block.range.start as usize..block.range.end as usize];
        let first_sentence = sentences.len() as u32;
        let mut block_words = 0u32;
        prose::sentences_into(text, &mut ranges);
        for r in ranges.iter().cloned() {
            let s = &text[r.clone()];
            let w = prose::word_count(s) as u32;
            block_words += w;
            sentences.push(Sentence {
                block: bi as u32,
                range: r.start as u32..r.end as u32,
                words: w,
                quantities: if block.is_heading {
                    // Section numbers ("3. Data") are not figures.
                    0
                } else {
                    quantity::count_digit_quantities(s) as u32
                },
                is_question: prose::is_question(s),
                stages: StageSet::default(),
            });
        }
        block.sentences = first_sentence..sentences.len() as u32;
        block.words = block_words;
        words += block_words as usize;
    }
    (sentences, words)
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_diagram(lang: &str, code: &str) -> bool {
    if DIAGRAM_LANGS.contains(&lang) {
        return true;
    }
    matches!(lang, "" | "text" | "txt" | "plain" | "plaintext")
        && ASCII_ART_MARKS.iter().any(|m| code.contains(m))
}

/// Cheap pre-check of `blank_urls`: is there a `://` or a `www.`?
fn may_hold_url(t: &[u8]) -> bool {
    memchr::memchr2_iter(b':', b'w', t).any(|i| {
        let rest = &t[i..];
        rest.starts_with(b"://") || rest.starts_with(b"www.")
    })
}

/// Replaces bare URLs in `text[from..]` with spaces (same length), so their words are
/// neither counted nor matched. Only the tail is touched: the work is linear in the block.
fn blank_urls(text: &mut String, from: usize) {
    let tail = &text[from..];
    if !may_hold_url(tail.as_bytes()) {
        return;
    }
    let bytes = tail.as_bytes();
    let mut urls: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let starts = rest.starts_with(b"http://")
            || rest.starts_with(b"https://")
            || rest.starts_with(b"www.");
        let at_word_start = if i == 0 {
            from == 0 || !text.as_bytes()[from - 1].is_ascii_alphanumeric()
        } else {
            !bytes[i - 1].is_ascii_alphanumeric()
        };
        if starts && at_word_start {
            let mut j = i;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b')' | b'>' | b'"')
            {
                j += 1;
            }
            // Trailing sentence punctuation is not part of the URL.
            while j > i && matches!(bytes[j - 1], b'.' | b',' | b';' | b':' | b'!' | b'?') {
                j -= 1;
            }
            // Whole characters only: a URL ends at ASCII, but keep to char boundaries.
            while j > i && !tail.is_char_boundary(j) {
                j -= 1;
            }
            if j > i {
                urls.push(from + i..from + j);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    for r in urls {
        let blanks = " ".repeat(r.len());
        text.replace_range(r, &blanks);
    }
}

#[cfg(test)]
mod tests {
    use super::blank_urls;

    fn blanked(text: &str, from: usize) -> String {
        let mut s = text.to_string();
        blank_urls(&mut s, from);
        assert_eq!(s.len(), text.len(), "blanking keeps every offset");
        s
    }

    #[test]
    fn bare_urls_become_spaces_but_their_punctuation_stays() {
        assert_eq!(
            blanked("see https://fast.example/a, then www.big.io.", 0),
            format!("see {}, then {}.", " ".repeat(22), " ".repeat(10))
        );
    }

    #[test]
    fn only_the_tail_is_blanked_and_glued_urls_are_not_urls() {
        let text = "https://a.io x https://b.io";
        assert_eq!(
            blanked(text, 13),
            format!("https://a.io x {}", " ".repeat(12))
        );
        assert_eq!(blanked("xhttps://a.io", 0), "xhttps://a.io");
        assert_eq!(
            blanked("é https://a.io/数据 ok", 0),
            format!("é {} ok", " ".repeat(19))
        );
    }
}
