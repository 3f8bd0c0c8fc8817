//! Event context: which event a paragraph narrates, when and where.
//!
//! Names alone tell *who* a paragraph is about, not *which event*: the same commanders appear in
//! a battle, in the diplomacy that followed and in the Infobox of another battle. Each paragraph
//! therefore gets a context — a time interval, the battles it narrates and the places it is
//! set in — from its own dates and names, or else inherited:
//!
//! - a chronological narration keeps its last date until the next one (a lunar day written
//!   alone, 十五日, takes the year and month of the last date before it; a season, 是年冬,
//!   the narration's year);
//! - a section heading's dates and battles hold for its section;
//! - an article's title battle and its Infobox's date and place hold for its paragraphs, except
//!   in sections that narrate other times (Background, Aftermath, Legacy…).
//!
//! Each part records where it came from, for `show` and `explain`. List blocks (an Infobox, a
//! roster of names) are marked: they state no event of their own and link only through their
//! article's context (see [`super::Prepared::score`]).

use super::Unit;
use crate::corpus::BlockKind;
use crate::glossary::{Glossary, Kind};
use crate::mentions::dates::{self, Calendar, DateMention, Ymd, day_number};
use crate::mentions::{EntityId, Mention};
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A day told relative to the day before it in a Chinese paragraph: the next day (次日), two
/// days later (兩日後).
static ZH_RELATIVE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(次日|翌日|第二天|第二日|隔日|翌晨|次晨)|([兩两二三四五])(?:日|天)(?:後|后|之後|之后)",
    )
    .expect("relative day pattern")
});

/// A day told relative to the day before it in an English paragraph: "the next day", "the
/// following morning", "two days later" (not "the day after the fall of X", which counts from
/// an event).
static EN_RELATIVE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(the next|the following|next) (?:day|morning)|(a|one|two|three|four|five) days? later)\b")
        .expect("relative day pattern")
});

/// A day of the month written alone in a Chinese narration (十五日，倭軍進至東萊; 十六日夜間;
/// 日軍自十四日起; 於十八日夜): the narration's month goes on. The date reader leaves these
/// alone, since 十五日 elsewhere is a duration (苦戰七日, 據守六日); [`lone_day`] tells them
/// apart by what stands before and after.
static ZH_LONE_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:二十|十|廿)?[一二三四五六七八九十]|三十)日").expect("lone day pattern")
});

/// What may follow a lone day at the start of a clause: a comma, a time of day, 起 (from the
/// day on), or the clause's place or action (二十七日於碧蹄, 二十三日又攻取).
static ZH_LONE_DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[，,、]|凌晨|清晨|黎明|拂曉|天明|深夜|[夜晨早晚午]|傍晚|起|於|在|又|[子丑寅卯辰巳午未申酉戌亥]時)")
        .expect("lone day follower")
});

/// What after 於, 自, 至 … makes a day a span of time, not a date (於三日內, 至十日後).
static ZH_SPAN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:之?內|以?後|之後|以?前|之前|間|為期|为期|之久|左右|以上|有餘|有余)")
        .expect("span follower")
});

/// Whether the day written at `text[start..end]` (ending in 日) is a day of the month standing
/// alone: at the start of a clause and followed by a comma, a time of day, 起, or the clause's
/// place or action; or after 於, 自, 至, 到, 迄, 翌日, 次日 and not followed by a word of span.
fn lone_day(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let prev = before.chars().next_back();
    let clause_start = prev.is_none_or(|c| "。；;，,：:！？\n".contains(c));
    if clause_start {
        return ZH_LONE_DAY_AFTER.is_match(after);
    }
    let marked = prev.is_some_and(|c| "於于自至到迄".contains(c))
        || ["翌日", "次日"].iter().any(|w| before.ends_with(w));
    marked && !ZH_SPAN_AFTER.is_match(after)
}

/// Where a part of a context comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "para", rename_all = "lowercase")]
pub enum Source {
    /// The paragraph itself.
    Own,
    /// The last dated paragraph before it (a chronological narration), by ordinal.
    Narration(usize),
    /// The heading of its section, by ordinal.
    Section(usize),
    /// The article's title, by ordinal.
    Title(usize),
    /// The article's Infobox, by ordinal.
    Infobox(usize),
    /// The subject its lead opens with (`**平壤之戰**指的是…`), by ordinal.
    Lead(usize),
    /// The document's title as imported (its manifest's `title`), for an article without a
    /// title line, a lead naming its battle or an Infobox naming it.
    Document,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Own => write!(f, "own"),
            Source::Narration(p) => write!(f, "narration, para {p}"),
            Source::Section(p) => write!(f, "section heading, para {p}"),
            Source::Title(p) => write!(f, "title, para {p}"),
            Source::Infobox(p) => write!(f, "Infobox, para {p}"),
            Source::Lead(p) => write!(f, "lead's subject, para {p}"),
            Source::Document => write!(f, "document title"),
        }
    }
}

/// A closed interval of Gregorian days.
pub type Interval = (Ymd, Ymd);

/// The event context of a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventContext {
    /// When: the first and last Gregorian day it narrates.
    pub interval: Option<Interval>,
    /// Where the interval comes from.
    pub interval_from: Option<Source>,
    /// The article's event time (its Infobox's or title's date), when the paragraph is in an
    /// article about one event: a paragraph that dates a later tally of the battle's dead is
    /// still about the battle, so a pair is disjoint only if this time is too.
    pub article: Option<Interval>,
    /// Battles (glossary kind `battle`) it narrates.
    pub events: Vec<EntityId>,
    /// Where the battles come from.
    pub events_from: Option<Source>,
    /// Places (glossary kind `place`) it is set in.
    pub places: Vec<EntityId>,
    /// Where the places come from.
    pub places_from: Option<Source>,
    /// A list block (an Infobox, a roster): it states no event of its own.
    pub list: bool,
    /// The interval and article time again, were the English dates of its document lunar
    /// dates written as Gregorian ([`DateMention::may_be_lunar`]), or the Chinese months of
    /// unknown calendar lunar months (1598年1月), where that differs: the contexts of two
    /// paragraphs relate by the closer of the readings.
    pub if_lunar: Option<Timing>,
    /// Days it narrates that only the narration completes: a lunar day written alone
    /// (二十九日，城陷) in the month of the last date before it, and a day told relative to a
    /// day the paragraph writes before it (次日, "two days later"). The aligner counts them as
    /// dates the paragraph writes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Ymd>,
    /// It tells the present day, not the war: the site today, a memorial, a festival, a film
    /// ([`tells_the_present`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub present: bool,
    /// The battle of its article (by title, lead or Infobox), even where its section holds
    /// another time (Background, Aftermath).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub article_events: Vec<EntityId>,
    /// The sites of its battles: the places named inside their names ([`set_sites`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<EntityId>,
    /// The people whose death it tells ([`deaths`]): a person dies once, so two paragraphs
    /// telling one death tell one moment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deaths: Vec<EntityId>,
}

/// A paragraph's time and its article's event time.
pub type Timing = (Option<Interval>, Option<Interval>);

impl EventContext {
    /// Whether this paragraph and `other` belong to articles on one battle (their title, lead
    /// or Infobox names it).
    pub fn same_article_event(&self, other: &EventContext) -> bool {
        self.shared_article_event(other).is_some()
    }

    /// The battle this paragraph's article and `other`'s are both on, if any.
    pub fn shared_article_event(&self, other: &EventContext) -> Option<EntityId> {
        self.article_events
            .iter()
            .find(|e| other.article_events.contains(e))
            .copied()
    }

    /// Whether this paragraph's battles include the battle of `other`'s article.
    pub fn tells_article_event_of(&self, other: &EventContext) -> bool {
        self.events.iter().any(|e| other.article_events.contains(e))
    }

    /// One line: interval, battles and places, each with where it comes from.
    pub fn describe(&self) -> String {
        let from = |s: &Option<Source>| s.map(|s| format!(" ({s})")).unwrap_or_default();
        let ymd = |(y, m, d): Ymd| format!("{y:04}-{m:02}-{d:02}");
        let when = match self.interval {
            Some((a, b)) if a == b => ymd(a),
            Some((a, b)) => format!("{}..{}", ymd(a), ymd(b)),
            None => "unknown".into(),
        };
        let ids = |v: &[EntityId]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(", ")
            }
        };
        let lunar = match self.if_lunar {
            Some((Some((a, b)), _)) if a == b => format!(" (or {}, if lunar)", ymd(a)),
            Some((Some((a, b)), _)) => format!(" (or {}..{}, if lunar)", ymd(a), ymd(b)),
            _ => String::new(),
        };
        let days = if self.days.is_empty() {
            String::new()
        } else {
            let v: Vec<String> = self.days.iter().map(|&d| ymd(d)).collect();
            format!(" (days completed from context: {})", v.join(", "))
        };
        let sites = if self.sites.is_empty() {
            String::new()
        } else {
            format!("; the battles' sites {}", ids(&self.sites))
        };
        format!(
            "when {when}{}{days}{lunar}; battles {}{}; places {}{}{sites}{}",
            from(&self.interval_from),
            ids(&self.events),
            from(&self.events_from),
            ids(&self.places),
            from(&self.places_from),
            if self.list {
                "; a list block (no event of its own)"
            } else {
                ""
            },
        ) + if self.present {
            "; tells the present day (a site, memorial or work of today)"
        } else {
            ""
        }
    }
}

/// How the contexts of two paragraphs relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Same battle, or same place at overlapping times.
    Agree,
    /// Overlapping times, nothing else known: possibly the same event.
    Overlap,
    /// Their time intervals are disjoint: different events.
    Disjoint,
    /// The same place, at a time one side leaves unknown or gives only widely (a year):
    /// possibly the same event.
    Place,
    /// Nothing known either way.
    Neutral,
}

/// A paragraph naming more battles than this is a summary: a battle it shares with another
/// paragraph does not make their contexts agree.
pub const SUMMARY_BATTLES: usize = 3;

/// Days two intervals may lie apart and still overlap: the calendars of the time differed by a
/// day, and a battle's date in one account is often the eve or morrow in the other.
pub const SLACK_DAYS: i64 = 3;

/// Days two paragraphs, each dated by its own words to one day, may lie apart and still tell
/// one event at a place they share: a day for the calendars, a day for the eve or morrow.
pub const DAY_SLACK_DAYS: i64 = 2;

/// Days a season's interval is widened on either side: "the spring of 1592" may reach from
/// the lunar new year in February into June.
pub const SEASON_SLACK_DAYS: i64 = 30;

/// Intervals longer than this many days (a year, a season) say too little of when to make
/// two paragraphs agree or overlap; they can still be disjoint.
pub const NARROW_DAYS: i64 = 45;

/// Intervals wider than [`NARROW_DAYS`] but at most this many days (four calendar months: July
/// to October is 122 days) that overlap are the same time: they overlap, though too wide to
/// agree (a chronicle's paragraph on two months of one front and an Infobox dating its
/// campaign July–October).
pub const SEASON_DAYS: i64 = 122;

/// Days apart beyond which two paragraphs naming one battle no longer agree through it: a siege
/// lasts weeks, and a battle named again months later is another at the same place or a look
/// back (a lunar date read as Gregorian is a month off, so not less).
pub const RECUR_DAYS: i64 = 60;

/// Days apart beyond which two paragraphs naming one battle, each dating itself narrowly (at
/// most [`NARROW_DAYS`]), no longer agree through it: they tell two moments of it.
pub const MOMENT_DAYS: i64 = 14;

/// Days apart beyond which two tellings of one battle (one of them dated by its own words) are
/// no longer the battle: the later one looks back on it.
pub const RETROSPECT_DAYS: i64 = 365;

/// Whether intervals `x` and `y` lie more than `days` apart.
fn apart_by(x: Interval, y: Interval, days: i64) -> bool {
    day_number(x.1) + days < day_number(y.0) || day_number(y.1) + days < day_number(x.0)
}

/// Days from an interval's first day to its last.
pub(crate) fn span_days((a, b): Interval) -> i64 {
    day_number(b) - day_number(a)
}

/// How two contexts relate: the same battle agrees; disjoint intervals (beyond
/// [`SLACK_DAYS`], for the paragraphs and for their articles' events) are different events;
/// a shared place at overlapping times agrees; other overlapping times overlap. Only narrow
/// intervals (at most [`NARROW_DAYS`]) agree; wider ones of at most [`SEASON_DAYS`] overlap,
/// and wider still say nothing but a shared place. A paragraph of no time of its own in an
/// article about one event is disjoint from a paragraph dated by its own words more than
/// [`RETROSPECT_DAYS`] from that event.
pub fn relation(a: &EventContext, b: &EventContext) -> Relation {
    let rank = |r: Relation| match r {
        Relation::Agree => 4,
        Relation::Overlap => 3,
        Relation::Place => 2,
        Relation::Neutral => 1,
        Relation::Disjoint => 0,
    };
    let written = |c: &EventContext| (c.interval, c.article);
    let mut best = relation_at(a, b, written(a), written(b));
    // Two articles on one battle: what either tells around it (its background, its aftermath)
    // may be the same event, as times that overlap.
    let same_article = a.same_article_event(b);
    if same_article && matches!(best, Relation::Neutral | Relation::Place) {
        best = Relation::Overlap;
    }
    // Both leading up to it (or both following from it) tell its background (or aftermath),
    // though one starts the story in another year than the other: nothing known either way.
    if same_article && best == Relation::Disjoint && a.present == b.present {
        let event = a.article.or(b.article);
        let side = |c: &EventContext| match (c.interval, event) {
            (Some((first, _)), Some((start, _)))
                if day_number(first) + SLACK_DAYS < day_number(start) =>
            {
                -1
            }
            (Some((_, last)), Some((_, end)))
                if day_number(last) > day_number(end) + SLACK_DAYS =>
            {
                1
            }
            _ => 0,
        };
        if side(a) != 0 && side(a) == side(b) {
            best = Relation::Neutral;
        }
    }
    if a.if_lunar.is_none() && b.if_lunar.is_none() {
        return best;
    }
    // A document whose dates may be lunar: the closer reading counts.
    for (x, ta) in std::iter::once(written(a)).chain(a.if_lunar).enumerate() {
        for (y, tb) in std::iter::once(written(b)).chain(b.if_lunar).enumerate() {
            if (x, y) == (0, 0) || best == Relation::Agree {
                continue;
            }
            let r = relation_at(a, b, ta, tb);
            if rank(r) > rank(best) {
                best = r;
            }
        }
    }
    best
}

/// [`relation`] with the times `ta` of `a` and `tb` of `b` (interval and article time).
fn relation_at(a: &EventContext, b: &EventContext, ta: Timing, tb: Timing) -> Relation {
    // A paragraph naming many battles (a career, a campaign's summary) is about none of them
    // in particular: sharing one of them is no sign of one event.
    let few = |c: &EventContext| c.events.len() <= SUMMARY_BATTLES;
    // The site today or a film of the battle is not the battle.
    if a.present != b.present {
        return Relation::Disjoint;
    }
    // A battle told a year or more from another telling of it, by one side's own date, is told
    // in retrospect (a commemoration, a film, a later campaign recalling it): no sign of one
    // event.
    let own = |c: &EventContext| c.interval_from == Some(Source::Own);
    if let (Some(x), Some(y)) = (ta.0, tb.0)
        && apart_by(x, y, RETROSPECT_DAYS)
        && (own(a) || own(b))
    {
        return Relation::Disjoint;
    }
    // One battle named by two paragraphs months apart, by one side's own date, is another
    // battle at the same place (Pyongyang in August 1592 and in February 1593; the Busan
    // landing of May 1592 and the raid of October under one Chinese name) or a look back on
    // it: no sign of one event. A date only inherited from the narration says less.
    // Two paragraphs each dating itself narrowly, weeks apart, tell two moments of it (the
    // assault and the commander's death of his wound a month later).
    let months_apart = match (ta.0, tb.0) {
        (Some(x), Some(y))
            if own(a) && own(b) && span_days(x) <= NARROW_DAYS && span_days(y) <= NARROW_DAYS =>
        {
            apart_by(x, y, MOMENT_DAYS)
        }
        (Some(x), Some(y)) if own(a) || own(b) => apart_by(x, y, RECUR_DAYS),
        _ => false,
    };
    if few(a) && few(b) && !months_apart && a.events.iter().any(|e| b.events.contains(e)) {
        return Relation::Agree;
    }
    let (Some(x), Some(y)) = (ta.0, tb.0) else {
        // A paragraph of no time of its own (an Aftermath, a Background) is still near its
        // article's event: another paragraph dated years from that event is not its event.
        let far = |t: Timing, other: Option<Interval>, oc: &EventContext| match (t.0, t.1, other) {
            (None, Some(ev), Some(o)) if own(oc) => apart_by(ev, o, RETROSPECT_DAYS),
            _ => false,
        };
        if far(ta, tb.0, b) || far(tb, ta.0, a) {
            return Relation::Disjoint;
        }
        return same_place(a, b);
    };
    let apart = |x: Interval, y: Interval| apart_by(x, y, SLACK_DAYS);
    // Either side's time: its own, or its article's event (no allocation: this runs per
    // candidate pair).
    let times = |t: Timing, own: Interval| std::iter::once(own).chain(t.1);
    if times(ta, x).all(|x| times(tb, y).all(|y| apart(x, y))) {
        Relation::Disjoint
    } else if apart(x, y) {
        Relation::Neutral
    } else if span_days(x) > NARROW_DAYS || span_days(y) > NARROW_DAYS {
        if span_days(x) <= SEASON_DAYS && span_days(y) <= SEASON_DAYS {
            // The same months of the war: one time, too wide to tell one event.
            Relation::Overlap
        } else {
            // A year overlaps everything of that year: nothing known, unless the two are set
            // in the same place within it.
            same_place(a, b)
        }
    } else if (a.places.iter().any(|p| b.places.contains(p))
        || site_named(a, b)
        || site_named(b, a))
        && !two_days(a, b, x, y)
        && !other_battles(a, b)
        && !site_missed(a, b)
        && !site_missed(b, a)
    {
        Relation::Agree
    } else {
        Relation::Overlap
    }
}

/// Why contexts `a` and `b` agree, in words, for `explain`: the battle they share, else the
/// place they share, else the site of one's battle that the other names. `None` where none
/// of these holds (they may still agree through a day, or through the battle of their two
/// articles: [`crate::align::Prepared::agreement`]).
/// It describes what [`relation`] found; it does not decide.
pub fn agreement(a: &EventContext, b: &EventContext) -> Option<String> {
    let from = |s: Option<Source>| s.map_or_else(|| "?".to_string(), |s| s.to_string());
    if let Some(e) = a.events.iter().find(|e| b.events.contains(e)) {
        return Some(format!(
            "the same battle, {e}; Chinese: {}; English: {}",
            from(a.events_from),
            from(b.events_from)
        ));
    }
    if let Some(p) = a.places.iter().find(|p| b.places.contains(p)) {
        return Some(format!("the same place, {p}, at times that overlap"));
    }
    for (c, o, side) in [(a, b, "English"), (b, a, "Chinese")] {
        if let Some(p) = c.sites.iter().find(|s| o.places.contains(s))
            && c.events.len() == 1
        {
            return Some(format!(
                "the {side} side names {p}, the site of the other's battle, {}",
                c.events[0]
            ));
        }
    }
    None
}

/// Whether `a` and `b` each date themselves by their own words to one day (`x` and `y`), more
/// than [`DAY_SLACK_DAYS`] apart: two moments (the rout at Sangju and the battle at Chungju three
/// days later, both told with the town), not one event at a place they share.
fn two_days(a: &EventContext, b: &EventContext, x: Interval, y: Interval) -> bool {
    let own = |c: &EventContext| c.interval_from == Some(Source::Own);
    own(a) && own(b) && x.0 == x.1 && y.0 == y.1 && apart_by(x, y, DAY_SLACK_DAYS)
}

/// Whether each of two contexts is about battles of its own, and none of them the other's
/// (Angolpo two days after Hansan Island, in the same waters): then a shared place at the same
/// time is no sign of one event.
fn other_battles(a: &EventContext, b: &EventContext) -> bool {
    let few = |c: &EventContext| !c.events.is_empty() && c.events.len() <= SUMMARY_BATTLES;
    few(a) && few(b) && !a.events.iter().any(|e| b.events.contains(e))
}

/// Whether `c` is about one battle at a known site, which it has from its article or section
/// (not from its own words, which may name a battle in passing), and `o` names neither the
/// battle nor its site: a place they share is then one `c` names in passing (Hansan Island, two
/// days before, in a paragraph of the article on Angolpo), no sign of one event.
fn site_missed(c: &EventContext, o: &EventContext) -> bool {
    c.events.len() == 1
        && c.events_from != Some(Source::Own)
        && !c.sites.is_empty()
        && !o.events.contains(&c.events[0])
        && !c.sites.iter().any(|s| o.places.contains(s))
}

/// Whether `c` is about one battle at a known site and `o` names that site: the chronicle's
/// paragraph that names the town on the day of the article's battle there (稷山, with the
/// article's paragraph on the fighting naming only the road and the next town).
fn site_named(c: &EventContext, o: &EventContext) -> bool {
    c.events.len() == 1 && c.sites.iter().any(|s| o.places.contains(s))
}

/// [`Relation::Place`] where the contexts share a place, else [`Relation::Neutral`]: for pairs
/// whose times say nothing either way.
fn same_place(a: &EventContext, b: &EventContext) -> Relation {
    if a.places.iter().any(|p| b.places.contains(p)) {
        Relation::Place
    } else {
        Relation::Neutral
    }
}

/// Section headings that narrate other times than the article's event: their sections do not
/// inherit the article's date, battle or place.
const DETACHED_SECTIONS: &[&str] = &[
    "background",
    "prelude",
    "aftermath",
    "legacy",
    "prologue",
    "origins",
    "consequences",
    "commemoration",
    "in popular culture",
    "popular culture",
    "historiography",
    "assessment",
    "significance",
    "memorial",
    "see also",
    "references",
    "notes",
    // The same sections in Chinese articles (traditional and simplified).
    "背景",
    "起因",
    "前因",
    "影響",
    "影响",
    "後續",
    "后续",
    "後果",
    "后果",
    "餘波",
    "余波",
    "評價",
    "评价",
    "紀念",
    "纪念",
    "歷史意義",
    "历史意义",
    "意義",
    "意义",
    "遺址",
    "遗址",
    "流行文化",
    "大眾文化",
    "大众文化",
    "相關作品",
    "相关作品",
    "爭議",
    "争议",
    "參見",
    "参见",
    "參考",
    "参考",
    "注釋",
    "注释",
    "外部連結",
    "外部链接",
];

fn is_detached(heading: &str) -> bool {
    let h = crate::corpus::parse::section_key(heading);
    DETACHED_SECTIONS.iter().any(|s| h.starts_with(s))
}

/// The last lunar day a narration wrote: (year, month, leap, day).
type LunarDay = (i32, u8, bool, u8);

/// The interval one date denotes: its readings; a lunar or Gregorian month without a day, the
/// whole month; a year alone, the whole year (a range of years, as in "(1592–1598)", says
/// nothing of the event). A lunar day written alone takes the month of `last` when it comes
/// later in it.
fn date_interval(d: &DateMention, last: Option<LunarDay>) -> Option<Interval> {
    let readings = d.readings();
    if !readings.is_empty() {
        let lo = readings.iter().map(|r| r.ymd).min()?;
        let hi = readings.iter().map(|r| r.ymd).max()?;
        return Some((lo, hi));
    }
    if d.year_end.is_some_and(|e| Some(e) != d.year) {
        return None;
    }
    let lunar = d.calendar == Calendar::Lunar || d.english_lunar;
    match (d.year, d.month, d.day) {
        (y, None, Some(day)) if lunar => {
            let (ly, lm, leap, lday) = last?;
            if day < lday || y.is_some_and(|y| y != ly) {
                return None;
            }
            let g = dates::lunar_to_gregorian(ly, lm, leap, day)?;
            Some((g, g))
        }
        (Some(y), Some(m), None) if lunar => {
            let first = dates::lunar_to_gregorian(y, m, d.leap, 1)?;
            let end = dates::lunar_to_gregorian(y, m, d.leap, 30)
                .or_else(|| dates::lunar_to_gregorian(y, m, d.leap, 29))?;
            Some((first, end))
        }
        (Some(y), Some(m), None) => {
            let next = if m == 12 {
                (y + 1, 1, 1)
            } else {
                (y, m + 1, 1)
            };
            Some(((y, m, 1), dates::add_days(next, -1)))
        }
        (Some(y), None, None) if lunar => {
            let first = dates::lunar_to_gregorian(y, 1, false, 1)?;
            let next = dates::lunar_to_gregorian(y + 1, 1, false, 1)?;
            Some((first, dates::add_days(next, -1)))
        }
        (Some(y), None, None) => Some(((y, 1, 1), (y, 12, 31))),
        _ => None,
    }
}

fn hull(a: Option<Interval>, b: Interval) -> Interval {
    match a {
        Some((lo, hi)) => (lo.min(b.0), hi.max(b.1)),
        None => b,
    }
}

/// What one paragraph states itself: interval, battles, places; and the last lunar day it
/// writes (for the narration's day-only dates after it).
struct Own {
    interval: Option<Interval>,
    /// Days of lunar days written alone, completed from the narration, and of days told
    /// relative to a written one.
    days: Vec<Ymd>,
    events: Vec<EntityId>,
    places: Vec<EntityId>,
    last_lunar: Option<LunarDay>,
}

/// The byte spans of the quotations of `text` (「…」, 『…』), the outermost ones, in order.
fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '「' | '『' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '」' | '』' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((start, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    out
}

fn own(u: &Unit, kinds: &HashMap<EntityId, Kind>, mut last: Option<LunarDay>) -> Own {
    let mut interval = None;
    let mut days = Vec::new();
    // An Infobox is dated by its Date line, not by every year it writes ("(1592–1598)").
    let date_line = (u.kind == BlockKind::Infobox)
        .then(|| field_line(&u.text, &["date", "日期"]))
        .flatten();
    let mut dates = u.mentions.dates.clone();
    // The spans of the lone days read here (the date reader leaves them alone).
    let mut lone: Vec<(usize, usize)> = Vec::new();
    if u.lang.is_cjk() {
        // The dates' spans by start, with the furthest end reached so far: whether a date holds
        // a span is one binary search.
        let mut spans: Vec<(usize, usize)> = dates.iter().map(|d| (d.start, d.end)).collect();
        spans.sort_unstable();
        let reach: Vec<usize> = spans
            .iter()
            .scan(0, |r, &(_, e)| {
                *r = e.max(*r);
                Some(*r)
            })
            .collect();
        let inside_a_date = |s: usize, e: usize| {
            let k = spans.partition_point(|&(ds, _)| ds <= s);
            k > 0 && reach[k - 1] >= e
        };
        for c in ZH_LONE_DAY.captures_iter(&u.text) {
            let Some(m) = c.get(1) else { continue };
            let day_end = m.end() + '日'.len_utf8();
            if inside_a_date(m.start(), m.end()) || !lone_day(&u.text, m.start(), day_end) {
                continue;
            }
            let mut d = DateMention::new(m.start(), day_end, Calendar::Lunar);
            d.day = dates::zh_small(m.as_str());
            lone.push((d.start, d.end));
            dates.push(d);
        }
        dates.sort_by_key(|d| d.start);
    }
    // Seasons: a year written with its season (萬曆二十六年秋, "autumn of 1598") means the
    // season, not the year; a season alone (是年冬) takes the year before it or the narration's.
    let mut seasons: Vec<Interval> = Vec::new();
    let mut season_years: Vec<usize> = Vec::new();
    for sm in dates::find_seasons(&u.text, u.lang.is_cjk()) {
        if date_line.is_some_and(|(s, e)| sm.start < s || sm.end > e) {
            continue;
        }
        let year_only = |d: &DateMention| d.month.is_none() && d.day.is_none() && d.year.is_some();
        let written = dates.iter().position(|d| {
            year_only(d)
                && if u.lang.is_cjk() {
                    d.end == sm.start
                } else {
                    d.year == sm.year && d.start >= sm.end && d.start - sm.end <= 6
                }
        });
        let year = match written {
            Some(k) => {
                season_years.push(k);
                dates[k].year
            }
            None => sm.year.or_else(|| {
                dates
                    .iter()
                    .rev()
                    .find(|d| d.end <= sm.start && d.year.is_some())
                    .and_then(|d| d.year)
                    .or(last.map(|l| l.0))
            }),
        };
        if let Some((a, b)) = year.and_then(|y| dates::season_interval(sm.season, y, sm.lunar)) {
            // A season is a vague time: writers and calendars place its ends a month apart.
            seasons.push((
                dates::add_days(a, -SEASON_SLACK_DAYS),
                dates::add_days(b, SEASON_SLACK_DAYS),
            ));
        }
    }
    // Every date the paragraph writes, as an interval; their hull is its time, once the coarse
    // ones that hold a finer one are dropped (below).
    let mut found: Vec<Interval> = seasons;
    let mut singles: Vec<(usize, Ymd)> = Vec::new();
    // A quoted source (「…」) dates what it tells, but the narration goes on from its own last
    // day after it: a lone day after the quote is not of the quote's month.
    let quotes = if u.lang.is_cjk() {
        quote_spans(&u.text)
    } else {
        Vec::new()
    };
    let mut in_quote: Option<usize> = None;
    let mut saved = last;
    for (k, d) in dates.iter().enumerate() {
        // Quotations are disjoint and in order: the one that may hold the date is the last
        // starting at or before it.
        let q = quotes
            .partition_point(|&(s, _)| s <= d.start)
            .checked_sub(1)
            .filter(|&x| d.end <= quotes[x].1);
        if q != in_quote {
            if in_quote.is_some() {
                last = saved;
            }
            if q.is_some() {
                saved = last;
            }
            in_quote = q;
        }
        if date_line.is_some_and(|(s, e)| d.start < s || d.end > e) {
            continue;
        }
        if season_years.contains(&k) || d.life || d.recurs {
            continue;
        }
        if let Some(iv) = date_interval(d, last) {
            found.push(iv);
            if iv.0 == iv.1 {
                singles.push((d.end, iv.0));
            }
            // A lone day the date reader left alone: only the narration makes it a date.
            // `lone` is in text order (its spans come from one left-to-right search).
            if iv.0 == iv.1 && lone.binary_search(&(d.start, d.end)).is_ok() {
                days.push(iv.0);
            }
        }
        let lunar = d.calendar == Calendar::Lunar && d.gregorian.is_none();
        match (d.year.or(last.map(|l| l.0)), d.month, d.day) {
            (Some(y), Some(m), Some(day)) if lunar => last = Some((y, m, d.leap, day)),
            (Some(y), None, Some(day)) if lunar => {
                if let Some((ly, lm, leap, lday)) = last
                    && ly == y
                    && day >= lday
                {
                    last = Some((y, lm, leap, day));
                }
            }
            (Some(y), Some(m), None) if lunar => last = Some((y, m, d.leap, 1)),
            _ => {}
        }
    }
    if in_quote.is_some() {
        last = saved;
    }
    // A day told relative to a day the paragraph writes before it (次日, 翌日, 三日後, "the
    // next day", "two days later") is that day moved on: the storming of a castle the day
    // after the army arrived. Only within the paragraph: the narration's last day is often not
    // the one a relative day counts from.
    {
        let small = |w: &str| match w.to_ascii_lowercase().as_str() {
            "a" | "one" => 1,
            "兩" | "两" | "二" | "two" => 2,
            "三" | "three" => 3,
            "四" | "four" => 4,
            "五" | "five" => 5,
            _ => 1,
        };
        // By end, so that the day written last before a phrase is one binary search.
        singles.sort_unstable();
        let re = if u.lang.is_cjk() {
            &*ZH_RELATIVE_DAY
        } else {
            &*EN_RELATIVE_DAY
        };
        for c in re.captures_iter(&u.text) {
            let Some(whole) = c.get(0) else { continue };
            // 十二日後 is the 12th, not two days later.
            let numeral_before = u.text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|ch| "〇一二三四五六七八九十廿卅初".contains(ch));
            if numeral_before {
                continue;
            }
            let n = c.get(2).map_or(1, |m| small(m.as_str()));
            let k = singles.partition_point(|&(end, _)| end <= whole.start());
            if let Some(&(_, d)) = k.checked_sub(1).and_then(|k| singles.get(k)) {
                let day = dates::add_days(d, n);
                found.push((day, day));
                days.push(day);
            }
        }
    }
    // A year or season that holds a day the paragraph also writes adds nothing to it: "on
    // May 7, 1592, one of the campaigns of 1592" happened on May 7.
    // Distinct intervals only: a long paragraph writes the same dates again and again.
    found.sort_unstable();
    found.dedup();
    for &iv in &found {
        let holds_finer = found
            .iter()
            .any(|&f| f != iv && iv.0 <= f.0 && f.1 <= iv.1 && span_days(f) < span_days(iv));
        if !holds_finer {
            interval = Some(hull(interval, iv));
        }
    }
    let mut events = Vec::new();
    let mut places = Vec::new();
    let references = time_references(u, kinds);
    for n in &u.mentions.names {
        let Some(id) = n.entity else { continue };
        if within(&references, n.start, n.end) {
            continue;
        }
        let list = match kinds.get(&id) {
            Some(Kind::Battle) => &mut events,
            Some(Kind::Place) => &mut places,
            _ => continue,
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    events.sort_unstable();
    places.sort_unstable();
    days.sort_unstable();
    days.dedup();
    Own {
        interval,
        days,
        events,
        places,
        last_lunar: last,
    }
}

/// The spans of the battles `u` names only to mark a time (稷山之戰以來, 碧蹄館之戰後, "since the
/// Battle of Okpo"), where that leaves it no battle of its own: it tells what came after or
/// before that battle, not the battle. A battle whose place (the one inside its name) the
/// paragraph also names elsewhere is told (平壤之役後 in a paragraph on the assault on
/// Pyongyang), and one of a paragraph naming other battles stays one of a summary's battles.
fn time_references(u: &Unit, kinds: &HashMap<EntityId, Kind>) -> Vec<(usize, usize)> {
    let names = &u.mentions.names;
    let battle = |n: &Mention| n.entity.and_then(|id| kinds.get(&id)) == Some(&Kind::Battle);
    let marked: Vec<&Mention> = names
        .iter()
        .filter(|&r| battle(r) && marks_time(&u.text, r.start, r.end, u.lang.is_cjk()))
        .collect();
    if marked.is_empty() {
        return Vec::new();
    }
    // How often each entity is named: a place inside a battle's name is named elsewhere when
    // it is named more often than inside the marked names. Names by start, for the places
    // inside one name.
    let mut named: HashMap<EntityId, usize> = HashMap::new();
    for id in names.iter().filter_map(|n| n.entity) {
        *named.entry(id).or_default() += 1;
    }
    let mut by_start: Vec<&Mention> = names.iter().collect();
    by_start.sort_by_key(|n| (n.start, n.end));
    let inside_of = |r: &Mention| -> Vec<EntityId> {
        let from = by_start.partition_point(|n| n.start < r.start);
        let to = by_start.partition_point(|n| n.start < r.end);
        by_start[from..to]
            .iter()
            .filter(|n| n.end <= r.end && n.entity != r.entity)
            .filter_map(|n| n.entity)
            .collect()
    };
    let mut marked_inside: HashMap<EntityId, usize> = HashMap::new();
    for r in &marked {
        for id in inside_of(r) {
            *marked_inside.entry(id).or_default() += 1;
        }
    }
    let references: Vec<(usize, usize)> = marked
        .iter()
        .filter(|r| {
            inside_of(r)
                .iter()
                .all(|id| named.get(id) <= marked_inside.get(id))
        })
        .map(|r| (r.start, r.end))
        .collect();
    let mut sorted = references.clone();
    sorted.sort_unstable();
    let other_battle = names
        .iter()
        .any(|n| battle(n) && !within(&sorted, n.start, n.end));
    if other_battle {
        return Vec::new();
    }
    sorted
}

/// Whether `start..end` lies within one of the spans `sorted` (by start, not overlapping).
fn within(sorted: &[(usize, usize)], start: usize, end: usize) -> bool {
    sorted
        .partition_point(|&(s, _)| s <= start)
        .checked_sub(1)
        .is_some_and(|k| end <= sorted[k].1)
}

/// Whether the name at `start..end` of `text` stands in a phrase of time: followed by 以來, 之後,
/// 後, 前… in Chinese, after "since", "after", "before", "following" (and "the") in English.
fn marks_time(text: &str, start: usize, end: usize, cjk: bool) -> bool {
    if cjk {
        const AFTER: &[&str] = &[
            "以來", "以来", "以後", "以后", "之後", "之后", "後", "后", "前", "以前",
        ];
        let rest = &text[end..];
        return AFTER.iter().any(|w| rest.starts_with(w));
    }
    let before = dates::before(text, start, 32).trim_end();
    let before = match before.rsplit_once(char::is_whitespace) {
        Some((head, "the" | "The")) => head.trim_end(),
        _ => before,
    };
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = before[word_start..].to_lowercase();
    ["since", "after", "before", "following"].contains(&word.as_str())
}

/// The byte range of the first Infobox field of `text` whose key starts with one of `keys`: the
/// line it starts (`- Place: …`, `| location = …`); a Chinese key may also stand after a space
/// inside a line that runs a whole Infobox together ("日期 1592年5月23日 地點 朝鮮半島"), where
/// the field runs from its key to the next space-led key.
fn field_line(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let key = line.trim_start_matches(['-', '*', '|', ' ']).to_lowercase();
        if keys.iter().any(|k| key.starts_with(k)) {
            return Some((at, at + line.len()));
        }
        for k in keys.iter().filter(|k| !k.is_ascii()) {
            if let Some(i) = line.find(&format!(" {k}")) {
                let start = i + 1;
                let rest = &line[start + k.len()..];
                // The field ends where the next space-led Infobox key begins.
                let end = rest
                    .match_indices(' ')
                    .map(|(j, _)| j)
                    .find(|&j| crate::corpus::cjk_infobox_key(&rest[j + 1..]).is_some())
                    .map_or(line.len(), |j| start + k.len() + j);
                return Some((at + start, at + end));
            }
        }
        at += line.len();
    }
    None
}

/// The glossary kind of every entry, by entity id; a place tagged `#region` (a province, a
/// country) is left out: it is too wide to set an event, so it is no place of a context.
pub fn kinds(glossary: &Glossary) -> HashMap<EntityId, Kind> {
    glossary
        .entries
        .iter()
        .filter(|e| !(e.kind == Kind::Place && e.tags().region))
        .map(|e| (EntityId::new(&e.id), e.kind))
        .collect()
}

/// A part of a context and where it comes from.
type Part<T> = Option<(T, Source)>;

/// Sets the context of every unit. Units come grouped by document, in paragraph order;
/// `is_list` tells the list blocks (Infoboxes, rosters).
/// `sites` gives each battle's sites ([`crate::mentions::NameMatcher::battle_sites`]).
pub fn assign(
    units: &mut [Unit],
    kinds: &HashMap<EntityId, Kind>,
    sites: &HashMap<EntityId, Vec<EntityId>>,
    is_list: impl Fn(&Unit) -> bool,
) {
    assign_titled(units, kinds, sites, &HashMap::new(), is_list);
}

/// As [`assign`], with the battles each document's title names (by document id; the title as
/// imported, from its manifest): they are the article's battle where the text names none in a
/// title line, its lead's subject or its Infobox (a plain page of bare paragraphs, a Markdown
/// export whose lead opens with a date).
pub fn assign_titled(
    units: &mut [Unit],
    kinds: &HashMap<EntityId, Kind>,
    sites: &HashMap<EntityId, Vec<EntityId>>,
    titles: &HashMap<String, Vec<EntityId>>,
    is_list: impl Fn(&Unit) -> bool,
) {
    let mut start = 0;
    while start < units.len() {
        let end = start
            + units[start..]
                .iter()
                .position(|u| u.doc != units[start].doc)
                .unwrap_or(units.len() - start);
        let title = titles
            .get(&units[start].doc)
            .map(Vec::as_slice)
            .unwrap_or_default();
        assign_document(&mut units[start..end], kinds, title, &is_list);
        start = end;
    }
    set_sites(units, sites, kinds);
    for u in units.iter_mut() {
        u.context.deaths = deaths(u, kinds);
    }
}

/// Concepts that tell a death of the person named just before them (戰死, "was killed").
const DEATH_CONCEPTS: &[&str] = &[
    "killed-in-action",
    "martyrdom",
    "suicide",
    "drown",
    "leap-into-water",
    "execute",
];

/// The vocabulary numbers of [`DEATH_CONCEPTS`], and of "kill" (a death where passive).
static DEATH_NUMBERS: LazyLock<(Vec<u16>, Option<u16>)> = LazyLock::new(|| {
    let vocabulary = crate::mentions::concepts::Vocabulary::embedded();
    let death = DEATH_CONCEPTS
        .iter()
        .filter_map(|id| vocabulary.number(id))
        .collect();
    (death, vocabulary.number("kill"))
});

/// The people whose death unit `u` tells: the person named last before a death concept, close
/// before it (鄭撥戰死; "Jeong Bal … He was struck by a musket ball and killed": English
/// goes on with a pronoun, so the reach is longer). "Killed" counts where it is passive ("was
/// killed", "and killed"), not where the person named killed others. A list block (an
/// Infobox, a roster, an item of a list of commanders) tells no death: its names and
/// casualty marks stand side by side.
fn deaths(u: &Unit, kinds: &HashMap<EntityId, Kind>) -> Vec<EntityId> {
    // An item of a list (`* 朝鮮：元均（戰死）`) is a roster line too.
    let item = u.text.trim_start().starts_with(['*', '-', '•', '·', '・']);
    if u.context.list || item || !super::is_alignable(u) {
        return Vec::new();
    }
    let cjk = u.lang.is_cjk();
    // Bytes from the end of the name to the death: four CJK characters (守將鄭撥戰死), or a
    // sentence or two of English.
    let reach = if cjk { 12 } else { 200 };
    // The deaths' starts first: most paragraphs tell none, and need no list of people.
    let (death, kill) = &*DEATH_NUMBERS;
    let passive = |start: usize| {
        u.text
            .get(start.saturating_sub(12)..start)
            .is_some_and(|b| b.contains(" was ") || b.contains(" were ") || b.ends_with(" and "))
    };
    let starts: Vec<usize> = u
        .mentions
        .concepts
        .iter()
        .filter(|c| {
            death.contains(&c.concept) || (!cjk && Some(c.concept) == *kill && passive(c.span().0))
        })
        .map(|c| c.span().0)
        .collect();
    if starts.is_empty() {
        return Vec::new();
    }
    let mut people: Vec<(usize, usize, EntityId)> = u
        .mentions
        .names
        .iter()
        .filter(|m| !m.nested)
        .filter_map(|m| m.entity.map(|e| (m.start, m.end, e)))
        .filter(|(_, _, e)| kinds.get(e) == Some(&Kind::Person))
        .collect();
    people.sort_unstable_by_key(|p| p.0);
    let mut out = Vec::new();
    for start in starts {
        let k = people.partition_point(|p| p.1 <= start);
        if let Some(&(_, end, e)) = k.checked_sub(1).and_then(|k| people.get(k))
            && start - end <= reach
        {
            out.push(e);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Sets each unit's [`EventContext::sites`] from `sites` (the places inside each battle's
/// name), keeping the places `kinds` holds.
fn set_sites(
    units: &mut [Unit],
    sites: &HashMap<EntityId, Vec<EntityId>>,
    kinds: &HashMap<EntityId, Kind>,
) {
    for u in units {
        let c = &mut u.context;
        let mut v: Vec<EntityId> = c
            .events
            .iter()
            .filter_map(|e| sites.get(e))
            .flatten()
            .copied()
            .filter(|p| kinds.get(p) == Some(&Kind::Place))
            .collect();
        v.sort_unstable();
        v.dedup();
        c.sites = v;
    }
}

fn assign_document(
    units: &mut [Unit],
    kinds: &HashMap<EntityId, Kind>,
    title: &[EntityId],
    is_list: &impl Fn(&Unit) -> bool,
) {
    year_by_article(units, kinds);
    assign_timeline(units, kinds, title, is_list);
    // English dates that may be lunar ones written as Gregorian, and Chinese months of
    // unknown calendar (1598年1月): the document's timeline once more, with them read as lunar.
    let may_be_lunar = |u: &Unit| {
        let cjk = u.lang.is_cjk();
        u.mentions.dates.iter().any(|d| read_as_lunar(cjk, d))
    };
    if units.iter().any(may_be_lunar) {
        // In place, not on a copy of the units (their texts and mentions): the contexts as
        // written are kept aside, the dates read as lunar, the timeline run again, and the
        // dates put back as they were written.
        let written: Vec<EventContext> = units.iter().map(|u| u.context.clone()).collect();
        let mut flipped: Vec<(usize, usize, Calendar)> = Vec::new();
        for (i, u) in units.iter_mut().enumerate() {
            let cjk = u.lang.is_cjk();
            for (k, d) in u.mentions.dates.iter_mut().enumerate() {
                if read_as_lunar(cjk, d) {
                    flipped.push((i, k, d.calendar));
                    d.calendar = Calendar::Lunar;
                }
            }
        }
        assign_timeline(units, kinds, title, is_list);
        for (i, k, calendar) in flipped {
            units[i].mentions.dates[k].calendar = calendar;
        }
        for (u, w) in units.iter_mut().zip(written) {
            let lunar = std::mem::replace(&mut u.context, w);
            let t = (lunar.interval, lunar.article);
            if t != (u.context.interval, u.context.article) {
                u.context.if_lunar = Some(t);
            }
        }
    }
}

/// Whether date `d` of a paragraph (in Chinese if `cjk`) is read once more as lunar
/// ([`EventContext::if_lunar`]): an English date that may be a lunar one written as Gregorian,
/// or a Chinese date with an Arabic month and no word of its calendar.
fn read_as_lunar(cjk: bool, d: &DateMention) -> bool {
    if cjk { open_month(d) } else { d.may_be_lunar() }
}

/// A Chinese date with a month whose calendar is not said (1598年1月): the Gregorian month of
/// its first reading, or the lunar one. Read as written, a month alone is the Gregorian month.
fn open_month(d: &DateMention) -> bool {
    d.calendar == Calendar::Unknown && d.month.is_some()
}

/// Days a year may lie from an article's event and still be the event's: "the Japanese
/// surrounded the fortress on 20 July" in an article on a siege of 20–27 July.
const ARTICLE_SLACK_DAYS: i64 = 30;

/// An English date written without its year takes the year last written before it, often in
/// another section ("the first siege, in November 1592" in Background; "on 20 July" in the
/// section on the siege of 1593). In an article about one event (an Infobox or title date), such
/// a date outside Background, Aftermath and the like, with no year written before it in its
/// paragraph, is set in the year that puts it within [`ARTICLE_SLACK_DAYS`] of the event, where
/// the year it was given does not and another does.
fn year_by_article(units: &mut [Unit], kinds: &HashMap<EntityId, Kind>) {
    let article = units
        .iter()
        .find(|u| u.kind == BlockKind::Infobox)
        .and_then(|ib| own(ib, kinds, None).interval)
        .or_else(|| {
            units
                .first()
                .filter(|u| u.kind == BlockKind::Heading)
                .and_then(|t| own(t, kinds, None).interval)
        })
        .or_else(|| lead_time(units, kinds));
    let Some(((lo_year, _, _), (hi_year, _, _))) = article else {
        return;
    };
    let (lo, hi) = article.map_or((0, 0), |(a, b)| (day_number(a), day_number(b)));
    let distance = |(y, m, d): Ymd| {
        let n = day_number((y, m, d));
        if n < lo {
            lo - n
        } else if n > hi {
            n - hi
        } else {
            0
        }
    };
    let mut detached = false;
    // The year the narration carried that a date set in the article's year proved wrong, and
    // that year: the dates after it that took the same year from the narration, up to the next
    // year written, are moved with it (Background's 1592 carried over the fighting of 1597 and
    // on into the Aftermath).
    let mut moved: Option<(i32, i32)> = None;
    for (k, u) in units.iter_mut().enumerate() {
        if u.kind == BlockKind::Heading {
            if k > 0 {
                detached = is_detached(&u.text);
            }
            continue;
        }
        let checked = !detached && u.kind == BlockKind::Text;
        let mut written = false;
        for d in &mut u.mentions.dates {
            if d.year.is_some() && !d.year_inferred {
                if !d.look_ahead && !d.life {
                    moved = None;
                }
                written = true;
                continue;
            }
            let (Some(year), Some(month), true) = (d.year, d.month, d.year_inferred) else {
                continue;
            };
            // An English Gregorian day or month; a Chinese day whose year the narration carried
            // over from the Background (萬曆十八年 there, 四月十三日 in the section on the
            // battle), by its readings, unless the text gives its Gregorian date; a lunar month
            // alone by its middle day.
            let by_readings = u.lang.is_cjk() || d.calendar != Calendar::Gregorian;
            if by_readings && d.gregorian.is_some() {
                continue;
            }
            let off = |y: i32| -> Option<i64> {
                if by_readings {
                    let mut c = d.clone();
                    c.year = Some(y);
                    c.day = c.day.or(Some(15));
                    c.readings().iter().map(|r| distance(r.ymd)).min()
                } else {
                    Some(distance((y, month, d.day.unwrap_or(1))))
                }
            };
            // Moved with the narration's year where that brings it no further from the event.
            if let Some((from, to)) = moved
                && year == from
                && off(to).is_some_and(|t| off(year).is_none_or(|f| t <= f))
            {
                d.year = Some(to);
                continue;
            }
            if written || !checked || off(year).is_none_or(|o| o <= ARTICLE_SLACK_DAYS) {
                continue;
            }
            let nearest = (lo_year - 1..=hi_year + 1)
                .filter(|&y| off(y).is_some_and(|o| o <= ARTICLE_SLACK_DAYS))
                .min_by_key(|&y| off(y));
            if let Some(y) = nearest {
                d.year = Some(y);
                moved = Some((year, y));
            }
        }
    }
}

/// The time of an article without a title or Infobox date, from a lead that opens with the
/// article's battle (`**釜山鎮之戰**…萬曆二十年四月十四日`), when it gives a narrow one.
fn lead_time(units: &[Unit], kinds: &HashMap<EntityId, Kind>) -> Option<Interval> {
    // Past the page furniture and the title, up to the first section heading.
    let mut rest = units
        .iter()
        .skip_while(|u| u.kind == BlockKind::Meta)
        .peekable();
    rest.next_if(|u| u.kind == BlockKind::Heading);
    let lead = rest
        .take_while(|u| u.kind != BlockKind::Heading)
        .find(|u| u.kind == BlockKind::Text)?;
    lead_subject(lead, kinds)?;
    own(lead, kinds, None)
        .interval
        .filter(|&i| span_days(i) <= NARROW_DAYS)
}

/// The battle an article without a title opens its lead with, the way Wikipedia leads name
/// their subject first (`**平壤之戰**指的是…`, "The Battle of Okpo was…"), and the places its
/// name holds: the article's event, as a title would give it.
fn lead_subject(
    u: &Unit,
    kinds: &HashMap<EntityId, Kind>,
) -> Option<(Vec<EntityId>, Vec<EntityId>, Source)> {
    if u.kind != BlockKind::Text {
        return None;
    }
    let rest = u.text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '\'' | '「' | '《' | '[')
    });
    let rest = rest
        .strip_prefix("The ")
        .or_else(|| rest.strip_prefix("the "))
        .unwrap_or(rest);
    let at = u.text.len() - rest.len();
    let is_battle = |id: &EntityId| kinds.get(id) == Some(&Kind::Battle);
    let subject = u
        .mentions
        .names
        .iter()
        .filter(|n| n.start == at)
        .filter_map(|n| n.entity.as_ref().map(|id| (n, id)))
        .find(|(_, id)| is_battle(id))
        .or_else(|| {
            // Or the battle its first sentence defines: the one named last before the
            // sentence's copula (萬曆二十一年正月的平壤之戰，是…; 順天倭城之戰，又稱順天之戰，是…).
            let copula = defining_copula(&u.text)?;
            u.mentions
                .names
                .iter()
                .filter(|n| n.end <= copula && !n.nested)
                .filter_map(|n| n.entity.as_ref().map(|id| (n, id)))
                .filter(|(_, id)| is_battle(id))
                .max_by_key(|(n, _)| n.start)
        })?;
    let (n, id) = subject;
    // The battles joined to it (熊峙之戰與梨峙之戰是…, "the battles of Okpo and Hapo"): an
    // article on two battles has both for its subject.
    let mut battles = vec![(n.start, n.end, *id)];
    let mut end = n.end;
    let mut later: Vec<_> = u
        .mentions
        .names
        .iter()
        .filter(|m| m.start >= n.end && !m.nested)
        .filter_map(|m| m.entity.map(|e| (m.start, m.end, e)))
        .collect();
    later.sort_unstable_by_key(|m| m.0);
    for (start, stop, e) in later {
        let between = u
            .text
            .get(end..start)
            .unwrap_or("")
            .trim_matches(['*', '\'', '」', '「']);
        if !(is_battle(&e) && COORDINATORS.contains(&between)) {
            break;
        }
        battles.push((start, stop, e));
        end = stop;
    }
    let mut places: Vec<EntityId> = u
        .mentions
        .names
        .iter()
        .filter(|m| battles.iter().any(|b| m.start >= b.0 && m.end <= b.1))
        .filter_map(|m| m.entity)
        .filter(|p| kinds.get(p) == Some(&Kind::Place))
        .collect();
    places.sort_unstable();
    places.dedup();
    let mut events: Vec<EntityId> = battles.into_iter().map(|b| b.2).collect();
    events.sort_unstable();
    events.dedup();
    Some((events, places, Source::Lead(u.ordinal)))
}

/// What joins two battles a lead names as its subject together.
const COORDINATORS: &[&str] = &[
    "與",
    "与",
    "和",
    "及",
    "、",
    "跟",
    " and ",
    " and the ",
    ", ",
    ", and ",
    ", and the ",
];

/// The byte where the copula of a lead's first sentence starts (是, ，為; " was ", " is "…),
/// if the first sentence has one: what comes before it is the sentence's subject. 為 counts
/// after a comma only and 指 not at all: elsewhere they are verbs of the story (以為, 成為,
/// 指揮).
fn defining_copula(text: &str) -> Option<usize> {
    let end = text
        .find(['。', '\n'])
        .or_else(|| text.find(". "))
        .unwrap_or(text.len());
    let first = &text[..end];
    [
        "是",
        "，為",
        "，为",
        " was ",
        " were ",
        " is ",
        " refers to ",
    ]
    .iter()
    .filter_map(|c| first.find(c))
    .min()
}

/// Sets the context of every unit of one document from the dates as read.
fn assign_timeline(
    units: &mut [Unit],
    kinds: &HashMap<EntityId, Kind>,
    title: &[EntityId],
    is_list: &impl Fn(&Unit) -> bool,
) {
    // The article's context: the title (a heading first in the document) and the first Infobox.
    let mut doc_interval: Part<Interval> = None;
    let mut doc_events: Part<Vec<EntityId>> = None;
    let mut doc_places: Part<Vec<EntityId>> = None;
    // Page furniture before the title or lead (a source's hatnote templates, a copy's
    // tagline) does not hide them; nor does an Infobox before the lead.
    let first = units.iter().find(|u| u.kind != BlockKind::Meta);
    let lead = units
        .iter()
        .take_while(|u| u.kind != BlockKind::Heading)
        .find(|u| u.kind == BlockKind::Text);
    if let Some(t) = first.filter(|u| u.kind == BlockKind::Heading) {
        let o = own(t, kinds, None);
        let from = Source::Title(t.ordinal);
        doc_interval = o.interval.map(|i| (i, from));
        doc_events = (!o.events.is_empty()).then_some((o.events, from));
        doc_places = (!o.places.is_empty()).then_some((o.places, from));
    } else if let Some((events, places, from)) = lead.and_then(|u| lead_subject(u, kinds)) {
        doc_events = Some((events, from));
        doc_places = (!places.is_empty()).then_some((places, from));
    }
    if let Some(ib) = units.iter().find(|u| u.kind == BlockKind::Infobox) {
        let o = own(ib, kinds, None);
        let from = Source::Infobox(ib.ordinal);
        if let Some(i) = o.interval {
            doc_interval = Some((i, from));
        }
        if doc_events.is_none() && !o.events.is_empty() {
            doc_events = Some((o.events, from));
        }
        if let Some((at, end)) = field_line(&ib.text, &["place", "location", "地點", "地点"]) {
            let mut places: Vec<EntityId> = ib
                .mentions
                .names
                .iter()
                .filter(|n| n.start >= at && n.end <= end)
                .filter_map(|n| n.entity)
                .filter(|id| kinds.get(id) == Some(&Kind::Place))
                .collect();
            places.sort_unstable();
            places.dedup();
            if !places.is_empty() {
                doc_places = Some((places, from));
            }
        }
    }
    if doc_events.is_none() && !title.is_empty() {
        doc_events = Some((title.to_vec(), Source::Document));
    }
    let mut section_interval: Part<Interval> = None;
    let mut section_events: Part<Vec<EntityId>> = None;
    let mut section_places: Part<Vec<EntityId>> = None;
    let mut detached = false;
    let mut narration: Part<Interval> = None;
    // What each paragraph states itself, in order (a lunar day alone continues the last
    // lunar date before it).
    let mut lunar: Option<LunarDay> = None;
    let owns: Vec<Own> = units
        .iter()
        .map(|u| {
            let o = own(u, kinds, lunar);
            lunar = o.last_lunar.or(lunar);
            o
        })
        .collect();
    // Per paragraph: the first day of the next paragraph of its section with dates of its own
    // (an undated paragraph of a narration lies between the dates around it).
    let mut next_dated: Vec<Option<Ymd>> = vec![None; units.len()];
    let mut next = None;
    for k in (0..units.len()).rev() {
        next_dated[k] = next;
        if units[k].kind == BlockKind::Heading {
            next = None;
        } else if let Some((first, _)) = owns[k].interval {
            next = Some(first);
        }
    }
    for (k, (u, o)) in units.iter_mut().zip(owns).enumerate() {
        if u.kind == BlockKind::Heading {
            if k > 0 {
                let from = Source::Section(u.ordinal);
                section_interval = o.interval.map(|i| (i, from));
                section_events = (!o.events.is_empty()).then_some((o.events, from));
                section_places = (!o.places.is_empty()).then_some((o.places, from));
                detached = is_detached(&u.text);
                narration = None;
            }
            continue;
        }
        // Even a Background or Aftermath section is about the article's event, leading up to
        // it or following from it: its time does not make a pair disjoint.
        let article = doc_interval.map(|(i, _)| i);
        let (interval, interval_from) = match o.interval {
            Some(i) => (Some(i), Some(Source::Own)),
            // Until the next date of the section, or else the article's event, when that is near;
            // else its last date.
            None => narration
                .map(
                    |((lo, hi), s)| match next_dated[k].or(article.map(|a| a.1)) {
                        Some(next)
                            if next > hi && day_number(next) - day_number(hi) <= NARROW_DAYS =>
                        {
                            ((lo, next), s)
                        }
                        _ => ((lo, hi), s),
                    },
                )
                .or(section_interval)
                .or(if detached { None } else { doc_interval })
                .map_or((None, None), |(i, s)| (Some(i), Some(s))),
        };
        // An Infobox dates the article, not a step of the narration.
        if let Some(i) = o.interval.filter(|_| u.kind != BlockKind::Infobox) {
            narration = Some((i, Source::Narration(u.ordinal)));
        }
        let pick =
            |mine: Vec<EntityId>, section: &Part<Vec<EntityId>>, doc: &Part<Vec<EntityId>>| {
                if !mine.is_empty() {
                    return (mine, Some(Source::Own));
                }
                match section
                    .clone()
                    .or(if detached { None } else { doc.clone() })
                {
                    Some((v, s)) => (v, Some(s)),
                    None => (Vec::new(), None),
                }
            };
        let (events, events_from) = pick(o.events, &section_events, &doc_events);
        // An Infobox is set where its Place line (or the title) says, not at every place it
        // names.
        let (places, places_from) = if u.kind == BlockKind::Infobox {
            doc_places
                .clone()
                .map_or((Vec::new(), None), |(v, s)| (v, Some(s)))
        } else {
            pick(o.places, &section_places, &doc_places)
        };
        let list = u.kind == BlockKind::Infobox || is_list(u);
        let present = !list
            && tells_the_present(&u.text, u.lang.is_cjk())
            && o.interval.is_none_or(|(first, _)| first.0 >= PRESENT_FROM);
        u.context = EventContext {
            interval,
            interval_from,
            article,
            events,
            events_from,
            places,
            places_from,
            list,
            if_lunar: None,
            days: o.days,
            present,
            article_events: doc_events
                .as_ref()
                .map(|(v, _)| v.clone())
                .unwrap_or_default(),
            sites: Vec::new(),
            deaths: Vec::new(),
        };
    }
}

/// The year from which a date is the present day's, not the war's or its chroniclers'.
const PRESENT_FROM: i32 = 1900;

/// Words of a paragraph about the present day: a site and what stands on it, a memorial, a
/// festival held every year, a film. A gloss such as （今麗水） is no such word.
const PRESENT_WORDS_ZH: &[&str] = &[
    "遺址",
    "遗址",
    "紀念館",
    "纪念馆",
    "紀念碑",
    "纪念碑",
    "紀念活動",
    "纪念活动",
    "史蹟",
    "史迹",
    "每年",
    "電影",
    "电影",
    "上映",
    "電視劇",
    "电视剧",
    "觀光",
    "观光",
    "博物館",
    "博物馆",
    "現存",
    "现存",
    "公園",
    "公园",
    "至今",
    "重建",
    "遊客",
    "游客",
];
const PRESENT_WORDS_EN: &[&str] = &[
    "today",
    "memorial",
    "museum",
    "film",
    "festival",
    "monument",
    "commemorat",
    "shrine",
    "annually",
    "tourist",
    "television",
    "drama series",
    "survives",
    "still stand",
    "ruins",
    "historic site",
    "present-day",
    "reconstructed",
    "visitors",
];

/// Whether `text` tells the present day: two of its words (one alone is often an aside in a
/// narration: "Jeong Bal was later honoured with a shrine").
fn tells_the_present(text: &str, cjk: bool) -> bool {
    let n = if cjk {
        PRESENT_WORDS_ZH
            .iter()
            .filter(|w| text.contains(*w))
            .count()
    } else {
        let lower = text.to_lowercase();
        PRESENT_WORDS_EN
            .iter()
            .filter(|w| lower.contains(*w))
            .count()
    };
    n >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::tests::mention;
    use crate::corpus::{Lang, OffsetMap};
    use crate::mentions::ParagraphMentions;

    /// A unit of `doc` with `text`, naming `names` (entity ids, each at the start of the text
    /// for simplicity) and writing `dates`.
    fn unit(
        doc: &str,
        ordinal: usize,
        kind: BlockKind,
        text: &str,
        names: &[&str],
        dates: Vec<DateMention>,
    ) -> Unit {
        let names = names.iter().map(|e| mention(e, 0, 1)).collect();
        Unit {
            doc: doc.into(),
            ordinal,
            hash: format!("{doc}{ordinal}"),
            lang: if doc.starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            },
            kind,
            text: text.into(),
            map: OffsetMap::default(),
            mentions: ParagraphMentions {
                names,
                dates,
                ..ParagraphMentions::default()
            },
            context: EventContext::default(),
        }
    }

    fn date(calendar: Calendar, y: Option<i32>, m: Option<u8>, d: Option<u8>) -> DateMention {
        let mut x = DateMention::new(0, 1, calendar);
        (x.year, x.month, x.day) = (y, m, d);
        x
    }

    /// A Gregorian day whose year the narration gave (`year_inferred`).
    fn inferred(y: i32, m: u8, d: u8) -> DateMention {
        let mut x = date(Calendar::Gregorian, Some(y), Some(m), Some(d));
        x.year_inferred = true;
        x
    }

    /// An English lunar date ("the 22nd day of the 6th month") whose year the narration gave.
    fn inferred_lunar(y: i32, m: u8, d: Option<u8>) -> DateMention {
        let mut x = date(Calendar::Lunar, Some(y), Some(m), d);
        x.year_inferred = true;
        x.english_lunar = true;
        x
    }

    fn kinds() -> HashMap<EntityId, Kind> {
        [
            ("battle-x", Kind::Battle),
            ("battle-y", Kind::Battle),
            ("town", Kind::Place),
            ("fort", Kind::Place),
            ("general", Kind::Person),
        ]
        .into_iter()
        .map(|(id, k)| (EntityId::from(id), k))
        .collect()
    }

    #[test]
    fn a_chronicle_keeps_its_last_date_and_its_lunar_month() {
        let mut units = vec![
            // 1592, 4th lunar month, 14th day = 24 May 1592.
            unit(
                "zh",
                1,
                BlockKind::Text,
                "四月十四日",
                &["fort"],
                vec![date(Calendar::Lunar, Some(1592), Some(4), Some(14))],
            ),
            // The day alone: the 15th of the same month.
            unit(
                "zh",
                2,
                BlockKind::Text,
                "十五日，倭兵至",
                &["town"],
                vec![],
            ),
            // No date: between the 15th and the next date (the 18th).
            unit("zh", 3, BlockKind::Text, "倭兵北上", &["general"], vec![]),
            unit(
                "zh",
                4,
                BlockKind::Text,
                "十八日",
                &[],
                vec![date(Calendar::Lunar, Some(1592), Some(4), Some(18))],
            ),
        ];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let c: Vec<&EventContext> = units.iter().map(|u| &u.context).collect();
        assert_eq!(c[0].interval, Some(((1592, 5, 24), (1592, 5, 24))));
        assert_eq!(c[0].interval_from, Some(Source::Own));
        assert_eq!(c[0].places, [EntityId::from("fort")]);
        assert_eq!(c[1].interval, Some(((1592, 5, 25), (1592, 5, 25))));
        assert_eq!(c[1].interval_from, Some(Source::Own));
        // The lone day is a day the paragraph narrates; the others write their dates whole.
        assert_eq!(c[1].days, [(1592, 5, 25)]);
        assert!(c[0].days.is_empty() && c[3].days.is_empty());
        assert_eq!(c[2].interval, Some(((1592, 5, 25), (1592, 5, 28))));
        assert_eq!(c[2].interval_from, Some(Source::Narration(2)));
        // A chronicle has no title or Infobox: no places or battles are inherited.
        assert!(c[2].places.is_empty() && c[2].events.is_empty());
        assert_eq!(c[2].article, None);
    }

    #[test]
    fn a_quoted_source_s_dates_do_not_set_the_narration_s_month() {
        // The narration is in the 12th lunar month of 1597; a paragraph quotes a diary on the
        // 9th month, and the next one's 二十三日 is the narration's 23rd, not the quote's.
        let quote = "據《亂中雜錄》記載：「九月六日，天兵大敗賊眾於稷山。」";
        let start = quote.find('九').expect("the quoted date");
        let mut quoted = DateMention::new(start, start + "九月六日".len(), Calendar::Lunar);
        (quoted.year, quoted.month, quoted.day) = (Some(1597), Some(9), Some(6));
        let mut units = vec![
            unit(
                "zh",
                1,
                BlockKind::Text,
                "十二月，明軍與日軍大戰於蔚山。",
                &[],
                vec![date(Calendar::Lunar, Some(1597), Some(12), None)],
            ),
            unit("zh", 2, BlockKind::Text, quote, &[], vec![quoted]),
            unit(
                "zh",
                3,
                BlockKind::Text,
                "二十三日又攻取蔚山。",
                &[],
                vec![],
            ),
        ];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        // The quote dates its own paragraph: the 6th of the 9th month is 16 October 1597.
        assert_eq!(
            units[1].context.interval,
            Some(((1597, 10, 16), (1597, 10, 16)))
        );
        // The 23rd of the 12th month of 1597 is 29 January 1598.
        assert_eq!(units[2].context.days, [(1598, 1, 29)]);
    }

    #[test]
    fn a_day_alone_is_read_where_it_dates_a_clause_and_not_where_it_is_a_span() {
        // The 14th of the 8th lunar month of 1597 is 24 September 1597.
        let month = || {
            unit(
                "zh",
                1,
                BlockKind::Text,
                "八月十四日",
                &[],
                vec![date(Calendar::Lunar, Some(1597), Some(8), Some(14))],
            )
        };
        let days_of = |text: &str| {
            let mut units = vec![month(), unit("zh", 2, BlockKind::Text, text, &[], vec![])];
            assign(&mut units, &kinds(), &HashMap::new(), |_| false);
            units[1].context.days.clone()
        };
        // A time of day, 起, 於, or the day after 自 … 翌日 dates the clause.
        assert_eq!(days_of("十六日夜間，守將縋城而逃。"), [(1597, 9, 26)]);
        assert_eq!(days_of("日軍自十五日起晝夜圍攻。"), [(1597, 9, 25)]);
        assert_eq!(days_of("援軍南下，十七日於城外紮營。"), [(1597, 9, 27)]);
        assert_eq!(days_of("倭兵退走，翌日十六日黎明入城。"), [(1597, 9, 26)]);
        // A span of days is no date: after a verb, or 於 … 內.
        assert!(days_of("守軍苦戰七日，城陷。").is_empty());
        assert!(days_of("城中糧盡，約於三日內出降。").is_empty());
        assert!(days_of("連攻六日不下。").is_empty());
    }

    #[test]
    fn a_day_told_relative_to_a_written_day_is_that_day_moved_on() {
        let zh = "六月二十一日，倭兵至城下，次日圍城。";
        let en = "The army reached the river on 20 July 1593. Two days later it crossed.";
        let mut units = vec![
            unit(
                "zh",
                1,
                BlockKind::Text,
                zh,
                &[],
                // The 21st of the 6th lunar month of 1593 is 19 July 1593.
                vec![date(Calendar::Lunar, Some(1593), Some(6), Some(21))],
            ),
            unit(
                "en",
                1,
                BlockKind::Text,
                en,
                &[],
                vec![date(Calendar::Gregorian, Some(1593), Some(7), Some(20))],
            ),
            // No day written before it: nothing to count from.
            unit("zh", 2, BlockKind::Text, "次日圍城", &[], vec![]),
            // The 12th, not two days after the 1st.
            unit(
                "zh",
                3,
                BlockKind::Text,
                "六月初一日，倭兵至。十二日後撤",
                &[],
                vec![date(Calendar::Lunar, Some(1593), Some(6), Some(1))],
            ),
        ];
        // The dates sit where the text writes them.
        let end = "六月二十一日".len();
        (
            units[0].mentions.dates[0].start,
            units[0].mentions.dates[0].end,
        ) = (0, end);
        let at = en.find("20 July").expect("the date is in the text");
        (
            units[1].mentions.dates[0].start,
            units[1].mentions.dates[0].end,
        ) = (at, at + 12);
        (
            units[3].mentions.dates[0].start,
            units[3].mentions.dates[0].end,
        ) = (0, "六月初一日".len());
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let c: Vec<&EventContext> = units.iter().map(|u| &u.context).collect();
        assert_eq!(c[0].days, [(1593, 7, 20)]);
        assert_eq!(c[0].interval, Some(((1593, 7, 19), (1593, 7, 20))));
        assert_eq!(c[1].days, [(1593, 7, 22)]);
        assert_eq!(c[1].interval, Some(((1593, 7, 20), (1593, 7, 22))));
        assert!(c[2].days.is_empty());
        assert!(c[3].days.is_empty());
    }

    #[test]
    fn a_lead_that_opens_with_a_battle_names_the_article_event() {
        // `**X之戰**指的是…`: the battle (and the place its name holds) holds for the paragraphs
        // after it as a title's would; a lead opening with anything else lends nothing.
        let lead = "**X之戰**指的是萬曆年間的戰鬥";
        let mut units = vec![
            unit("zh-a", 1, BlockKind::Text, lead, &[], vec![]),
            unit("zh-a", 2, BlockKind::Text, "倭兵北上", &["general"], vec![]),
            unit("zh-b", 1, BlockKind::Text, "萬曆年間，X之戰", &[], vec![]),
            unit("zh-b", 2, BlockKind::Text, "倭兵北上", &["general"], vec![]),
        ];
        let x = "X之戰".len();
        units[0].mentions.names = vec![mention("battle-x", 2, 2 + x), mention("town", 2, 3)];
        units[2].mentions.names = vec![mention("battle-x", 15, 15 + x)];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        assert_eq!(units[1].context.events, [EntityId::from("battle-x")]);
        assert_eq!(units[1].context.events_from, Some(Source::Lead(1)));
        assert_eq!(units[1].context.places, [EntityId::from("town")]);
        assert!(units[3].context.events.is_empty(), "{:?}", units[3].context);
    }

    #[test]
    fn a_lead_whose_first_sentence_defines_a_battle_names_the_article_event() {
        // The battle named last before the first sentence's copula is the sentence's subject:
        // after a date (萬曆年間的X之戰，是…), after a name the glossary lacks (Y城之戰，又稱
        // X之戰，是…), after another battle ("After the Battle of Z, the Battle of X was…").
        // 指揮 (to command) is no copula. A battle after the copula, or in a sentence without
        // one, lends nothing.
        // (lead, its names as (id, form), the article's battle)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a str>);
        let cases: [Case; 6] = [
            (
                "萬曆年間的X之戰，是一場戰鬥。",
                &[("battle-x", "X之戰")],
                Some("battle-x"),
            ),
            (
                "Y城之戰，又稱X之戰，是一場戰鬥。",
                &[("battle-x", "X之戰")],
                Some("battle-x"),
            ),
            (
                "After the Battle of Z, the Battle of X was fought. It was long.",
                &[("battle-z", "Battle of Z"), ("battle-x", "Battle of X")],
                Some("battle-x"),
            ),
            (
                "倭兵北上，是為X之戰的前奏。",
                &[("battle-x", "X之戰")],
                None,
            ),
            (
                "萬曆年間，X之戰。是年倭兵北上",
                &[("battle-x", "X之戰")],
                None,
            ),
            (
                "萬曆年間Z之戰後，明將指揮大軍南下，X之戰由此開始，是…",
                &[("battle-z", "Z之戰"), ("battle-x", "X之戰")],
                Some("battle-x"),
            ),
        ];
        for (lead, names, want) in cases {
            let mut units = vec![
                unit("zh-a", 1, BlockKind::Text, lead, &[], vec![]),
                unit("zh-a", 2, BlockKind::Text, "倭兵北上", &["general"], vec![]),
            ];
            units[0].mentions.names = names
                .iter()
                .map(|(id, form)| {
                    let at = lead.find(form).expect("the name is in the lead");
                    mention(id, at, at + form.len())
                })
                .collect();
            let mut k = kinds();
            k.insert(EntityId::from("battle-z"), Kind::Battle);
            assign(&mut units, &k, &HashMap::new(), |_| false);
            let got: Vec<&str> = units[1].context.events.iter().map(|e| e.as_str()).collect();
            assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{lead}");
        }
    }

    #[test]
    fn a_lead_on_two_battles_joined_names_both_for_the_article() {
        // 熊峙之戰與梨峙之戰是…: both battles are the article's subject; a battle after the
        // first joined by anything else (a verb, a comma clause) is not.
        let cases: [(&str, &[&str]); 4] = [
            (
                "**X之戰**與**Y之戰**是兩場戰鬥。",
                &["battle-x", "battle-y"],
            ),
            ("X之戰和Y之戰，是兩場戰鬥。", &["battle-x", "battle-y"]),
            (
                "The Battle of X and the Battle of Y were fought in the summer.",
                &["battle-x", "battle-y"],
            ),
            ("X之戰是Y之戰之後的一場戰鬥。", &["battle-x"]),
        ];
        for (lead, want) in cases {
            let mut units = vec![
                unit("zh-a", 1, BlockKind::Text, lead, &[], vec![]),
                unit("zh-a", 2, BlockKind::Text, "倭兵北上", &["general"], vec![]),
            ];
            units[0].mentions.names = ["battle-x", "battle-y"]
                .iter()
                .map(|id| {
                    let form = if id.ends_with('x') { "X" } else { "Y" };
                    let form = if lead.is_ascii() {
                        format!("Battle of {form}")
                    } else {
                        format!("{form}之戰")
                    };
                    let at = lead.find(&form).expect("the name is in the lead");
                    mention(id, at, at + form.len())
                })
                .collect();
            assign(&mut units, &kinds(), &HashMap::new(), |_| false);
            let got: Vec<&str> = units[1].context.events.iter().map(|e| e.as_str()).collect();
            assert_eq!(got, want, "{lead}");
            assert_eq!(
                units[1].context.events_from,
                Some(Source::Lead(1)),
                "{lead}"
            );
        }
    }

    #[test]
    fn an_article_lends_its_title_battle_and_infobox_date_and_place() {
        let infobox = "Infobox\n- Conflict: X\n- Partof: the war\n- Date: 24 May 1592\n- Place: Fort\n- Commander1: A";
        let place_at = infobox.find("Fort").expect("place");
        let date_at = infobox.find("24 May").expect("date");
        let mut ib = unit(
            "en",
            2,
            BlockKind::Infobox,
            infobox,
            &["battle-x", "general"],
            vec![
                // A year range of the Partof line says nothing of the battle.
                date(Calendar::Gregorian, Some(1591), None, None),
                date(Calendar::Gregorian, Some(1592), Some(5), Some(24)),
            ],
        );
        ib.mentions.dates[0].start = 30;
        ib.mentions.dates[0].end = 34;
        ib.mentions.dates[1].start = date_at;
        ib.mentions.dates[1].end = date_at + 11;
        let mut town = ib.mentions.names[0].clone();
        (town.start, town.end, town.entity) = (place_at, place_at + 4, Some("fort".into()));
        ib.mentions.names.push(town);
        let mut units = vec![
            unit(
                "en",
                1,
                BlockKind::Heading,
                "= Battle X =",
                &["battle-x"],
                vec![],
            ),
            ib,
            unit("en", 3, BlockKind::Text, "The lead.", &["general"], vec![]),
            unit("en", 4, BlockKind::Heading, "==Background==", &[], vec![]),
            unit(
                "en",
                5,
                BlockKind::Text,
                "Years before.",
                &["general"],
                vec![],
            ),
            unit(
                "en",
                6,
                BlockKind::Heading,
                "==Battle Y==",
                &["battle-y"],
                vec![],
            ),
            unit("en", 7, BlockKind::Text, "The fighting.", &["town"], vec![]),
        ];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let c: Vec<&EventContext> = units.iter().map(|u| &u.context).collect();
        let may24 = Some(((1592, 5, 24), (1592, 5, 24)));
        // The Infobox: its Date line only, the title's battle, its Place line; a list block.
        assert_eq!(c[1].interval, may24);
        assert_eq!(c[1].places, [EntityId::from("fort")]);
        assert_eq!(c[1].places_from, Some(Source::Infobox(2)));
        assert!(c[1].list);
        // The lead inherits all three.
        assert_eq!(c[2].interval, may24);
        assert_eq!(c[2].interval_from, Some(Source::Infobox(2)));
        assert_eq!(c[2].events, [EntityId::from("battle-x")]);
        assert_eq!(c[2].events_from, Some(Source::Title(1)));
        assert_eq!(c[2].places_from, Some(Source::Infobox(2)));
        assert!(!c[2].list);
        // A Background section inherits nothing, but keeps the article's time.
        assert_eq!(c[4].interval, None);
        assert!(c[4].events.is_empty() && c[4].places.is_empty());
        assert_eq!(c[4].article, may24);
        // A section heading's battle holds for its section; the place is the paragraph's own.
        assert_eq!(c[6].events, [EntityId::from("battle-y")]);
        assert_eq!(c[6].events_from, Some(Source::Section(6)));
        assert_eq!(c[6].places_from, Some(Source::Own));
        assert_eq!(c[6].interval_from, Some(Source::Infobox(2)));
    }

    #[test]
    fn a_date_without_its_year_is_set_in_the_year_of_the_article_event() {
        let mut units = vec![
            unit("en", 1, BlockKind::Heading, "Second siege", &[], vec![]),
            unit(
                "en",
                2,
                BlockKind::Infobox,
                "Date: 20 to 27 July 1593",
                &[],
                vec![
                    date(Calendar::Gregorian, Some(1593), Some(7), Some(20)),
                    date(Calendar::Gregorian, Some(1593), Some(7), Some(27)),
                ],
            ),
            unit("en", 3, BlockKind::Heading, "== Background ==", &[], vec![]),
            // The first siege, in November 1592, then a day of its own without a year.
            unit(
                "en",
                4,
                BlockKind::Text,
                "The first siege failed in November 1592; on 2 December they left.",
                &[],
                vec![
                    date(Calendar::Gregorian, Some(1592), Some(11), None),
                    inferred(1592, 12, 2),
                ],
            ),
            unit("en", 5, BlockKind::Heading, "== Siege ==", &[], vec![]),
            // "On 20 July" took 1592 from Background: it is the siege's 20 July 1593.
            unit(
                "en",
                6,
                BlockKind::Text,
                "They surrounded the fortress on 20 July.",
                &[],
                vec![inferred(1592, 7, 20)],
            ),
            // A year written in the paragraph holds for the date after it.
            unit(
                "en",
                7,
                BlockKind::Text,
                "In 1592 the town had held; on 20 July it was surrounded.",
                &[],
                vec![
                    date(Calendar::Gregorian, Some(1592), None, None),
                    inferred(1592, 7, 20),
                ],
            ),
            // No year puts 3 March near the event: left as given.
            unit(
                "en",
                8,
                BlockKind::Text,
                "Envoys came on 3 March.",
                &[],
                vec![inferred(1592, 3, 3)],
            ),
            // A lunar day in English ("the 22nd day of the 6th month") that took 1592 from
            // Background is the siege's day too, by its reading.
            unit(
                "en",
                9,
                BlockKind::Text,
                "On the 22nd day of the 6th month they stormed the wall.",
                &[],
                vec![inferred_lunar(1592, 6, Some(22))],
            ),
            unit("en", 10, BlockKind::Heading, "== Aftermath ==", &[], vec![]),
            // The narration carried the same wrong year on into the Aftermath: moved with it.
            unit(
                "en",
                11,
                BlockKind::Text,
                "In the 7th month the army went south.",
                &[],
                vec![inferred_lunar(1592, 7, None)],
            ),
        ];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let year = |k: usize, n: usize| units[k].mentions.dates[n].year;
        assert_eq!(year(3, 1), Some(1592), "Background keeps its year");
        assert_eq!(year(5, 0), Some(1593));
        assert_eq!(
            units[5].context.interval,
            Some(((1593, 7, 20), (1593, 7, 20)))
        );
        assert_eq!(year(6, 1), Some(1592), "a year written before it holds");
        assert_eq!(year(7, 0), Some(1592));
        assert_eq!(
            year(8, 0),
            Some(1593),
            "a lunar day in English, by its reading"
        );
        assert_eq!(
            year(10, 0),
            Some(1593),
            "the narration's year moved on with it"
        );
    }

    #[test]
    fn a_date_moved_into_the_event_year_moves_the_next_only_towards_the_event() {
        // A campaign from November 1592 to February 1593.
        let mut units = vec![
            unit("en", 1, BlockKind::Heading, "Campaign", &[], vec![]),
            unit(
                "en",
                2,
                BlockKind::Infobox,
                "Date: 1 November 1592 to 28 February 1593",
                &[],
                vec![
                    date(Calendar::Gregorian, Some(1592), Some(11), Some(1)),
                    date(Calendar::Gregorian, Some(1593), Some(2), Some(28)),
                ],
            ),
            // 3 March with the narration's 1592 is the campaign's end, in 1593.
            unit(
                "en",
                3,
                BlockKind::Text,
                "The last fort fell on 3 March.",
                &[],
                vec![inferred(1592, 3, 3)],
            ),
            // 20 November with the same 1592 is within the campaign already: left.
            unit(
                "en",
                4,
                BlockKind::Text,
                "On 20 November the first fort fell.",
                &[],
                vec![inferred(1592, 11, 20)],
            ),
            // 1 March with the same 1592 moves with the narration, nearer the campaign.
            unit(
                "en",
                5,
                BlockKind::Text,
                "On 1 March the army left.",
                &[],
                vec![inferred(1592, 3, 1)],
            ),
        ];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let year = |k: usize| units[k].mentions.dates[0].year;
        assert_eq!(year(2), Some(1593));
        assert_eq!(year(3), Some(1592));
        assert_eq!(year(4), Some(1593));
    }

    #[test]
    fn a_chinese_day_is_set_in_the_year_of_the_battle_its_lead_dates() {
        let lunar = |y, m, d, inferred| {
            let mut x = date(Calendar::Lunar, Some(y), Some(m), Some(d));
            x.year_inferred = inferred;
            x
        };
        let lead = "**X之戰**，萬曆二十年四月十四日，倭兵攻城";
        let mut units = vec![
            unit(
                "zh-a",
                1,
                BlockKind::Text,
                lead,
                &[],
                vec![lunar(1592, 4, 14, false)],
            ),
            unit("zh-a", 2, BlockKind::Heading, "## 背景", &[], vec![]),
            // The envoys of 萬曆十八年 (1590), and a day of that year after them.
            unit(
                "zh-a",
                3,
                BlockKind::Text,
                "萬曆十八年，通信使赴日；五月十日還。",
                &[],
                vec![lunar(1590, 1, 1, false), lunar(1590, 5, 10, true)],
            ),
            unit("zh-a", 4, BlockKind::Heading, "## 經過", &[], vec![]),
            // The narration carried 1590 over: this 四月十三日 is the battle's eve in 1592.
            unit(
                "zh-a",
                5,
                BlockKind::Text,
                "四月十三日，倭船至釜山。",
                &[],
                vec![lunar(1590, 4, 13, true)],
            ),
            // A day no year puts near the battle: the narration's year, moved on to 1592 with
            // the battle's eve (1592's 十一月 is nearer the battle than 1590's).
            unit(
                "zh-a",
                6,
                BlockKind::Text,
                "十一月三日，使者至。",
                &[],
                vec![lunar(1590, 11, 3, true)],
            ),
        ];
        let x = "X之戰".len();
        units[0].mentions.names = vec![mention("battle-x", 2, 2 + x)];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let year = |k: usize, n: usize| units[k].mentions.dates[n].year;
        assert_eq!(year(2, 1), Some(1590), "Background keeps its year");
        assert_eq!(year(4, 0), Some(1592));
        // 1592, fourth lunar month, 13th day: 23 May.
        assert_eq!(
            units[4].context.interval,
            Some(((1592, 5, 23), (1592, 5, 23)))
        );
        assert_eq!(year(5, 0), Some(1592));
    }

    #[test]
    fn a_lead_dates_the_article_under_a_title_without_a_date() {
        let lead = "The Battle of X was fought on 20 July 1593.";
        let mut units = vec![
            unit("en", 1, BlockKind::Heading, "Battle of X", &[], vec![]),
            unit(
                "en",
                2,
                BlockKind::Text,
                lead,
                &[],
                vec![date(Calendar::Gregorian, Some(1593), Some(7), Some(20))],
            ),
            unit("en", 3, BlockKind::Heading, "== Background ==", &[], vec![]),
            unit(
                "en",
                4,
                BlockKind::Text,
                "In 1592 the town held.",
                &[],
                vec![date(Calendar::Gregorian, Some(1592), None, None)],
            ),
            unit("en", 5, BlockKind::Heading, "== Battle ==", &[], vec![]),
            unit(
                "en",
                6,
                BlockKind::Text,
                "On 22 July the walls fell.",
                &[],
                vec![inferred(1592, 7, 22)],
            ),
        ];
        let x = "The Battle of X".len();
        units[1].mentions.names = vec![mention("battle-x", 4, x)];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        assert_eq!(units[5].mentions.dates[0].year, Some(1593));
    }

    #[test]
    fn infobox_fields_by_line_or_run_together() {
        let text = "Battle X\nDate7 May 1592\nLocation\nHarbour";
        let (s, e) = field_line(text, &["date"]).expect("field");
        assert_eq!(&text[s..e], "Date7 May 1592\n");
        let text = "某城之戰 日期 1592年5月23日-1598年12月16日 地點 朝鮮半島 結果 勝利";
        let (s, e) = field_line(text, &["date", "日期"]).expect("field");
        assert_eq!(&text[s..e], "日期 1592年5月23日-1598年12月16日");
        let (s, e) = field_line(text, &["place", "地點"]).expect("field");
        assert_eq!(&text[s..e], "地點 朝鮮半島");
        assert_eq!(field_line("某城之戰 日期", &["place", "地點"]), None);
    }

    #[test]
    fn a_region_is_no_place_of_a_context() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
        let glossary = crate::glossary::io::load_path(&path)
            .expect("shipped glossary")
            .glossary;
        let kinds = super::kinds(&glossary);
        // A province holds many events; a town, one place.
        assert_eq!(kinds.get(&EntityId::from("jeolla")), None);
        assert_eq!(kinds.get(&EntityId::from("korean-peninsula")), None);
        assert_eq!(kinds.get(&EntityId::from("happo")), Some(&Kind::Place));
        assert_eq!(
            kinds.get(&EntityId::from("battle-of-hansan-island")),
            Some(&Kind::Battle)
        );
        let mut units = vec![
            unit("zh", 1, BlockKind::Text, "全羅道", &["jeolla"], vec![]),
            unit("zh", 2, BlockKind::Text, "合浦", &["happo"], vec![]),
        ];
        assign(&mut units, &kinds, &HashMap::new(), |_| false);
        assert!(units[0].context.places.is_empty());
        assert_eq!(units[1].context.places, [EntityId::from("happo")]);
    }

    #[test]
    fn sections_of_other_times_in_either_language() {
        for h in [
            "==Background==",
            "== Aftermath ==",
            "## 影響",
            "## 后续",
            "=== 背景 ===",
            "## 歷史意義",
            "== Historiography ==",
        ] {
            assert!(is_detached(h), "{h}");
        }
        for h in ["==Battle==", "## 戰役經過", "Assault", "## 经过"] {
            assert!(!is_detached(h), "{h}");
        }
    }

    #[test]
    fn one_battle_named_months_apart_is_no_sign_of_one_event() {
        let at = |from: (i32, u8, u8), to: (i32, u8, u8)| EventContext {
            interval: Some((from, to)),
            events: vec![EntityId::from("battle-of-pyongyang")],
            ..EventContext::default()
        };
        // The first Ming attack (August 1592) and the siege (February 1593), dated by their
        // own words; inherited from the narration, the dates say less.
        let first = at((1592, 8, 23), (1592, 8, 23));
        let siege = at((1593, 2, 5), (1593, 2, 8));
        assert_eq!(relation(&first, &siege), Relation::Agree);
        let siege = EventContext {
            interval_from: Some(Source::Own),
            ..siege
        };
        assert_eq!(relation(&first, &siege), Relation::Disjoint);
        // Weeks apart within one siege, they still agree.
        let relief = at((1593, 3, 20), (1593, 3, 20));
        assert_eq!(relation(&siege, &relief), Relation::Agree);
        // A paragraph of no time of its own still agrees through the battle.
        let undated = EventContext {
            events: vec![EntityId::from("battle-of-pyongyang")],
            ..EventContext::default()
        };
        assert_eq!(relation(&first, &undated), Relation::Agree);
    }

    #[test]
    fn two_articles_on_one_battle_overlap_around_it() {
        // Background paragraphs of two articles on one battle: a year-wide time and no battle
        // of their own say nothing, but their articles are about one event.
        let year = EventContext {
            interval: Some(((1597, 1, 1), (1597, 12, 31))),
            ..EventContext::default()
        };
        let month = EventContext {
            interval: Some(((1597, 9, 11), (1597, 10, 10))),
            ..EventContext::default()
        };
        assert_eq!(relation(&year, &month), Relation::Neutral);
        let on = |c: &EventContext, battle: &str| EventContext {
            article_events: vec![EntityId::from(battle)],
            ..c.clone()
        };
        assert_eq!(
            relation(&on(&year, "battle-x"), &on(&month, "battle-x")),
            Relation::Overlap
        );
        assert_eq!(
            relation(&on(&year, "battle-x"), &on(&month, "battle-y")),
            Relation::Neutral
        );
        // Disjoint times stay disjoint.
        let later = EventContext {
            interval: Some(((1598, 12, 16), (1598, 12, 16))),
            ..on(&month, "battle-x")
        };
        assert_eq!(
            relation(&on(&month, "battle-x"), &later),
            Relation::Disjoint
        );
        // Two Backgrounds of one battle of 24 May 1592, one telling the envoys of 1590 (in an
        // article that gives no date of its own), the other the spring of 1592: both lead up
        // to it, nothing known either way. The envoys and the battle itself stay disjoint.
        let at = |a: Ymd, b: Ymd| EventContext {
            interval: Some((a, b)),
            article: Some(((1592, 5, 24), (1592, 5, 24))),
            article_events: vec![EntityId::from("battle-x")],
            ..EventContext::default()
        };
        let envoys = EventContext {
            article: None,
            ..at((1590, 1, 1), (1591, 1, 24))
        };
        let spring = at((1592, 1, 31), (1592, 6, 30));
        let battle = at((1592, 5, 24), (1592, 5, 24));
        assert_eq!(relation(&envoys, &spring), Relation::Neutral);
        assert_eq!(relation(&envoys, &battle), Relation::Disjoint);
    }

    #[test]
    fn the_present_day_is_no_time_of_the_war() {
        assert!(tells_the_present(
            "幸州山城遺址位於今京畿道高陽市，是韓國的史蹟，另有大捷紀念館。",
            true
        ));
        assert!(tells_the_present(
            "A shrine to her stands in the fortress today.",
            false
        ));
        // What still stands of a site, in a park or in ruins.
        assert!(tells_the_present(
            "The site of the fort survives as a park, with parts of its walls still standing.",
            false
        ));
        assert!(tells_the_present(
            "倭城遺址今位於市內的公園，尚存部分石垣。",
            true
        ));
        // A gloss of today's name, or one aside in a narration, is not the present.
        assert!(!tells_the_present(
            "李舜臣從全羅左水營（今麗水）出發。",
            true
        ));
        assert!(!tells_the_present(
            "Konishi marched on Dongnae. Jeong Bal was later honoured with a shrine.",
            false
        ));
        // A paragraph on the site today relates to none of the war's, whatever it names.
        let battle = EventContext {
            events: vec![EntityId::from("battle-x")],
            ..EventContext::default()
        };
        let site = EventContext {
            present: true,
            ..battle.clone()
        };
        assert_eq!(relation(&battle, &battle), Relation::Agree);
        assert_eq!(relation(&battle, &site), Relation::Disjoint);
        assert_eq!(relation(&site, &site), Relation::Agree);
    }

    #[test]
    fn explain_says_why_two_contexts_agree() {
        let at = |places: &[&str], events: &[&str]| EventContext {
            interval: Some(((1592, 7, 8), (1592, 7, 8))),
            places: places.iter().map(|p| EntityId::from(*p)).collect(),
            events: events.iter().map(|p| EntityId::from(*p)).collect(),
            ..EventContext::default()
        };
        let mut chronicle = at(&["bay"], &["battle-x"]);
        chronicle.events_from = Some(Source::Own);
        let mut article = at(&["cape"], &["battle-x"]);
        article.events_from = Some(Source::Title(1));
        assert_eq!(relation(&chronicle, &article), Relation::Agree);
        assert_eq!(
            agreement(&chronicle, &article).as_deref(),
            Some("the same battle, battle-x; Chinese: own; English: title, para 1")
        );
        // No battle in common: the place they share at that time.
        chronicle.events.clear();
        article.places.push(EntityId::from("bay"));
        assert_eq!(relation(&chronicle, &article), Relation::Agree);
        assert_eq!(
            agreement(&chronicle, &article).as_deref(),
            Some("the same place, bay, at times that overlap")
        );
        // The chronicle names the site of the article's battle.
        article.places = vec![EntityId::from("cape")];
        article.sites = vec![EntityId::from("bay")];
        assert_eq!(relation(&chronicle, &article), Relation::Agree);
        assert_eq!(
            agreement(&chronicle, &article).as_deref(),
            Some("the Chinese side names bay, the site of the other's battle, battle-x")
        );
        // Nothing in common: no reason given.
        assert_eq!(agreement(&at(&["cape"], &[]), &at(&["fort"], &[])), None);
    }

    #[test]
    fn relations_of_contexts() {
        let at = |d: Ymd, places: &[&str], events: &[&str]| EventContext {
            interval: Some((d, d)),
            places: places.iter().map(|p| EntityId::from(*p)).collect(),
            events: events.iter().map(|p| EntityId::from(*p)).collect(),
            ..EventContext::default()
        };
        let may24 = (1592, 5, 24);
        let oct = (1592, 10, 14);
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &at(oct, &["fort"], &[])),
            Relation::Disjoint
        );
        // The same battle agrees whatever the dates the narration gives within a year...
        assert_eq!(
            relation(&at(may24, &[], &["battle-x"]), &at(oct, &[], &["battle-x"])),
            Relation::Agree
        );
        // ...but two paragraphs each dating itself, weeks apart, tell two moments of it; a
        // date only inherited from the narration says less.
        let mut assault = at((1592, 11, 8), &[], &["battle-x"]);
        let mut death = at((1592, 12, 4), &[], &["battle-x"]);
        assert_eq!(relation(&assault, &death), Relation::Agree);
        assault.interval_from = Some(Source::Own);
        death.interval_from = Some(Source::Own);
        assert_ne!(relation(&assault, &death), Relation::Agree);
        death.interval = Some(((1592, 11, 20), (1592, 11, 20)));
        assert_eq!(relation(&assault, &death), Relation::Agree);
        // ...but told in a paragraph of its own date years later (a film, a memorial), it is
        // looked back on: another event. A date only inherited from the narration says less.
        let mut film = at((2014, 7, 30), &[], &["battle-x"]);
        assert_eq!(
            relation(&at(may24, &[], &["battle-x"]), &film),
            Relation::Agree
        );
        film.interval_from = Some(Source::Own);
        assert_eq!(
            relation(&at(may24, &[], &["battle-x"]), &film),
            Relation::Disjoint
        );
        // Within the slack of a few days, the same place agrees; other places overlap.
        let may26 = (1592, 5, 26);
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &at(may26, &["fort"], &[])),
            Relation::Agree
        );
        // ...but two paragraphs each dating itself to its day by its own words, three days
        // apart, tell two moments there (a rout and the battle after it); two days apart
        // (a day for the calendars, a day for the eve) may be one.
        let own_day = |d: Ymd| EventContext {
            interval_from: Some(Source::Own),
            ..at(d, &["fort"], &[])
        };
        assert_eq!(
            relation(&own_day(may24), &own_day((1592, 5, 27))),
            Relation::Overlap
        );
        assert_eq!(relation(&own_day(may24), &own_day(may26)), Relation::Agree);
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &own_day((1592, 5, 27))),
            Relation::Agree
        );
        // ...unless each is about a battle of its own and they are other battles.
        assert_eq!(
            relation(
                &at(may24, &["fort"], &["battle-x"]),
                &at(may26, &["fort"], &["battle-y"])
            ),
            Relation::Overlap
        );
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &at(may26, &["town"], &[])),
            Relation::Overlap
        );
        // A paragraph dating a later event in an article about this one is not disjoint.
        let mut later = at(oct, &[], &[]);
        later.article = Some((may24, may24));
        assert_eq!(relation(&at(may24, &[], &[]), &later), Relation::Neutral);
        // A whole year is too wide to agree.
        let year = EventContext {
            interval: Some(((1592, 1, 1), (1592, 12, 31))),
            places: vec![EntityId::from("fort")],
            ..EventContext::default()
        };
        assert_eq!(relation(&at(may24, &[], &[]), &year), Relation::Neutral);
        assert_eq!(relation(&EventContext::default(), &year), Relation::Neutral);
        // Months of one campaign (too wide to agree) that overlap are one time; apart, not.
        let months = |from: Ymd, to: Ymd| EventContext {
            interval: Some((from, to)),
            ..EventContext::default()
        };
        let summer = months((1592, 7, 6), (1592, 9, 5));
        assert_eq!(
            relation(&summer, &months((1592, 7, 1), (1592, 10, 31))),
            Relation::Overlap
        );
        assert_eq!(
            relation(&summer, &months((1592, 11, 1), (1593, 1, 31))),
            Relation::Disjoint
        );
        // Wider than four months, it says nothing but a place.
        assert_eq!(
            relation(&summer, &months((1592, 6, 1), (1592, 10, 31))),
            Relation::Neutral
        );
        // ... but the same place within it, or at a time one side does not give, may be.
        assert_eq!(relation(&at(may24, &["fort"], &[]), &year), Relation::Place);
        let undated = EventContext {
            places: vec![EntityId::from("fort")],
            ..EventContext::default()
        };
        assert_eq!(relation(&undated, &year), Relation::Place);
        // An undated paragraph of an article about an event of 1597 (its Aftermath) and a
        // paragraph dated by its own words five years before: not the same event, whatever
        // place they share. Within a year of the event, nothing is known.
        let aftermath = EventContext {
            article: Some(((1597, 9, 26), (1597, 9, 26))),
            ..undated.clone()
        };
        let own = |c: EventContext| EventContext {
            interval_from: Some(Source::Own),
            ..c
        };
        assert_eq!(
            relation(&own(at(may24, &["fort"], &[])), &aftermath),
            Relation::Disjoint
        );
        assert_eq!(
            relation(&aftermath, &own(at((1597, 12, 1), &["fort"], &[]))),
            Relation::Place
        );
        // A time only inherited from a narration is not enough to tell.
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &aftermath),
            Relation::Place
        );
        // A career naming four battles is about none of them: sharing one does not agree.
        let career = at(oct, &[], &["battle-x", "battle-y", "battle-z", "battle-w"]);
        assert_eq!(
            relation(&at(may24, &[], &["battle-x"]), &career),
            Relation::Disjoint
        );
        // A date that may be lunar: the closer reading counts.
        let mut maybe = at((1592, 4, 14), &["fort"], &[]);
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &maybe),
            Relation::Disjoint
        );
        maybe.if_lunar = Some((Some((may24, may24)), None));
        assert_eq!(
            relation(&at(may24, &["fort"], &[]), &maybe),
            Relation::Agree
        );
    }

    #[test]
    fn a_place_named_in_passing_beside_a_battle_of_the_article_does_not_agree() {
        let at = |d: Ymd, places: &[&str]| EventContext {
            interval: Some((d, d)),
            interval_from: Some(Source::Own),
            places: places.iter().map(|p| EntityId::from(*p)).collect(),
            places_from: Some(Source::Own),
            ..EventContext::default()
        };
        // A paragraph of the article on the battle at the bay, naming the island where the
        // fleet spent the night after the battle there two days before.
        let article = |events_from: Source| EventContext {
            events: vec![EntityId::from("battle-at-bay")],
            events_from: Some(events_from),
            sites: vec![EntityId::from("bay")],
            ..at((1592, 8, 16), &["bay", "island"])
        };
        let island = at((1592, 8, 14), &["island", "strait"]);
        assert_eq!(
            relation(&article(Source::Title(1)), &island),
            Relation::Overlap
        );
        assert_eq!(
            relation(&island, &article(Source::Title(1))),
            Relation::Overlap
        );
        // A paragraph that names the bay tells the battle there.
        let bay = at((1592, 8, 16), &["island", "bay"]);
        assert_eq!(relation(&article(Source::Title(1)), &bay), Relation::Agree);
        // A battle the paragraph names itself may be named in passing ("after the first
        // battle at the bay"): the shared place still agrees.
        assert_eq!(relation(&article(Source::Own), &island), Relation::Agree);
        // Without a known site, the shared place agrees as before.
        let mut unsited = article(Source::Title(1));
        unsited.sites.clear();
        assert_eq!(relation(&unsited, &island), Relation::Agree);
        // A paragraph of the article naming no place of the other's, which names the bay on
        // that day, tells the battle there: they agree. Naming another place, it only overlaps.
        let mut on_the_water = article(Source::Title(1));
        on_the_water.places = vec![EntityId::from("strait")];
        let chronicle = at((1592, 8, 16), &["bay", "town", "river"]);
        assert_eq!(relation(&on_the_water, &chronicle), Relation::Agree);
        assert_eq!(relation(&chronicle, &on_the_water), Relation::Agree);
        let elsewhere = at((1592, 8, 16), &["town", "river"]);
        assert_eq!(relation(&on_the_water, &elsewhere), Relation::Overlap);
    }

    #[test]
    fn a_year_that_holds_a_day_of_the_paragraph_adds_nothing() {
        let mut day = date(Calendar::Gregorian, Some(1592), Some(5), Some(7));
        day.start = 10;
        let mut units = vec![unit(
            "en",
            1,
            BlockKind::Text,
            "fought on May 7, 1592, one of the campaigns of 1592",
            &[],
            vec![day, date(Calendar::Gregorian, Some(1592), None, None)],
        )];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        let c = &units[0].context;
        assert_eq!(c.interval, Some(((1592, 5, 7), (1592, 5, 7))));
        // The 7th day of the 5th lunar month, had the writer given the chronicles' date.
        assert_eq!(
            c.if_lunar,
            Some((Some(((1592, 6, 16), (1592, 6, 16))), None))
        );
    }

    #[test]
    fn a_chinese_month_of_unknown_calendar_is_read_both_ways() {
        // 1598年1月: as written, January 1598; read as the 1st lunar month of 1598 (29 days), 6
        // February to 6 March. The relief of Ulsan in the chronicle's "1598年1月" meets the English
        // account of it in February.
        // The context of one Chinese paragraph naming the town and writing one month.
        let assigned = |text: &str, month: DateMention| {
            let mut units = vec![unit("zh", 1, BlockKind::Text, text, &["town"], vec![month])];
            assign(&mut units, &kinds(), &HashMap::new(), |_| false);
            units.remove(0).context
        };
        let c = assigned(
            "1598年1月，日軍援兵趕至蔚山。",
            date(Calendar::Unknown, Some(1598), Some(1), None),
        );
        assert_eq!(c.interval, Some(((1598, 1, 1), (1598, 1, 31))));
        assert_eq!(c.if_lunar, Some((Some(((1598, 2, 6), (1598, 3, 6))), None)));
        let mut english = EventContext {
            interval: Some(((1598, 2, 10), (1598, 2, 12))),
            interval_from: Some(Source::Own),
            places: vec![EntityId::from("town")],
            places_from: Some(Source::Own),
            ..EventContext::default()
        };
        assert_eq!(relation(&c, &english), Relation::Agree);
        // A month in Chinese numerals is lunar already: no second reading.
        let lunar = assigned(
            "正月，日軍援兵趕至蔚山。",
            date(Calendar::Lunar, Some(1598), Some(1), None),
        );
        assert_eq!(lunar.if_lunar, None);
        english.interval = Some(((1598, 1, 10), (1598, 1, 12)));
        assert_ne!(relation(&lunar, &english), Relation::Agree);
    }

    #[test]
    fn the_first_day_of_a_range_is_in_the_year_its_last_day_closes() {
        // A year carried from before (1597) would date the first day wrongly; the range's last
        // day says which year, and the one before where the range crosses the new year. The
        // dates are read as the pipeline reads them, their years filled first.
        for (text, first, year, month, day, want) in [
            (
                "Date: 29 January – 9 February 1598",
                "29 January",
                1598,
                2,
                9,
                (1598, 1, 29),
            ),
            (
                "Date: 28 December – 3 January 1593",
                "28 December",
                1593,
                1,
                3,
                (1592, 12, 28),
            ),
        ] {
            let (m0, d0) = (want.1, want.2);
            let at = text.find(first).expect("the first day is in the text");
            let carried = DateMention {
                month: Some(m0),
                day: Some(d0),
                ..DateMention::new(at, at + first.len(), Calendar::Gregorian)
            };
            let last = text.rfind(|c: char| c.is_ascii_digit()).expect("a year") + 1;
            let from = text[..last].rfind(" – ").expect("a range") + " – ".len();
            let closing = DateMention {
                year: Some(year),
                month: Some(month),
                day: Some(day),
                ..DateMention::new(from, last, Calendar::Gregorian)
            };
            let mut read = vec![carried, closing];
            dates::fill_years(&mut read, Some(1597));
            let mut units = vec![unit("en", 1, BlockKind::Text, text, &[], read)];
            assign(&mut units, &HashMap::new(), &HashMap::new(), |u| {
                u.kind == BlockKind::Infobox
            });
            let (lo, _) = units[0].context.interval.expect("dated");
            assert_eq!(lo, want, "{text}");
        }
    }

    #[test]
    fn a_date_that_recurs_every_year_is_no_time_of_the_war() {
        // A festival held every year in the sixth month: the paragraph tells the present day,
        // not a day of 1592.
        // The context of one paragraph writing the month as `form`, its dates as the date
        // reader finds them, in the narration's year.
        let context_of = |doc: &str, text: &str, form: &str| {
            let mut found = if doc == "zh" {
                dates::find_chinese(text, &[])
            } else {
                dates::find_english(text)
            };
            assert!(
                found.iter().any(|d| &text[d.start..d.end] == form),
                "{form} read in {text}: {found:?}"
            );
            dates::fill_years(&mut found, Some(1592));
            let mut units = vec![unit(doc, 1, BlockKind::Text, text, &[], found)];
            assign(&mut units, &HashMap::new(), &HashMap::new(), |u| {
                u.kind == BlockKind::Infobox
            });
            units.remove(0).context
        };
        for (doc, text, form) in [
            ("zh", "今玉浦建有紀念公園，每年六月舉行紀念祭。", "六月"),
            (
                "en",
                "A memorial park stands there today, and a festival is held each year in June.",
                "June",
            ),
        ] {
            let c = context_of(doc, text, form);
            assert_eq!(c.interval, None, "{text}: {c:?}");
            assert!(c.present, "{text}: {c:?}");
            // Written once, not every year, it is a time.
            let once = text
                .replace("每年", "當年")
                .replace("each year in June", "in June");
            assert!(context_of(doc, &once, form).interval.is_some(), "{once}");
        }
    }

    #[test]
    fn a_battle_named_only_to_mark_a_time_is_not_the_paragraph_s_event() {
        let kinds: HashMap<EntityId, Kind> = [
            ("battle-of-jiksan", Kind::Battle),
            ("battle-of-pyongyang", Kind::Battle),
            ("battle-of-okpo", Kind::Battle),
            ("jiksan", Kind::Place),
            ("pyongyang", Kind::Place),
            ("myeongnyang", Kind::Place),
        ]
        .into_iter()
        .map(|(id, k)| (EntityId::from(id), k))
        .collect();
        // Each name: its entity and its form, found in order in the text.
        let context_of = |doc: &str, text: &str, names: &[(&str, &str)]| {
            let mut u = unit(doc, 1, BlockKind::Text, text, &[], vec![]);
            let mut from = 0;
            u.mentions.names = names
                .iter()
                .map(|(id, form)| {
                    let start = from + text[from..].find(form).expect("the name is in the text");
                    from = start;
                    crate::align::tests::mention(id, start, start + form.len())
                })
                .collect();
            let mut units = vec![u];
            assign(&mut units, &kinds, &HashMap::new(), |u| {
                u.kind == BlockKind::Infobox
            });
            let c = units[0].context.clone();
            let ids = |v: &[EntityId]| v.iter().map(|e| e.as_str().to_string()).collect::<Vec<_>>();
            (ids(&c.events), ids(&c.places))
        };
        // 稷山之戰以來: the sea lane lost since Jiksan; the paragraph tells Myeongnyang.
        let (events, places) = context_of(
            "zh",
            "李舜臣守在鳴梁海峽，大破日軍，切斷稷山之戰以來日軍控制的補給線。",
            &[
                ("myeongnyang", "鳴梁"),
                ("battle-of-jiksan", "稷山之戰"),
                ("jiksan", "稷山"),
            ],
        );
        assert!(events.is_empty(), "{events:?}");
        assert_eq!(places, ["myeongnyang"]);
        // Told as well: the town of the battle is named elsewhere in the paragraph.
        let (events, _) = context_of(
            "zh",
            "明軍攻破平壤城，平壤之役後小西行長僅餘六千人。",
            &[
                ("pyongyang", "平壤"),
                ("battle-of-pyongyang", "平壤之役"),
                ("pyongyang", "平壤"),
            ],
        );
        assert_eq!(events, ["battle-of-pyongyang"]);
        // A summary naming another battle keeps both.
        let (events, _) = context_of(
            "zh",
            "平壤之役，稷山之戰後日軍退守。",
            &[
                ("battle-of-pyongyang", "平壤之役"),
                ("pyongyang", "平壤"),
                ("battle-of-jiksan", "稷山之戰"),
                ("jiksan", "稷山"),
            ],
        );
        assert_eq!(events, ["battle-of-jiksan", "battle-of-pyongyang"]);
        // English: "since the Battle of …", "after the Battle of …"; not "the Battle of …".
        for text in [
            "The fleet had not put to sea since the Battle of Okpo.",
            "After the Battle of Okpo the fleet went home.",
        ] {
            let (events, _) = context_of("en", text, &[("battle-of-okpo", "Battle of Okpo")]);
            assert!(events.is_empty(), "{text}: {events:?}");
        }
        let (events, _) = context_of(
            "en",
            "The Battle of Okpo was the first sortie; the aftermath followed.",
            &[("battle-of-okpo", "Battle of Okpo")],
        );
        assert_eq!(events, ["battle-of-okpo"]);
    }

    #[test]
    fn a_death_is_read_after_the_name_of_the_man_who_died() {
        use crate::mentions::concepts::Vocabulary;
        let kinds: HashMap<EntityId, Kind> = [("general", Kind::Person), ("town", Kind::Place)]
            .into_iter()
            .map(|(id, k)| (EntityId::from(id), k))
            .collect();
        let deaths_in = |doc: &str, kind: BlockKind, text: &str, names: &[(&str, &str)]| {
            let mut u = unit(doc, 1, kind, text, &[], vec![]);
            u.mentions.names = names
                .iter()
                .map(|(id, form)| {
                    let start = text.find(form).expect("the name is in the text");
                    crate::align::tests::mention(id, start, start + form.len())
                })
                .collect();
            u.mentions.concepts = Vocabulary::embedded().find(text, u.lang);
            let mut units = vec![u];
            assign(&mut units, &kinds, &HashMap::new(), |u| {
                u.kind == BlockKind::Infobox
            });
            units[0].context.deaths.clone()
        };
        let general = vec![EntityId::from("general")];
        // 守將某某戰死: the name just before the death.
        assert_eq!(
            deaths_in(
                "zh",
                BlockKind::Text,
                "釜山鎮守將鄭撥戰死，城陷。",
                &[("general", "鄭撥")]
            ),
            general
        );
        // English goes on with a pronoun.
        let text = "Jeong Bal moved along the walls. He was struck by a musket ball and killed.";
        assert_eq!(
            deaths_in("en", BlockKind::Text, text, &[("general", "Jeong Bal")]),
            general
        );
        // A man who killed others did not die; a place named before a death is no one.
        let text = "Jeong Bal's archers killed many of the enemy at the gate.";
        assert!(deaths_in("en", BlockKind::Text, text, &[("general", "Jeong Bal")]).is_empty());
        assert!(
            deaths_in(
                "zh",
                BlockKind::Text,
                "城中軍民在東萊戰死。",
                &[("town", "東萊")]
            )
            .is_empty()
        );
        // An Infobox's commanders and casualties stand side by side: no death is told; nor in
        // an item of a list of commanders.
        let text = "- Commander1: Jeong Bal\n- Casualties1: the garrison killed in action";
        assert!(deaths_in("en", BlockKind::Infobox, text, &[("general", "Jeong Bal")]).is_empty());
        let item = "* 朝鮮：釜山僉使鄭撥（戰死）";
        assert!(deaths_in("zh", BlockKind::Text, item, &[("general", "鄭撥")]).is_empty());
    }

    #[test]
    fn a_birth_year_dates_no_event_of_the_paragraph() {
        let mut born = date(Calendar::Gregorian, Some(1552), None, None);
        born.life = true;
        let mut day = date(Calendar::Gregorian, Some(1592), Some(6), Some(2));
        day.start = 30;
        let mut units = vec![unit(
            "en",
            1,
            BlockKind::Text,
            "Gwak, born in 1552, rose on 2 June 1592.",
            &[],
            vec![born, day],
        )];
        assign(&mut units, &kinds(), &HashMap::new(), |_| false);
        assert_eq!(
            units[0].context.interval,
            Some(((1592, 6, 2), (1592, 6, 2)))
        );
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number((1970, 1, 1)), 0);
        assert_eq!(day_number((1592, 5, 25)) - day_number((1592, 5, 24)), 1);
        assert_eq!(day_number((1593, 3, 1)) - day_number((1593, 2, 28)), 1);
        assert_eq!(day_number((1600, 3, 1)) - day_number((1600, 2, 28)), 2);
    }
}
