//! Dates in Chinese and English text, and their Gregorian readings.
//!
//! English: 27 February 1593, February 27, 1593, 19 February, 1593, 1592–1598; a date marked
//! lunar ("19 November (lunar)", "(Korean calendar)", "in the Lunar calendar") and the ordinal
//! form "1st day, 9th month of 1592" are lunar. Chinese: 1593年2月26日, 2月27日, 1592年,
//! 1592年至1593年, era years (萬曆二十一年 = 1593, from an era table the glossary supplies),
//! lunar dates in Chinese numerals (正月廿五日, 閏八月初一, 初七日), and a lunar date followed
//! by its Gregorian gloss in parentheses (正月廿六日（2月27日）), which resolves it.
//!
//! Which calendar: the Chinese articles on this war date events in the lunar calendar, in
//! Chinese or Arabic numerals (4月14日 is the 14th day of the 4th lunar month, 24 May 1592).
//! Only an Arabic month written with a Gregorian year (1592年5月4日) may be either: its
//! calendar is `Unknown` and both readings are kept ([`DateMention::readings`]), unless a
//! lunar date in parentheses follows it (1597年8月27日（萬曆二十五年七月十五）), which makes it
//! Gregorian. A year missing from a date is filled from the last year mentioned before it
//! (`fill_years`; 翌年 "the next year" adds one).
//!
//! Lunar dates are converted with `lunar-lite` (astronomical new moons, the modern rules).
//! The Ming, Joseon and Japanese calendars of the 1590s could differ from it and from each
//! other by a day (正月廿五日 is glossed 26 February 1593 where the computation gives the
//! 25th), so a converted date is a reading within one day ([`Reading::approx`]).

use super::near::Near;
use super::numbers::parse_chinese_numeral;

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Which calendar a date is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Gregorian (English sources; glosses).
    Gregorian,
    /// The Chinese lunisolar calendar (months in Chinese numerals, 正月).
    Lunar,
    /// Not said (Arabic month numbers with a Gregorian year in Chinese text).
    Unknown,
}

/// The first year East Asia wrote Gregorian dates (Japan, 1873): an English date before it may
/// be a lunar date written as if Gregorian.
pub const GREGORIAN_IN_EAST_ASIA: i32 = 1873;

/// A Gregorian date: (year, month, day).
pub type Ymd = (i32, u8, u8);

/// A Gregorian date one written date may denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Gregorian (year, month, day).
    pub ymd: (i32, u8, u8),
    /// True when converted from a lunar date of a Chinese text: right within a day of the
    /// Gregorian date a source gives (the calendars of the time differed from the computation
    /// and from each other by up to one day).
    pub approx: bool,
}

/// A date found in text. Any part may be missing (a year alone, a day without a year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Start byte in the text.
    pub start: usize,
    /// End byte in the text.
    pub end: usize,
    /// Calendar of the written date.
    pub calendar: Calendar,
    /// Year (Gregorian numbering; era years converted).
    pub year: Option<i32>,
    /// Last year of a range (1592–1598).
    pub year_end: Option<i32>,
    /// Month 1–12.
    pub month: Option<u8>,
    /// Day 1–31.
    pub day: Option<u8>,
    /// True when the year was not written but taken from context.
    pub year_inferred: bool,
    /// True when the month was not written but taken from an earlier date of the paragraph
    /// (五月初四日…初七日: the 7th of the 5th month).
    #[serde(default)]
    pub month_inferred: bool,
    /// The Gregorian date of a lunar date, from a gloss written next to it.
    pub gregorian: Option<(Option<i32>, u8, u8)>,
    /// A leap month (閏月) of the lunar calendar.
    #[serde(default)]
    pub leap: bool,
    /// The year is the one after the year in force (翌年, 次年, 明年 before the date).
    #[serde(default)]
    pub next_year: bool,
    /// A lunar date in an English text ("(lunar)", "9th month"): converted like the Chinese
    /// ones, so it meets them exactly, and its reading is not widened by a day.
    #[serde(default)]
    pub english_lunar: bool,
    /// An English date written as Gregorian in a document that writes its lunar dates as such
    /// ("8 July 1592 (lunar 5th month, 29th day)"): it is Gregorian, not a lunar date written
    /// as Gregorian ([`DateMention::may_be_lunar`]).
    #[serde(default)]
    pub calendar_stated: bool,
    /// The first year of the era its year is counted in (萬曆二十五年: 1573), so that a year
    /// written without its era after it (二十五年八月) counts in that era.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub era_start: Option<i32>,
    /// A year written without its era (二十五年八月): counted in the era in force
    /// ([`resolve_counted_years`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reign_year: Option<u16>,
    /// A year of the sexagenary cycle (丁酉年: 33, counting 甲子 as 0): the year of the cycle
    /// nearest the year in force ([`resolve_counted_years`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<u8>,
    /// A date in a clause that looks ahead of the narration (後來參與1593年6月的…, "he later
    /// fought at …"): the narration's year does not move to it ([`fill_years`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub look_ahead: bool,
    /// A year of someone's life, not of the story: a birth year ("born in 1552", 1552年生,
    /// 生於1552年) or a lifespan after a name ("Gwak Jae-u (1552–1617)"). The narration's year
    /// does not move to it ([`fill_years`]) and it dates no event.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub life: bool,
    /// A date that recurs every year (每年六月, 每逢十月, "every October", "each year in June"):
    /// a festival or a rite of today, not a time of the war; it dates no event.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recurs: bool,
}

impl DateMention {
    /// A date at `start..end` with nothing known yet but its calendar.
    pub fn new(start: usize, end: usize, calendar: Calendar) -> Self {
        DateMention {
            start,
            end,
            calendar,
            year: None,
            year_end: None,
            month: None,
            day: None,
            year_inferred: false,
            month_inferred: false,
            gregorian: None,
            leap: false,
            next_year: false,
            english_lunar: false,
            calendar_stated: false,
            era_start: None,
            reign_year: None,
            cycle: None,
            look_ahead: false,
            life: false,
            recurs: false,
        }
    }

    /// The Gregorian (year, month, day) this date denotes, when known and certain of its
    /// calendar: written Gregorian, glossed, or a full lunar date converted (within a day).
    pub fn gregorian_ymd(&self) -> Option<(i32, u8, u8)> {
        if let Some((y, m, d)) = self.gregorian {
            return Some((y.or(self.year)?, m, d));
        }
        match self.calendar {
            Calendar::Gregorian => Some((self.year?, self.month?, self.day?)),
            Calendar::Lunar => self.lunar_reading(),
            Calendar::Unknown => None,
        }
    }

    /// The date converted from the lunar calendar, when year, month and day are known.
    fn lunar_reading(&self) -> Option<(i32, u8, u8)> {
        lunar_to_gregorian(self.year?, self.month?, self.leap, self.day?)
    }

    /// Whether this date, written as Gregorian, may in fact be a lunar date: an English date
    /// before [`GREGORIAN_IN_EAST_ASIA`] that says nothing of its calendar, in a document that
    /// never says so either ([`DateMention::calendar_stated`]). English accounts of Korean and
    /// Japanese history often give the lunar date of the chronicles as if it were Gregorian
    /// ("the Battle of Happo was fought on May 7, 1592": the 7th day of the 5th month).
    pub fn may_be_lunar(&self) -> bool {
        self.calendar == Calendar::Gregorian
            && self.gregorian.is_none()
            && !self.english_lunar
            && !self.calendar_stated
            && self.year.is_some_and(|y| y < GREGORIAN_IN_EAST_ASIA)
    }

    /// The Gregorian date of this date read as a lunar one (see [`DateMention::may_be_lunar`]).
    pub fn as_lunar(&self) -> Option<Ymd> {
        self.lunar_reading()
    }

    /// Every Gregorian date this date may denote: one for a Gregorian or glossed date, one
    /// (within a day) for a lunar date, both for a date whose calendar is unknown.
    pub fn readings(&self) -> Vec<Reading> {
        if let Some((y, m, d)) = self.gregorian {
            let Some(y) = y.or(self.year) else {
                return Vec::new();
            };
            return vec![Reading {
                ymd: (y, m, d),
                approx: false,
            }];
        }
        let written = || Some((self.year?, self.month?, self.day?));
        let exact = |ymd| Reading { ymd, approx: false };
        let lunar = |ymd| Reading {
            ymd,
            approx: !self.english_lunar,
        };
        match self.calendar {
            Calendar::Gregorian => written().map(exact).into_iter().collect(),
            Calendar::Lunar => self.lunar_reading().map(lunar).into_iter().collect(),
            Calendar::Unknown => written()
                .map(exact)
                .into_iter()
                .chain(self.lunar_reading().map(lunar))
                .collect(),
        }
    }
}

impl DateMention {
    /// Whether `other` (a Gregorian date) is a reading of this date: the same day, or within a
    /// day of a converted lunar date.
    pub fn agrees_with(&self, other: Ymd) -> bool {
        self.readings().iter().any(|r| {
            if r.approx {
                within_a_day(r.ymd, other)
            } else {
                r.ymd == other
            }
        })
    }
}

/// The Gregorian date of a date of the Chinese lunisolar calendar (year as numbered in the
/// Gregorian calendar, month 1–12, `leap` for a 閏 month), or `None` when no such date exists
/// (no leap month that year, a 30th day in a short month).
pub fn lunar_to_gregorian(year: i32, month: u8, leap: bool, day: u8) -> Option<(i32, u8, u8)> {
    let date = lunar_lite::LunarDate {
        year,
        month,
        day,
        is_leap_month: leap,
    };
    // The conversion alone would read a leap month the year lacks as the plain month.
    lunar_lite::validate_lunar_date(date).ok()?;
    let solar = lunar_lite::lunar_to_solar(date).ok()?;
    Some((solar.year, solar.month, solar.day))
}

/// A season written with or without its year: 萬曆二十六年秋, 是年冬, "the autumn of 1598".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeasonMention {
    /// Start byte of the season word.
    pub start: usize,
    /// End byte of the season word.
    pub end: usize,
    /// 0 spring, 1 summer, 2 autumn, 3 winter.
    pub season: u8,
    /// The year written with it (English "autumn of 1598"); Chinese seasons take the year of
    /// the date that ends where they start, or the narration's (是年, 同年, at a clause start).
    pub year: Option<i32>,
    /// A season of the lunar calendar (Chinese text): three lunar months each from the first.
    pub lunar: bool,
}

/// Chinese seasons: after a year (年秋), after 是年/是歲/同年/本年/其年, or opening a clause
/// (冬，…); followed by a clause mark, 季, 天, 間, 初 or 末, so that names (秋月) and words (春秋,
/// 冬至) are not read.
static ZH_SEASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[。；，,：]|年|是歲|同歲)([春夏秋冬])(?:[，,、；。]|季|天|間|初|末|之際)")
        .expect("season pattern")
});

/// English seasons with their year: "the autumn of 1598", "winter 1597", "in spring, 1593".
/// ASCII word boundaries: a Unicode `\b` makes the regex give up its DFA on any paragraph with
/// a character beyond ASCII (a dash, a macron) and search it with a slower engine.
static EN_SEASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(spring|summer|autumn|fall|winter)(?:\s+of|,)?\s+(1[0-9]{3})(?-u:\b)")
        .expect("season pattern")
});

/// The seasons of a text (see [`SeasonMention`]).
pub fn find_seasons(text: &str, cjk: bool) -> Vec<SeasonMention> {
    if cjk {
        ZH_SEASON
            .captures_iter(text)
            .filter_map(|c| {
                let m = c.get(1)?;
                // Every year's season (每年秋季 a festival is held) is no time of the text.
                let before = &text[..m.start()];
                if ["每年", "年年", "逐年"].iter().any(|w| before.ends_with(w)) {
                    return None;
                }
                let season = "春夏秋冬".chars().position(|s| m.as_str().starts_with(s))? as u8;
                Some(SeasonMention {
                    start: m.start(),
                    end: m.end(),
                    season,
                    year: None,
                    lunar: true,
                })
            })
            .collect()
    } else {
        EN_SEASON
            .captures_iter(text)
            .filter_map(|c| {
                let m = c.get(1)?;
                let season = match m.as_str().to_lowercase().as_str() {
                    "spring" => 0,
                    "summer" => 1,
                    "autumn" | "fall" => 2,
                    _ => 3,
                };
                Some(SeasonMention {
                    start: m.start(),
                    end: m.end(),
                    season,
                    year: c.get(2)?.as_str().parse().ok(),
                    lunar: false,
                })
            })
            .collect()
    }
}

/// The Gregorian days of a season of `year`: lunar seasons are three lunar months from the
/// 1st, 4th, 7th or 10th month; Gregorian ones the meteorological seasons (winter from
/// December into the next year).
pub fn season_interval(season: u8, year: i32, lunar: bool) -> Option<(Ymd, Ymd)> {
    if season > 3 {
        return None;
    }
    if lunar {
        let first = lunar_to_gregorian(year, 1 + 3 * season, false, 1)?;
        let next = if season == 3 {
            lunar_to_gregorian(year + 1, 1, false, 1)?
        } else {
            lunar_to_gregorian(year, 4 + 3 * season, false, 1)?
        };
        Some((first, add_days(next, -1)))
    } else {
        let start = (year, 3 + 3 * season, 1);
        let next = if season == 3 {
            (year + 1, 3, 1)
        } else {
            (year, 6 + 3 * season, 1)
        };
        Some((start, add_days(next, -1)))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn day_number((y, m, d): (i32, u8, u8)) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// The Gregorian date `delta` days from `ymd`.
pub fn add_days(ymd: (i32, u8, u8), delta: i64) -> (i32, u8, u8) {
    civil_from_days(day_number(ymd) + delta)
}

/// Whether two Gregorian dates are at most one day apart: the same day as far as the
/// calendars of the time can tell (see the module documentation).
pub fn within_a_day(a: (i32, u8, u8), b: (i32, u8, u8)) -> bool {
    (day_number(a) - day_number(b)).abs() <= 1
}

/// An era or reign whose years count from `start` (萬曆 1573: 萬曆二十一年 = 1593).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Era {
    /// The era name as written (萬曆, 文祿, 宣祖).
    pub name: String,
    /// Gregorian year of its first year.
    pub start: i32,
}

const EN_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number of an English month name or abbreviation (Feb, Sept.).
fn en_month(s: &str) -> Option<u8> {
    let lower = s.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    if lower.len() < 3 {
        return None;
    }
    EN_MONTHS
        .iter()
        .position(|m| m.starts_with(lower))
        .map(|i| i as u8 + 1)
}

static EN_DATE: LazyLock<Near> = LazyLock::new(|| Near::new(EN_DATE_PATTERN));

/// English dates: day month year, month day year, month year, a year or a span of years.
const EN_DATE_PATTERN: &str = r"(?x)
        (?-u:\b)(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:,?\s+(?:of\s+)?(?P<y1>1\d{3}|20\d\d))?(?-u:\b)
        |
        (?-u:\b)(?P<m2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*(?P<y2>1\d{3}|20\d\d)|\s+(?:of\s+)?(?P<y4>1\d{3}|20\d\d))?(?-u:\b)
        |
        (?-u:\b)(?P<m3>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<y3>1\d{3})(?-u:\b)
        |
        (?-u:\b)(?P<iy>1\d{3}|20\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])(?-u:\b)
        |
        (?-u:\b)(?P<ya>1[0-9]\d\d|20\d\d)(?:\s*[–—-]\s*(?P<yb>1[0-9]\d\d|20\d\d|\d\d))?(?-u:\b)(?P<tail>\s*(?:troops|men|soldiers|horses|ships|cavalry|casualties|killed|wounded|infantry)(?-u:\b)|,\d{3})?
        ";

capture_groups!(
    /// The groups of [`EN_DATE`].
    EnDateGroups { d1, d2, id, im, iy, m1, m2, m3, tail, y1, y2, y3, y4, ya, yb }
);

static EN_DATE_GROUPS: LazyLock<EnDateGroups> = LazyLock::new(|| EnDateGroups::of(&EN_DATE));

/// Whether `word` is a month written in full as the pattern reads it: capitalised, the rest
/// as in [`EN_MONTHS`].
fn is_full_month(word: &str) -> bool {
    EN_MONTHS.iter().any(|m| {
        word.len() == m.len()
            && word[1..] == m[1..]
            && word.as_bytes()[0] == m.as_bytes()[0].to_ascii_uppercase()
    })
}

/// The matches of [`EN_DATE`] in `text`, as a search through every byte finds them.
fn en_date_matches(text: &str) -> Vec<super::near::Found<'_>> {
    let g = &*EN_DATE_GROUPS;
    // Every English date holds a digit, and before its first one only a month name and spaces.
    let leads = |c: char| c.is_ascii_alphabetic() || c.is_whitespace();
    let anchors = super::near::Anchors {
        next: |from| super::near::next_digit(text, from),
        leads,
        words: 1,
        // Dates start with a digit or a month written in full.
        opens: is_full_month,
    };
    // The commonest matches, read without the capture search: a bare year, a year and what
    // it counts ("1595 men": `tail`), a day and a month written in full, perhaps with a year.
    let year = |m: &str, slots: &mut super::near::Slots| {
        let digits = m.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &m[digits..];
        let spaced = |s: &str| s.trim_start().len() < s.len();
        if digits == 4 {
            if !rest.is_empty() {
                let word = rest.trim_start();
                if !spaced(rest)
                    || word.is_empty()
                    || !word.bytes().all(|b| b.is_ascii_alphabetic())
                {
                    return false;
                }
                slots[g.tail] = Some((4, m.len()));
            }
            slots[g.ya] = Some((0, 4));
            return true;
        }
        if !(1..=2).contains(&digits) || !spaced(rest) {
            return false;
        }
        let month = rest.trim_start();
        let name_len = month.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (name, after) = month.split_at(name_len);
        let full = is_full_month(name);
        let comma = after.strip_prefix(',').unwrap_or(after);
        let year = comma.trim_start();
        let year_ok = after.is_empty()
            || (spaced(comma) && year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
        if !full || !year_ok {
            return false;
        }
        let month_at = m.len() - month.len();
        slots[g.d1] = Some((0, digits));
        slots[g.m1] = Some((month_at, month_at + name_len));
        if !after.is_empty() {
            slots[g.y1] = Some((m.len() - 4, m.len()));
        }
        true
    };
    EN_DATE.captures(text, Some(anchors), Some(&year)).collect()
}

/// English dates in `text`.
pub fn find_english(text: &str) -> Vec<DateMention> {
    let mut out = find_english_words(text);
    // A plain copy of an Infobox glues its Date key to the value ("Date7 May 1592",
    // "DateMay 23, 1592"): the value is read on its own.
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let Some(rest) = line.strip_prefix("Date") else {
            continue;
        };
        if !rest.starts_with(|c: char| c.is_ascii_digit() || c.is_ascii_uppercase()) {
            continue;
        }
        let base = at + "Date".len();
        for mut d in find_english_words(rest) {
            d.start += base;
            d.end += base;
            // What was read of the value glued to its key ("1592" of "Date7 May 1592") is
            // part of the date read now.
            out.retain(|o| o.end <= d.start || o.start >= d.end);
            out.push(d);
        }
    }
    out.sort_by_key(|d| d.start);
    day_range_starts(text, &mut out);
    range_years(text, &mut out);
    mark_look_ahead(text, &mut out, false);
    mark_life(text, &mut out, false);
    mark_recurring(text, &mut out);
    out
}

/// The other day of a range of days written once with its month: the first of "13–16 August
/// 1592" or "between 23 and 26 September", in the month and year of the last; the last of
/// "August 13–16, 1592", whose year the first takes.
fn day_range_starts(text: &str, out: &mut Vec<DateMention>) {
    let mut starts = Vec::new();
    for d in out.iter() {
        let (Some(month), Some(last)) = (d.month, d.day) else {
            continue;
        };
        // Day first: the range ends the text before the date ("13–", "23 to", "23 and").
        let before = text[..d.start].trim_end_matches(' ');
        let Some(before) = before.strip_suffix(['–', '—', '-']).or_else(|| {
            [" to", " and", " until", " through"]
                .iter()
                .find_map(|w| before.strip_suffix(w))
        }) else {
            continue;
        };
        let before = before.trim_end_matches(' ');
        let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let at = before.len() - digits;
        if !(1..=2).contains(&digits)
            || before[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == ',')
        {
            continue;
        }
        let Some(first) = before[at..]
            .parse::<u8>()
            .ok()
            .filter(|&f| f >= 1 && f < last)
        else {
            continue;
        };
        let mut m = DateMention::new(at, at + digits, d.calendar);
        m.day = Some(first);
        m.month = Some(month);
        m.year = d.year;
        m.english_lunar = d.english_lunar;
        starts.push(m);
    }
    // Month first: "August 13–16, 1592", "July 8 to 10, 1592": the last day, with the year
    // written after it, which the first day takes too.
    for d in out.iter_mut() {
        let (Some(month), Some(first), None) = (d.month, d.day, d.year) else {
            continue;
        };
        let Some(c) = EN_MONTH_FIRST_RANGE_END.captures(&text[d.end..]) else {
            continue;
        };
        let (Some(whole), Some(day), Some(year)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(last), Ok(year)) = (day.as_str().parse::<u8>(), year.as_str().parse::<i32>())
        else {
            continue;
        };
        if last <= first || last > 31 {
            continue;
        }
        d.year = Some(year);
        let mut m = DateMention::new(d.end + day.start(), d.end + whole.end(), d.calendar);
        (m.day, m.month, m.year, m.english_lunar) =
            (Some(last), Some(month), Some(year), d.english_lunar);
        starts.push(m);
    }
    if !starts.is_empty() {
        // The year read alone in a range's last date is part of it.
        out.retain(|o| {
            !(o.month.is_none() && starts.iter().any(|m| o.start < m.end && o.end > m.start))
        });
        out.extend(starts);
        out.sort_by_key(|d| d.start);
    }
}

/// The end of a range of days written month first, after its first day: "–16, 1592", " to 10,
/// 1592".
static EN_MONTH_FIRST_RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[–—-]|to|until|through)\s*([0-3]?\d)(?:st|nd|rd|th)?(?:,\s*|\s+)(1\d{3})(?-u:\b)",
    )
    .expect("month-first range pattern")
});

/// The first date of a range that writes its year only at the end ("29 January – 19 February
/// 1598", "May 23 – December 16, 1598") takes that year, or the year before when its month and
/// day come later in the year: not the year of the text before it.
fn range_years(text: &str, out: &mut [DateMention]) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        let (None, Some(year), Some(am), Some(bm)) = (a.year, b.year, a.month, b.month) else {
            continue;
        };
        let between = text.get(a.end..b.start).unwrap_or("").trim();
        if !["–", "—", "-", "to", "until", "through"].contains(&between) {
            continue;
        }
        let later = (am, a.day.unwrap_or(1)) > (bm, b.day.unwrap_or(1));
        out[k - 1].year = Some(if later { year - 1 } else { year });
    }
}

/// [`find_english`] where every date stands apart from the word before it.
fn find_english_words(text: &str) -> Vec<DateMention> {
    let mut out = Vec::new();
    let g = &*EN_DATE_GROUPS;
    for caps in en_date_matches(text) {
        let Some(whole) = caps.get(0) else { continue };
        let num = |group: usize| caps.get(group).and_then(|m| m.as_str().parse::<i32>().ok());
        let mut d = DateMention::new(whole.start(), whole.end(), Calendar::Gregorian);
        if let Some(m) = caps.get(g.m1) {
            d.month = en_month(m.as_str());
            d.day = num(g.d1).map(|x| x as u8);
            d.year = num(g.y1);
        } else if let Some(m) = caps.get(g.m2) {
            d.month = en_month(m.as_str());
            d.day = num(g.d2).map(|x| x as u8);
            d.year = num(g.y2).or_else(|| num(g.y4));
        } else if let Some(m) = caps.get(g.m3) {
            d.month = en_month(m.as_str());
            d.year = num(g.y3);
        } else if let Some(m) = caps.get(g.im) {
            d.month = m.as_str().parse().ok();
            d.day = num(g.id).map(|x| x as u8);
            d.year = num(g.iy);
        } else if let Some(ya) = caps.get(g.ya) {
            if caps.get(g.tail).is_some() {
                continue; // a count (1,133 men), not a year
            }
            let y = ya.as_str().parse::<i32>().ok();
            d.year = y;
            d.end = caps.get(g.yb).map_or(ya.end(), |m| m.end());
            d.year_end = caps.get(g.yb).and_then(|m| {
                let s = m.as_str();
                let v: i32 = s.parse().ok()?;
                if s.len() == 2 {
                    y.map(|y| y / 100 * 100 + v)
                } else {
                    Some(v)
                }
            });
        }
        if d.day.is_some_and(|x| x == 0 || x > 31) {
            continue;
        }
        if d.month.is_some() {
            mark_lunar(text, &mut d);
        }
        out.push(d);
    }
    for caps in EN_ORDINAL
        .captures_iter(text)
        .chain(EN_ORDINAL_MONTH_FIRST.captures_iter(text))
    {
        let Some(whole) = caps.get(0) else { continue };
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u8>().ok());
        let mut d = DateMention::new(whole.start(), whole.end(), Calendar::Lunar);
        d.english_lunar = true;
        d.day = num("day").or_else(|| caps.name("dword").and_then(|m| day_word(m.as_str())));
        d.month = num("month").or_else(|| {
            let word = caps.name("mword")?.as_str().to_ascii_lowercase();
            let at = ORDINAL_WORDS.iter().position(|w| *w == word)?;
            u8::try_from(at + 1).ok()
        });
        d.leap = caps.name("leap").is_some();
        d.year = caps.name("year").and_then(|m| m.as_str().parse().ok());
        let valid = d.month.is_some_and(|m| (1..=12).contains(&m))
            && d.day.is_some_and(|x| (1..=30).contains(&x));
        if valid {
            // The year written in it was also read as a year alone: keep the whole date.
            out.retain(|o| o.end <= d.start || o.start >= d.end);
            out.push(d);
        }
    }
    for caps in EN_ORDINAL_MONTH.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let year: Option<i32> = caps.name("year").and_then(|m| m.as_str().parse().ok());
        let overlaps = |o: &DateMention| o.end > whole.start() && o.start < whole.end();
        if (caps.name("lunar").is_none() && year.is_none())
            || out.iter().any(|o| o.english_lunar && overlaps(o))
        {
            continue;
        }
        let mut d = DateMention::new(whole.start(), whole.end(), Calendar::Lunar);
        d.english_lunar = true;
        d.month = caps
            .name("month")
            .and_then(|m| m.as_str().parse::<u8>().ok())
            .or_else(|| {
                let word = caps.name("mword")?.as_str().to_ascii_lowercase();
                let at = ORDINAL_WORDS.iter().position(|w| *w == word)?;
                u8::try_from(at + 1).ok()
            });
        d.leap = caps.name("leap").is_some();
        d.year = year;
        if d.month.is_some_and(|m| (1..=12).contains(&m)) {
            out.retain(|o| !overlaps(o));
            out.push(d);
        }
    }
    month_range_starts(text, &mut out);
    months_alone(text, &mut out);
    out.sort_by_key(|d| d.start);
    out
}

/// A month written alone after a word that makes it a time ("in mid-June", "by August", "in
/// June and July", "late May"): the month of the narration's year ([`fill_years`]). A month
/// with a day or a year is read by [`EN_DATE`]; a capitalised month after no such word ("May
/// he…", "March on…") is not read.
static EN_MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:[Ee]arly|[Ll]ate|[Mm]id|[Ii]n|[Bb]y|[Ff]rom|[Uu]ntil|[Tt]ill|[Dd]uring|[Ss]ince|[Bb]efore|[Aa]fter|[Tt]hrough|[Tt]hroughout|of|and|or|to)(?:[\s-]+(?:the\s+)?(?:early|late|mid|end\s+of|beginning\s+of|middle\s+of))?[\s-]+(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)",
    )
    .expect("month alone pattern")
});

fn months_alone(text: &str, out: &mut Vec<DateMention>) {
    // Sorted by start, so that the dates a month may be part of are found by bisection (a long
    // paragraph can hold thousands of dates).
    out.sort_by_key(|d| d.start);
    let mut found = Vec::new();
    for caps in EN_MONTH_ALONE.captures_iter(text) {
        let Some(m) = caps.name("m") else { continue };
        // A day or a year after it: a whole date, read by EN_DATE (or a count: "June 5,000").
        let after = text[m.end()..].trim_start_matches([' ', ',']);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // Part of a date read already ("July – October 1592"): every English date is shorter
        // than LONGEST_DATE bytes.
        let from = out.partition_point(|o| o.start + LONGEST_DATE < m.start());
        let to = out.partition_point(|o| o.start < m.end());
        if out[from..to.max(from)].iter().any(|o| o.end > m.start()) {
            continue;
        }
        let mut d = DateMention::new(m.start(), m.end(), Calendar::Gregorian);
        d.month = en_month(m.as_str());
        mark_lunar(text, &mut d);
        found.push(d);
    }
    out.extend(found);
}

/// More bytes than any English date the patterns read spans.
const LONGEST_DATE: usize = 128;

/// Makes `d`, an English date with a month, lunar when the text says so after it ("(lunar)",
/// "in the Korean calendar") or before it ("the lunar …").
fn mark_lunar(text: &str, d: &mut DateMention) {
    if LUNAR_MARK.is_match(&text[d.end..]) || LUNAR_PREFIX.is_match(before(text, d.start, 40)) {
        d.calendar = Calendar::Lunar;
        d.english_lunar = true;
    }
}

/// A month written alone before a dash or "to" and a month with its year ("July – October
/// 1592", "May to June 1593"): the range's first month, dated by the year after it (the year
/// before when its month comes later in the year: "November 1592 – February 1593" is read
/// whole, "December – February 1593" starts in 1592).
static EN_MONTH_RANGE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][a-z]+)\s*(?:–|—|-|\bto\b|\buntil\b|\bthrough\b)\s*$")
        .expect("month range pattern")
});

fn month_range_starts(text: &str, out: &mut Vec<DateMention>) {
    let mut starts = Vec::new();
    for d in out.iter() {
        let (Some(month), Some(year), None) = (d.month, d.year, d.day) else {
            continue;
        };
        let before = before(text, d.start, 24);
        let Some(c) = EN_MONTH_RANGE_START.captures(before) else {
            continue;
        };
        let Some(name) = c.get(1) else { continue };
        let Some(first) = en_month(name.as_str()).filter(|_| is_full_month(name.as_str())) else {
            continue;
        };
        let offset = d.start - before.len();
        let mut m = DateMention::new(offset + name.start(), offset + name.end(), d.calendar);
        m.month = Some(first);
        // The year comes from the range itself, not from the context before it.
        m.year = Some(if first > month { year - 1 } else { year });
        m.english_lunar = d.english_lunar;
        starts.push(m);
    }
    out.extend(starts);
}

/// Says that the English date before it is lunar: "(lunar)", "(Korean calendar)", "in the
/// Lunar calendar", "of the lunar calendar".
static LUNAR_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^,?\s*(?:[(\[]\s*(?:(?:by|in|on)\s+the\s+)?(?:lunar|korean|chinese|lunisolar)(?:\s+calendar)?\s*[)\]]|(?:in|of|on|by)\s+the\s+(?:korean\s+|chinese\s+)?(?:lunar|korean|chinese|lunisolar)\s+calendar)",
    )
    .expect("lunar mark pattern")
});

/// Lunar dates written by ordinals: "1st day, 9th month of 1592", "the 14th day of the 4th
/// (lunar) month", "the 1st day of the leap 8th month".
/// Ordinal words of the months of a lunar year ("the fourth month").
const ORDINAL_WORDS: [&str; 12] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
];

static EN_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)|(?P<dword>{DAY_WORDS}))(?:\s+day(?:,\s*|\s+of\s+(?:the\s+)?)|\s+of\s+the\s+)(?P<leap>(?:leap|intercalary)\s+)?(?:(?P<month>1[0-2]|0?[1-9])(?:st|nd|rd|th)|(?P<mword>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth))\s+(?:lunar\s+|\(lunar\)\s+)?month(?:,?\s+(?:of\s+)?(?:the\s+year\s+)?(?P<year>1\d{{3}})(?-u:\b))?",
    ))
    .expect("ordinal date pattern")
});

/// Days of a month written as ordinal words ("the thirteenth day"), longest first.
const DAY_WORDS: &str = "twenty[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|twentieth|nineteenth|eighteenth|seventeenth|sixteenth|fifteenth|fourteenth|thirteenth|twelfth|eleventh|tenth|ninth|eighth|seventh|sixth|fifth|fourth|third|second|first";

/// The day an ordinal word names ("thirteenth" 13, "twenty-first" 21).
fn day_word(word: &str) -> Option<u8> {
    const TEENS: [&str; 10] = [
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    let word = word.to_ascii_lowercase();
    let unit = |w: &str| {
        ORDINAL_WORDS[..9]
            .iter()
            .position(|o| *o == w)
            .map(|k| k as u8 + 1)
    };
    if let Some(rest) = word.strip_prefix("twenty") {
        let rest = rest.trim_start_matches(['-', ' ']);
        return if rest.is_empty() {
            None
        } else {
            unit(rest).map(|u| 20 + u)
        };
    }
    match word.as_str() {
        "twentieth" => Some(20),
        "thirtieth" => Some(30),
        w => unit(w).or_else(|| TEENS.iter().position(|t| *t == w).map(|k| k as u8 + 10)),
    }
}

/// A lunar month alone, by its ordinal: "the eighth month of 1597", "the 8th lunar month".
/// Read only with "lunar" or a year: "the second month of the siege" is no month of a
/// calendar.
static EN_ORDINAL_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?P<leap>(?:leap|intercalary)\s+)?(?:(?P<month>1[0-2]|0?[1-9])(?:st|nd|rd|th)|(?P<mword>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth))\s+(?P<lunar>lunar\s+)?month(?-u:\b)(?:,?\s+(?:of\s+)?(?:the\s+year\s+)?(?P<year>1\d{3})(?-u:\b))?",
    )
    .expect("ordinal month pattern")
});

/// Says that the English date after it is lunar: "(Korean calendar: 13 August)", "(lunar: 8
/// August)".
static LUNAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[(\[]\s*(?:(?:by|in|on)\s+the\s+)?(?:lunar|korean|chinese|lunisolar)(?:\s+calendar)?\s*[:,]?\s*$",
    )
    .expect("lunar prefix pattern")
});

/// At most the last `n` bytes of `text` before byte `at`, from a character boundary.
pub(crate) fn before(text: &str, at: usize, n: usize) -> &str {
    let mut from = at.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..at]
}

/// The same, month first: "(lunar 5th month, 29th day)", "the 5th lunar month, 4th day of
/// 1592".
static EN_ORDINAL_MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:lunar\s+)?(?P<leap>(?:leap|intercalary)\s+)?(?:(?P<month>1[0-2]|0?[1-9])(?:st|nd|rd|th)|(?P<mword>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth))\s+(?:lunar\s+)?month,?\s*(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)\s+day(?-u:\b)(?:,?\s+(?:of\s+)?(?:the\s+year\s+)?(?P<year>1\d{3})(?-u:\b))?",
    )
    .expect("month-first ordinal date pattern")
});

capture_groups!(
    /// The groups of [`ZH_DATE`].
    ZhDateGroups { aday, amonth, era, eyear, gday, gmonth, gyear, lday, year, zday, zmonth }
);

static ZH_DATE_GROUPS: LazyLock<ZhDateGroups> = LazyLock::new(|| ZhDateGroups::of(&ZH_DATE));

static ZH_DATE: LazyLock<Near> = LazyLock::new(|| {
    Near::new(
        r"(?x)
        (?:(?P<year>\d{3,4})年|(?P<era>\p{Han}{2,3}?)(?P<eyear>元|[一二三四五六七八九十廿〇零]{1,4}|\d{1,2})年)?
        (?:
          (?P<amonth>1[0-2]|0?[1-9])月(?:(?P<aday>[0-3]?\d)日)?
          |
          (?P<zmonth>閏?(?:正|十[一二]|[一二三四五六七八九十]|冬|臘))月(?P<zday>初[一二三四五六七八九十]|廿[一二三四五六七八九]?|卅|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])?日?
          |
          (?P<lday>初[一二三四五六七八九十]|廿[一二三四五六七八九])日
        )?
        (?P<gloss>[（(](?:公[曆历]|西[曆历]|[陽阳][曆历]|新[曆历]|公元)?(?:(?P<gyear>\d{4})年)?(?P<gmonth>1[0-2]|0?[1-9])月(?P<gday>[0-3]?\d)日[）)])?
        ",
    )
});

pub(crate) fn zh_small(s: &str) -> Option<u8> {
    let s = s.trim_start_matches('初').trim_start_matches('閏');
    let v = match s {
        "正" => 1,
        "冬" => 11,
        "臘" => 12,
        _ => parse_chinese_numeral(s)?.0,
    };
    u8::try_from(v).ok()
}

/// Where a Chinese date can start: a cheap scan that spares the full pattern (whose parts are
/// all optional) from trying every position.
static ZH_DATE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\d{3,4}年|\p{Han}{2,3}(?:元|[一二三四五六七八九十廿〇零]{1,4}|\d{1,2})年|\d{1,2}月|閏?(?:正|十[一二]|[一二三四五六七八九十]|冬|臘)月|(?:初|廿)[一二三四五六七八九十]日|[（(]\d",
    )
    .expect("chinese date prefilter")
});

/// Chinese dates in `text`, with era years resolved through `eras`.
pub fn find_chinese(text: &str, eras: &[Era]) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut starts = Vec::new();
    while let Some(m) = ZH_DATE_START.find_at(text, from) {
        starts.push(m.start());
        from = super::next_char(text, m.start());
    }
    let mut done = 0;
    let g = &*ZH_DATE_GROUPS;
    for start in starts {
        if start < done {
            continue;
        }
        let Some(caps) = ZH_DATE.at(text, start, None) else {
            continue;
        };
        let Some(whole) = caps.get(0) else { continue };
        if whole.start() != start || whole.as_str().is_empty() {
            continue;
        }
        done = whole.end();
        let mut d = DateMention::new(whole.start(), whole.end(), Calendar::Unknown);
        let mut has_part = false;
        if let Some(y) = caps.get(g.year) {
            d.year = y.as_str().parse().ok();
            has_part = true;
        } else if let (Some(era), Some(ey)) = (caps.get(g.era), caps.get(g.eyear)) {
            // The era name may be preceded by other characters matched greedily: take the
            // longest known era that ends the captured text.
            let era_text = era.as_str();
            let found = eras
                .iter()
                .filter(|e| era_text.ends_with(e.name.as_str()))
                .max_by_key(|e| e.name.len());
            match found {
                Some(e) => {
                    let n = if ey.as_str() == "元" {
                        1
                    } else {
                        ey.as_str()
                            .parse::<i32>()
                            .ok()
                            .or_else(|| zh_small(ey.as_str()).map(i32::from))
                            .unwrap_or(0)
                    };
                    if n > 0 {
                        d.year = Some(e.start + n - 1);
                        d.era_start = Some(e.start);
                        d.start = era.end() - e.name.len();
                        has_part = true;
                    }
                }
                None => match counted_year(era_text, ey.as_str()) {
                    // A year without its era, a month after it (二十五年八月): counted in the
                    // era in force.
                    Some((n, numerals))
                        if caps.get(g.amonth).or_else(|| caps.get(g.zmonth)).is_some() =>
                    {
                        d.reign_year = Some(n);
                        d.start = era.end() - numerals;
                        d.calendar = Calendar::Lunar;
                    }
                    // Not a known era: start the match after it (a month may follow).
                    _ => {
                        d.start = caps
                            .get(g.amonth)
                            .or_else(|| caps.get(g.zmonth))
                            .or_else(|| caps.get(g.lday))
                            .map_or(whole.end(), |m| m.start());
                    }
                },
            }
        }
        if let Some(m) = caps.get(g.amonth) {
            d.month = m.as_str().parse().ok();
            d.day = caps.get(g.aday).and_then(|x| x.as_str().parse().ok());
            // Lunar as these articles write them, unless a Gregorian year is written with it.
            d.calendar = if caps.get(g.year).is_some() {
                Calendar::Unknown
            } else {
                Calendar::Lunar
            };
            has_part = true;
        } else if let Some(m) = caps.get(g.zmonth) {
            d.leap = m.as_str().starts_with('閏');
            d.month = zh_small(m.as_str());
            d.day = caps.get(g.zday).and_then(|x| zh_small(x.as_str()));
            d.calendar = Calendar::Lunar;
            has_part = true;
        } else if let Some(x) = caps.get(g.lday) {
            d.day = zh_small(x.as_str());
            d.calendar = Calendar::Lunar;
            has_part = true;
        } else if d.year.is_some() {
            d.calendar = Calendar::Gregorian;
            if caps.get(g.year).is_none() {
                d.calendar = Calendar::Lunar; // an era year alone
            }
        }
        // A calendar named before the date (農曆四月十三日, 公曆5月23日) is its calendar.
        match calendar_marked(&text[..d.start]) {
            Some(Calendar::Gregorian) if d.month.is_some() => d.calendar = Calendar::Gregorian,
            Some(Calendar::Lunar) if d.month.is_some() || d.day.is_some() => {
                d.calendar = Calendar::Lunar
            }
            _ => {}
        }
        if let (Some(gm), Some(gd)) = (caps.get(g.gmonth), caps.get(g.gday)) {
            let gy = caps.get(g.gyear).and_then(|y| y.as_str().parse().ok());
            let (m, day) = (gm.as_str().parse().ok(), gd.as_str().parse().ok());
            if let (Some(m), Some(day)) = (m, day) {
                if d.month.is_none() && d.day.is_none() && d.year.is_none() {
                    // A gloss alone: a Gregorian date in parentheses.
                    d.calendar = Calendar::Gregorian;
                    d.year = gy;
                    d.month = Some(m);
                    d.day = Some(day);
                } else {
                    if d.calendar == Calendar::Unknown {
                        d.calendar = Calendar::Lunar;
                    }
                    d.gregorian = Some((gy, m, day));
                }
                has_part = true;
            }
        }
        let valid = d.month.is_none_or(|m| (1..=12).contains(&m))
            && d.day.is_none_or(|x| (1..=31).contains(&x));
        if has_part && valid && d.start < d.end {
            if d.year.is_none() {
                let before = &text[..d.start];
                d.next_year = ["翌年", "次年", "明年", "第二年"]
                    .iter()
                    .any(|w| before.ends_with(w));
            }
            out.push(d);
        }
    }
    cycle_years(text, &mut out);
    join_year_spans(text, &mut out);
    resolve_by_lunar_gloss(text, &mut out);
    mark_look_ahead(text, &mut out, true);
    mark_life(text, &mut out, true);
    mark_recurring(text, &mut out);
    out
}

/// Words opening a clause that leaps ahead of the narration to a later fate ("later took part
/// in the siege of 1593"); the narration then goes on from where it was.
const LOOK_AHEAD_ZH: &[&str] = &["後來", "后来", "日後", "日后"];
const LOOK_AHEAD_EN: &[&str] = &["later", "would go on", "went on to"];

/// The longest clause [`mark_look_ahead`] reads back from a date, in bytes.
const MAX_CLAUSE_BYTES: usize = 240;

/// Marks the dates of `out` written in a clause of `text` that looks ahead
/// ([`DateMention::look_ahead`]): the clause is what lies between the last clause mark before
/// the date and the date.
fn mark_look_ahead(text: &str, out: &mut [DateMention], cjk: bool) {
    for d in out.iter_mut() {
        // Clauses are short: the look back is bounded (a megabyte without a mark is read in
        // linear time), and a longer run without a mark is no clause to read.
        let mut from = d.start.saturating_sub(MAX_CLAUSE_BYTES);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = &text[from..d.start];
        let mark = if cjk {
            before.rfind(['，', '。', '；', '：', '！', '？', '\n'])
        } else {
            before.rfind(['.', ';', ',', ':', '(', '\n'])
        };
        let clause = match mark {
            Some(i) => &before[i..],
            None if from == 0 => before,
            None => continue,
        };
        d.look_ahead = if cjk {
            LOOK_AHEAD_ZH.iter().any(|w| clause.contains(w))
        } else {
            let lower = clause.to_ascii_lowercase();
            LOOK_AHEAD_EN.iter().any(|w| {
                lower
                    .match_indices(w)
                    .any(|(i, _)| !lower[..i].ends_with(|c: char| c.is_ascii_alphabetic()))
            })
        };
    }
}

/// Marks the years of `out` that date someone's life rather than the story
/// ([`DateMention::life`]): a year-only date right after "born" ("born in 1552", "b. 1552") or
/// 生於 / 出生於, or right before 生 / 出生 (1552年生); a span of years of at least
/// [`LIFESPAN_YEARS`] in parentheses right after a name ("Gwak Jae-u (1552–1617)",
/// 郭再祐（1552年－1617年）).
fn mark_life(text: &str, out: &mut [DateMention], cjk: bool) {
    for d in out.iter_mut() {
        if d.month.is_some() || d.day.is_some() || d.year.is_none() {
            continue;
        }
        let before = &text[..d.start];
        let after = &text[d.end..];
        let born = if cjk {
            ["生於", "生于", "出生於", "出生于"]
                .iter()
                .any(|w| before.ends_with(w))
                || (after.starts_with('生') && !after.starts_with("生擒"))
                || after.starts_with("出生")
        } else {
            // The last few bytes before the date, from a character's start.
            let lower = self::before(text, d.start, 12).to_ascii_lowercase();
            let lower = lower.trim_end();
            ["born", "born in", "born on", "b."].iter().any(|w| {
                lower.ends_with(w)
                    && !lower[..lower.len() - w.len()].ends_with(|c: char| c.is_ascii_alphabetic())
            })
        };
        let lifespan = d
            .year_end
            .zip(d.year)
            .is_some_and(|(b, a)| b - a >= LIFESPAN_YEARS)
            && (before.ends_with('(') || before.ends_with('（'))
            && before[..before.len() - before.chars().next_back().map_or(0, char::len_utf8)]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && (after.starts_with(')') || after.starts_with('）'));
        d.life = born || lifespan;
    }
}

/// Marks the dates of `out` that recur every year ([`DateMention::recurs`]).
fn mark_recurring(text: &str, out: &mut [DateMention]) {
    for d in out.iter_mut() {
        d.recurs = recurs(text, d.start);
    }
}

/// Whether the date starting at byte `start` of `text` recurs every year (每年六月, 每逢十月,
/// "every October", "each year in June"): a festival or a rite of today, not a time of the war.
fn recurs(text: &str, start: usize) -> bool {
    let before = before(text, start, 32).trim_end();
    const ZH: &[&str] = &[
        "每年",
        "每逢",
        "每年的",
        "每年農曆",
        "每年农历",
        "每年陰曆",
        "每年阴历",
    ];
    if ZH.iter().any(|w| before.ends_with(w)) {
        return true;
    }
    let lower = before.to_lowercase();
    [
        "every",
        "each",
        "every year in",
        "each year in",
        "every year on",
        "each year on",
        "annually in",
        "annually on",
    ]
    .iter()
    .any(|w| {
        lower.ends_with(w)
            && lower[..lower.len() - w.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The shortest span of years in parentheses after a name read as a lifespan (a campaign's
/// years, "(1592–1598)", are shorter).
const LIFESPAN_YEARS: i32 = 15;

/// Chinese numerals of a year count.
const ZH_YEAR_NUMERALS: &str = "一二三四五六七八九十廿〇零";

/// The year count of a year written without its era: the numerals ending `before` (what the
/// pattern took for an era) and the year's own `written` (元 alone: the first year). The
/// count, and the bytes of `before` it takes.
fn counted_year(before: &str, written: &str) -> Option<(u16, usize)> {
    let numerals = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| ZH_YEAR_NUMERALS.contains(*c))
        .last()
        .map_or(before.len(), |(at, _)| at);
    let digits = &before[numerals..];
    let n = if written == "元" {
        digits.is_empty().then_some(1)?
    } else {
        if !written.chars().all(|c| ZH_YEAR_NUMERALS.contains(c)) {
            return None;
        }
        crate::mentions::numbers::parse_chinese_numeral(&format!("{digits}{written}"))?.0
    };
    let n = u16::try_from(n).ok().filter(|n| (1..=60).contains(n))?;
    Some((n, before.len() - numerals))
}

/// Heavenly stems and earthly branches: a year of the sexagenary cycle is a stem and a branch.
const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";

static ZH_CYCLE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([甲乙丙丁戊己庚辛壬癸])([子丑寅卯辰巳午未申酉戌亥])年")
        .expect("cycle year pattern")
});

/// The place of a stem and branch in the sexagenary cycle (甲子 0, 壬辰 28), if they pair.
fn cycle_index(stem: char, branch: char) -> Option<u8> {
    let s = STEMS.chars().position(|c| c == stem)? as i32;
    let b = BRANCHES.chars().position(|c| c == branch)? as i32;
    (s % 2 == b % 2).then(|| (6 * s - 5 * b).rem_euclid(60) as u8)
}

/// Years of the sexagenary cycle (丁酉年八月): the year of the month after them.
fn cycle_years(text: &str, dates: &mut [DateMention]) {
    for c in ZH_CYCLE_YEAR.captures_iter(text) {
        let (Some(whole), Some(stem), Some(branch)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let first = |m: regex::Match<'_>| m.as_str().chars().next();
        let Some(index) = first(stem)
            .zip(first(branch))
            .and_then(|(s, b)| cycle_index(s, b))
        else {
            continue;
        };
        // Only with the month after it: a cycle year alone mostly names the war's year in
        // retrospect (在壬辰年扭轉戰局), not the paragraph's time.
        if let Some(d) = dates.iter_mut().find(|d| {
            d.start == whole.end()
                && d.year.is_none()
                && d.reign_year.is_none()
                && d.month.is_some()
        }) {
            d.cycle = Some(index);
            d.start = whole.start();
        }
    }
    dates.sort_by_key(|d| d.start);
}

/// A 甲子 year: where the sexagenary cycle is counted from.
const CYCLE_EPOCH: i32 = 1564;

/// Years counted in an era or in the sexagenary cycle, in text order: a year written without
/// its era (二十五年) counts in the last era written before it, in this paragraph or an earlier
/// one (`era`, carried across them); a cycle year (丁酉年) is the one of its name nearest the
/// year in force (`year`). Unresolved, they stay without a year.
pub fn resolve_counted_years(dates: &mut [DateMention], era: &mut Option<i32>, year: Option<i32>) {
    let mut current = year;
    for d in dates.iter_mut() {
        if let Some(s) = d.era_start {
            *era = Some(s);
        }
        if d.year.is_none() {
            if let (Some(n), Some(s)) = (d.reign_year, *era) {
                d.year = Some(s + i32::from(n) - 1);
            } else if let (Some(c), Some(y)) = (d.cycle, current) {
                let base = y - (y - CYCLE_EPOCH - i32::from(c)).rem_euclid(60);
                d.year = Some(if y - base > 30 { base + 60 } else { base });
            }
        }
        if d.year.is_some() {
            current = d.year;
        }
    }
}

/// Merges a span of years written 1592年至1593年 (or with 到, －, –, —) into one date with a
/// last year, so that the narration that follows starts in the first year, not the last.
fn join_year_spans(text: &str, dates: &mut Vec<DateMention>) {
    let year_only = |d: &DateMention| {
        d.year.is_some() && d.month.is_none() && d.day.is_none() && d.year_end.is_none()
    };
    let mut i = 0;
    while i + 1 < dates.len() {
        let (a, b) = (&dates[i], &dates[i + 1]);
        let between = text.get(a.end..b.start).unwrap_or("").trim();
        if year_only(a)
            && year_only(b)
            && a.calendar == b.calendar
            && ["至", "到", "－", "-", "–", "—", "~", "～"].contains(&between)
            && b.year > a.year
        {
            dates[i].year_end = dates[i + 1].year;
            dates[i].end = dates[i + 1].end;
            dates.remove(i + 1);
        }
        i += 1;
    }
}

/// Words naming the Gregorian calendar before a date (公曆5月23日).
const GREGORIAN_MARKS: &[&str] = &[
    "公曆",
    "公历",
    "西曆",
    "西历",
    "陽曆",
    "阳历",
    "新曆",
    "新历",
    "格里曆",
    "格里历",
];

/// Words naming the lunar calendar before a date (農曆四月十三日).
const LUNAR_MARKS: &[&str] = &[
    "農曆",
    "农历",
    "陰曆",
    "阴历",
    "舊曆",
    "旧历",
    "夏曆",
    "夏历",
    "陰陽曆",
    "阴阳历",
];

/// The calendar a Chinese text names right before a date, if any.
fn calendar_marked(before: &str) -> Option<Calendar> {
    if GREGORIAN_MARKS.iter().any(|m| before.ends_with(m)) {
        Some(Calendar::Gregorian)
    } else if LUNAR_MARKS.iter().any(|m| before.ends_with(m)) {
        Some(Calendar::Lunar)
    } else {
        None
    }
}

/// A date in Arabic numerals without a year, read as lunar only because these articles
/// mostly write so (4月14日): no calendar is named before it and no gloss resolves it.
fn lunar_by_default(text: &str, d: &DateMention) -> bool {
    d.calendar == Calendar::Lunar
        && d.gregorian.is_none()
        && text[d.start..].starts_with(|c: char| c.is_ascii_digit())
        && calendar_marked(&text[..d.start]).is_none()
}

/// A date of unknown calendar (or an Arabic one read as lunar by default) followed by a
/// lunar date in parentheses (1597年8月27日（萬曆二十五年七月十五）, 5月23日（農曆四月十三日）)
/// is the Gregorian date of the lunar one. A few characters naming whose calendar (明, 朝鮮,
/// 農曆) may open the parentheses.
fn resolve_by_lunar_gloss(text: &str, dates: &mut [DateMention]) {
    for i in 0..dates.len().saturating_sub(1) {
        let (a, b) = (&dates[i], &dates[i + 1]);
        let between = text.get(a.end..b.start).unwrap_or("");
        let opens = between
            .strip_prefix('（')
            .or_else(|| between.strip_prefix('('))
            .is_some_and(|who| {
                who.chars().count() <= 4 && who.chars().all(crate::corpus::detect::is_han)
            });
        let closes = text
            .get(b.end..)
            .is_some_and(|t| t.starts_with('）') || t.starts_with(')'));
        if (a.calendar == Calendar::Unknown || lunar_by_default(text, a))
            && a.day.is_some()
            && b.calendar == Calendar::Lunar
            && !lunar_by_default(text, b)
            && opens
            && closes
        {
            dates[i].calendar = Calendar::Gregorian;
        }
    }
}

/// Fills missing years from the last year written before each date (in order), marking them
/// inferred. `context` is the year in force before the text begins (from earlier paragraphs).
/// A lunar day written alone (初七日) takes the month of the last date of the paragraph when it
/// comes later in that month. Returns the year in force at the end.
pub fn fill_years(dates: &mut [DateMention], context: Option<i32>) -> Option<i32> {
    let mut current = context;
    let mut last_day: Option<(u8, bool, u8)> = None;
    let mut dated = false;
    let mut last_month: Option<u8> = None;
    // Whether a year opens a date written after it: (1596年）九月, 萬曆二十四年（1596年）九月.
    let mut opens = vec![false; dates.len()];
    for k in (0..dates.len().saturating_sub(1)).rev() {
        let (d, next) = (&dates[k], &dates[k + 1]);
        opens[k] = next.start >= d.end
            && next.start - d.end <= 12
            && ((next.year.is_none() && next.month.is_some()) || opens[k + 1]);
    }
    // The year a date written without one takes from the date that closes its range
    // ("19 October – about 4 November 1598"; "28 December – 3 January 1593", the year before).
    let closes: Vec<Option<i32>> = (0..dates.len())
        .map(|k| {
            let (d, next) = (&dates[k], dates.get(k + 1)?);
            let (Some(m), Some(y), Some(next_m)) = (d.month, next.year, next.month) else {
                return None;
            };
            // A day may stand a few words from the range's end ("– about"); a month alone
            // only just before it ("October – November 1598").
            let reach = if d.day.is_some() { 12 } else { 6 };
            (d.year.is_none()
                && !d.next_year
                && next.calendar == d.calendar
                && !next.year_inferred
                && !next.look_ahead
                && !next.life
                && next.start >= d.end
                && next.start - d.end <= reach)
                .then_some(if next_m >= m { y } else { y - 1 })
        })
        .collect();
    for (k, d) in dates.iter_mut().enumerate() {
        if d.calendar == Calendar::Lunar
            && d.gregorian.is_none()
            && d.year.is_none()
            && let (None, Some(day), Some((month, leap, before))) = (d.month, d.day, last_day)
            && day > before
        {
            d.month = Some(month);
            d.leap = leap;
            d.month_inferred = true;
        }
        last_day = match (d.month, d.day) {
            (Some(m), Some(day)) if d.calendar == Calendar::Lunar => Some((m, d.leap, day)),
            (Some(_), _) => None,
            _ => last_day,
        };
        // A year far ahead of a paragraph already dated, written alone, tells a later fate
        // (結果…於1599年死於獄中, "he died in 1604"): the narration goes on from where it was.
        let aside = dated
            && d.month.is_none()
            && !opens[k]
            && matches!((d.year, current), (Some(y), Some(c)) if y > c + 1);
        // A month written alone ten or more months after the month the paragraph is in looks
        // back to the year before (萬曆二十一年正月… 在12月底…: the December before), not on
        // to the end of the year.
        let back = d.year.is_none()
            && !d.next_year
            && matches!((d.month, last_month), (Some(m), Some(l)) if m >= l + 10);
        if d.month.is_some() {
            dated = true;
        }
        match d.year {
            Some(_) if d.look_ahead || d.life || aside => {}
            Some(y) => current = Some(y),
            None if closes[k].is_some() => {
                d.year = closes[k];
                d.year_inferred = true;
            }
            None if back => {
                d.year = current.map(|y| y - 1);
                d.year_inferred = d.year.is_some();
            }
            None if d.next_year => {
                current = current.map(|y| y + 1);
                d.year = current;
                d.year_inferred = current.is_some();
            }
            None if d.month.is_some() || d.day.is_some() => {
                d.year = current;
                d.year_inferred = current.is_some();
            }
            None => {}
        }
        if d.month.is_some() && !back && !aside {
            last_month = d.month;
        }
        if let Some((None, m, day)) = d.gregorian {
            // A gloss without a year: the lunar year is the Gregorian year, except that the
            // first lunar months can fall in the next Gregorian year (正月 → February).
            d.gregorian = Some((d.year, m, day));
        }
    }
    current
}

/// The eras of a glossary: entries of kind era (and reigns) with a `#start(YEAR)` tag.
pub fn eras_from_glossary(glossary: &crate::glossary::Glossary) -> Vec<Era> {
    let mut eras = Vec::new();
    for e in &glossary.entries {
        let Some(start) = e.tags().start else {
            continue;
        };
        for (column, text, _) in e.forms() {
            if matches!(
                column,
                crate::glossary::Column::ZhHant
                    | crate::glossary::Column::ZhHans
                    | crate::glossary::Column::JaKanji
            ) {
                eras.push(Era {
                    name: text.to_string(),
                    start,
                });
            }
        }
    }
    eras
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_glued_to_its_infobox_key_is_read() {
        type Read = (usize, Option<i32>, Option<u8>, Option<u8>);
        let got: Vec<Read> =
            find_english("Battle\nDate7 May 1592\nDateMay 23, 1592 – 1598\nDates 1600")
                .iter()
                .map(|d| (d.start, d.year, d.month, d.day))
                .collect();
        assert_eq!(
            got,
            [
                (11, Some(1592), Some(5), Some(7)),
                (26, Some(1592), Some(5), Some(23)),
                (43, Some(1598), None, None),
                (54, Some(1600), None, None),
            ]
        );
    }

    #[test]
    fn an_unmarked_english_date_before_1873_may_be_lunar() {
        let d = &find_english("fought on May 7, 1592, at noon")[0];
        assert!(d.may_be_lunar());
        // The 7th day of the 5th lunar month of 1592.
        assert_eq!(d.as_lunar(), Some((1592, 6, 16)));
        assert!(!find_english("on 14 April 1592 (lunar)")[0].may_be_lunar());
        assert!(!find_english("on 3 May 1905")[0].may_be_lunar());
    }

    #[test]
    fn a_month_range_starts_with_its_first_month() {
        let text = "- Date: July – October 1592; later December to February 1593.";
        let got: Vec<(Option<i32>, Option<u8>, Option<u8>)> = find_english(text)
            .iter()
            .map(|d| (d.year, d.month, d.day))
            .collect();
        assert_eq!(
            got,
            [
                (Some(1592), Some(7), None),
                (Some(1592), Some(10), None),
                (Some(1592), Some(12), None),
                (Some(1593), Some(2), None)
            ]
        );
        // A word that is no month, or a month with a day, starts no range.
        assert_eq!(find_english("Mayhem – October 1592").len(), 1);
    }

    #[test]
    fn a_month_alone_is_read_after_a_word_that_makes_it_a_time() {
        let text = "The invasion began in late May 1592. Yi raided the coast in June and July; the \
                    Japanese entered the capital in mid-June, and by the end of December they had \
                    gone. May he rest. March on! On 7 May 1593 the envoys met.";
        let mut got = find_english(text);
        fill_years(&mut got, None);
        type Read<'a> = (&'a str, Option<i32>, Option<u8>, Option<u8>);
        let got: Vec<Read> = got
            .iter()
            .map(|d| (&text[d.start..d.end], d.year, d.month, d.day))
            .collect();
        assert_eq!(
            got,
            [
                ("May 1592", Some(1592), Some(5), None),
                ("June", Some(1592), Some(6), None),
                ("July", Some(1592), Some(7), None),
                ("June", Some(1592), Some(6), None),
                ("December", Some(1592), Some(12), None),
                ("7 May 1593", Some(1593), Some(5), Some(7)),
            ]
        );
        // Marked lunar, it is a lunar month.
        let lunar = find_english("in August (lunar calendar) the fleet sailed");
        assert_eq!(lunar.len(), 1);
        assert_eq!(lunar[0].calendar, Calendar::Lunar);
    }

    #[test]
    fn seasons_are_read_with_their_year() {
        let zh = "萬曆二十六年秋，明軍分三路。是年冬，倭將撤兵。春秋之義；秋月種長至。當地每年秋季舉行祭典。";
        let found = find_seasons(zh, true);
        let words: Vec<&str> = found.iter().map(|s| &zh[s.start..s.end]).collect();
        assert_eq!(words, ["秋", "冬"], "{found:?}");
        assert!(found.iter().all(|s| s.lunar && s.year.is_none()));
        let en = "In the autumn of 1598 the Ming marched; by winter 1597 the siege; Fall, 1593.";
        let found = find_seasons(en, false);
        let got: Vec<(u8, Option<i32>)> = found.iter().map(|s| (s.season, s.year)).collect();
        assert_eq!(got, [(2, Some(1598)), (3, Some(1597)), (2, Some(1593))]);
        // Lunar autumn 1598: 7th month 1st to the day before the 10th month's 1st.
        let (a, b) = season_interval(2, 1598, true).expect("autumn");
        assert_eq!(Some(a), lunar_to_gregorian(1598, 7, false, 1));
        assert_eq!(Some(add_days(b, 1)), lunar_to_gregorian(1598, 10, false, 1));
        assert_eq!(
            season_interval(3, 1597, false),
            Some(((1597, 12, 1), (1598, 2, 28)))
        );
    }

    use super::*;
    use proptest::prelude::*;

    fn eras() -> Vec<Era> {
        vec![
            Era {
                name: "萬曆".into(),
                start: 1573,
            },
            Era {
                name: "文祿".into(),
                start: 1592,
            },
            Era {
                name: "宣祖".into(),
                start: 1568,
            },
            Era {
                name: "慶長".into(),
                start: 1596,
            },
        ]
    }

    /// The Gregorian readings of the dates of `text` (years filled from `context`).
    fn read(text: &str, context: Option<i32>) -> Vec<Vec<(Ymd, bool)>> {
        let mut ds = find_chinese(text, &eras());
        fill_years(&mut ds, context);
        ds.iter()
            .map(|d| d.readings().iter().map(|r| (r.ymd, r.approx)).collect())
            .collect()
    }

    #[test]
    fn lunar_dates_convert() {
        let cases = [
            // (year, month, leap, day) → Gregorian
            ((1593, 1, false, 27), Some((1593, 2, 27))),
            ((1592, 4, false, 14), Some((1592, 5, 24))),
            ((1592, 12, false, 25), Some((1593, 1, 27))),
            ((1596, 8, true, 1), Some((1596, 9, 22))),
            ((1596, 8, false, 1), Some((1596, 8, 24))),
            ((1592, 4, true, 1), None), // 1592 has no leap month
            ((1592, 4, false, 31), None),
        ];
        for ((y, m, leap, d), want) in cases {
            assert_eq!(
                lunar_to_gregorian(y, m, leap, d),
                want,
                "{y}-{m}-{leap}-{d}"
            );
        }
    }

    #[test]
    fn chinese_dates_read_as_lunar() {
        let lunar = |ymd| vec![(ymd, true)];
        let cases: Vec<(&str, Option<i32>, Vec<Vec<_>>)> = vec![
            (
                "萬曆二十年四月十四日，倭船蔽海而來",
                None,
                vec![lunar((1592, 5, 24))],
            ),
            ("萬曆二十一年正月廿七日", None, vec![lunar((1593, 2, 27))]),
            // Arabic numerals without a Gregorian year: lunar too, the year from the narration.
            ("4月14日倭軍登岸", Some(1592), vec![lunar((1592, 5, 24))]),
            ("閏八月初一日", Some(1596), vec![lunar((1596, 9, 22))]),
            // The next year: 翌年.
            ("翌年正月廿七日", Some(1592), vec![lunar((1593, 2, 27))]),
            // A Gregorian year with Arabic numerals: either calendar.
            (
                "1592年5月4日出港",
                None,
                vec![vec![((1592, 5, 4), false), ((1592, 6, 13), true)]],
            ),
            // … unless a lunar date in parentheses says which.
            (
                "1597年8月27日（萬曆二十五年七月十五）",
                None,
                vec![vec![((1597, 8, 27), false)], lunar((1597, 8, 27))],
            ),
            // A gloss decides.
            (
                "正月廿五日（2月26日）",
                Some(1593),
                vec![vec![((1593, 2, 26), false)]],
            ),
            // A day alone, later in the month of the date before it.
            (
                "五月初四日發船，初七日戰於玉浦",
                Some(1592),
                vec![lunar((1592, 6, 13)), lunar((1592, 6, 16))],
            ),
            // Earlier than it: another month, left unread.
            (
                "五月二十九日至，初二日還",
                Some(1592),
                vec![lunar((1592, 7, 8)), vec![]],
            ),
            // A calendar named before the date decides, in either script.
            (
                "公曆5月23日，日軍登陸",
                Some(1592),
                vec![vec![((1592, 5, 23), false)]],
            ),
            ("农历5月23日", Some(1592), vec![lunar((1592, 7, 2))]),
            (
                "农历四月十三日（公历5月23日）",
                Some(1592),
                vec![vec![((1592, 5, 23), false)]],
            ),
            // An Arabic date glossed by a lunar one after a calendar's or a country's name is
            // Gregorian, with or without its year.
            (
                "5月23日（農曆四月十三日）",
                Some(1592),
                vec![vec![((1592, 5, 23), false)], lunar((1592, 5, 23))],
            ),
            (
                "1592年5月23日（朝鮮宣祖二十五年四月十三日）",
                None,
                vec![vec![((1592, 5, 23), false)], lunar((1592, 5, 23))],
            ),
        ];
        for (text, context, want) in cases {
            assert_eq!(read(text, context), want, "{text}");
        }
    }

    #[test]
    fn era_years() {
        let cases = [
            ("萬曆二十年", 1592),
            ("宣祖二十五年", 1592),
            ("文祿元年", 1592),
            ("慶長三年", 1598),
            ("萬曆20年", 1592),
        ];
        for (text, year) in cases {
            let d = find_chinese(text, &eras());
            assert_eq!(d.len(), 1, "{text}");
            assert_eq!(
                (d[0].year, d[0].calendar),
                (Some(year), Calendar::Lunar),
                "{text}"
            );
        }
    }

    #[test]
    fn a_span_of_years_starts_the_narration_at_its_first_year() {
        let text = "戰事於1592年至1593年間發生。五月十八日，倭軍渡江";
        let mut d = find_chinese(text, &eras());
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].year, d[0].year_end), (Some(1592), Some(1593)));
        fill_years(&mut d, None);
        assert_eq!(d[1].gregorian_ymd(), Some((1592, 6, 27)));
    }

    #[test]
    fn english_lunar_dates() {
        let cases = [
            (
                "They sailed on 14 April 1592 (lunar), at dawn.",
                Some((1592, 5, 24)),
            ),
            (
                "On 19 November in the Lunar calendar, the fleet met",
                Some((1598, 12, 17)),
            ),
            (
                "on 27 January (Korean calendar) the army",
                Some((1593, 2, 27)),
            ),
            (
                "- Date: 1st day, 9th month of 1592 (Korean calendar)",
                Some((1592, 10, 5)),
            ),
            ("on the 1st day of the leap 8th month", Some((1596, 9, 22))),
            ("(lunar 5th month, 29th day of 1592)", Some((1592, 7, 8))),
            ("in the fifth month, 29th day, 1592", Some((1592, 7, 8))),
            // Days and months in words, a day without "day", the mark before the date.
            (
                "on the thirteenth day of the eighth lunar month of 1597",
                Some((1597, 9, 23)),
            ),
            (
                "on the twenty-first day of the fourth month, 1592",
                Some((1592, 5, 31)),
            ),
            ("on the 13th of the 8th month of 1597", Some((1597, 9, 23))),
            ("on the 13th day of 8th month of 1597", Some((1597, 9, 23))),
            (
                "(lunar calendar: 8th month 13th day of 1597)",
                Some((1597, 9, 23)),
            ),
            // Unmarked: Gregorian as written.
            ("On 19 November, the fleet met", Some((1598, 11, 19))),
        ];
        for (text, want) in cases {
            let mut d = find_english(text);
            let year = if text.contains("1592") {
                None
            } else if text.contains("leap") {
                Some(1596)
            } else if text.contains("January") {
                Some(1593)
            } else {
                Some(1598)
            };
            fill_years(&mut d, year);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].gregorian_ymd(), want, "{text}");
        }
    }

    #[test]
    fn english_lunar_months_and_marks_before_the_date() {
        // A lunar month alone, by its ordinal, with a year or "lunar".
        let d = find_english("Konishi marched in the eighth month of 1597.");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].calendar, d[0].month, d[0].day, d[0].year),
            (Calendar::Lunar, Some(8), None, Some(1597))
        );
        let mut d = find_english("They reached it in the 8th lunar month.");
        fill_years(&mut d, Some(1597));
        assert_eq!((d.len(), d[0].month, d[0].year), (1, Some(8), Some(1597)));
        assert!(d[0].english_lunar);
        // A month counted from an event is no month of a calendar.
        assert!(find_english("In the second month of the siege the wells ran dry.").is_empty());
        // The mark before the date: the glossed date is lunar, the other Gregorian.
        let d = find_english("on 23 September 1597 (Korean calendar: 13 August), the army");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].calendar, Calendar::Gregorian);
        let mut d = d;
        fill_years(&mut d, None);
        assert_eq!(d[1].calendar, Calendar::Lunar);
        assert_eq!(d[1].gregorian_ymd(), Some((1597, 9, 23)));
    }

    #[test]
    fn a_month_range_after_wide_characters_is_read() {
        // 24 bytes before the month fall inside a character: the look back starts at the
        // next boundary (it panicked).
        let d = find_english("中中中中中中中中 July – August 1592");
        let months: Vec<(Option<u8>, Option<i32>)> = d.iter().map(|x| (x.month, x.year)).collect();
        assert_eq!(months, [(Some(7), Some(1592)), (Some(8), Some(1592))]);
    }

    #[test]
    fn ranges_of_days_and_of_dates_with_one_year() {
        let cases: &[(&str, &[Ymd])] = &[
            ("- Date: 13–16 August 1592", &[(1592, 8, 13), (1592, 8, 16)]),
            (
                "fought on 1 - 2 September 1592",
                &[(1592, 9, 1), (1592, 9, 2)],
            ),
            // The year written at the end of a range, not the year in force (1590 here).
            (
                "- Date: 29 January – 19 February 1598",
                &[(1598, 1, 29), (1598, 2, 19)],
            ),
            (
                "from December 20 to January 5, 1593",
                &[(1592, 12, 20), (1593, 1, 5)],
            ),
            // A number before a date with no dash between is no first day of it.
            ("lost 12, 16 August 1592", &[(1592, 8, 16)]),
        ];
        for (text, want) in cases {
            let mut d = find_english(text);
            fill_years(&mut d, Some(1590));
            let got: Vec<Ymd> = d
                .iter()
                .filter_map(|x| Some((x.year?, x.month?, x.day?)))
                .collect();
            assert_eq!((got.as_slice(), d.len()), (*want, want.len()), "{text}");
        }
    }

    #[test]
    fn years_of_the_sexagenary_cycle_and_without_their_era() {
        assert_eq!(cycle_index('甲', '子'), Some(0));
        assert_eq!(cycle_index('壬', '辰'), Some(28));
        assert_eq!(cycle_index('丁', '酉'), Some(33));
        // A stem and a branch of different parity name no year.
        assert_eq!(cycle_index('甲', '丑'), None);
        assert!(find_chinese("甲丑年，", &[]).is_empty());
        // The cycle year of the date after it, resolved near the year in force.
        let mut d = find_chinese("丁酉年八月，日軍圍南原。", &[]);
        assert_eq!(
            (d.len(), d[0].start, d[0].cycle, d[0].month),
            (1, 0, Some(33), Some(8))
        );
        let mut era = None;
        resolve_counted_years(&mut d, &mut era, Some(1592));
        assert_eq!(d[0].year, Some(1597));
        let mut d = find_chinese("丁酉年八月", &[]);
        resolve_counted_years(&mut d, &mut era, Some(1650));
        assert_eq!(d[0].year, Some(1657));
        // Without a year in force it stays unresolved.
        let mut d = find_chinese("壬辰年四月", &[]);
        resolve_counted_years(&mut d, &mut era, None);
        assert_eq!((d.len(), d[0].year, d[0].cycle), (1, None, Some(28)));
        // Alone, a cycle year names the war's year in retrospect: no date of the paragraph.
        assert!(find_chinese("朝鮮水軍在壬辰年扭轉戰局", &[]).is_empty());
        // A year count with a month after it is a year of the era in force; a count of years
        // without one is a length of time.
        let eras = [Era {
            name: "萬曆".to_string(),
            start: 1573,
        }];
        let mut d = find_chinese("萬曆二十年四月，至二十五年八月，在位四十八年。", &eras);
        let mut era = None;
        resolve_counted_years(&mut d, &mut era, None);
        let years: Vec<(Option<i32>, Option<u8>)> = d.iter().map(|x| (x.year, x.month)).collect();
        assert_eq!(
            years,
            [(Some(1592), Some(4)), (Some(1597), Some(8))],
            "{d:?}"
        );
        assert_eq!(
            &"萬曆二十年四月，至二十五年八月"[d[1].start..d[1].end],
            "二十五年八月"
        );
    }

    #[test]
    fn dates_agree_within_a_day_only_when_converted() {
        let lunar = &find_chinese("萬曆二十一年正月廿七日", &eras())[0];
        let glossed = &find_chinese("萬曆二十一年正月廿六日（1593年2月27日）", &eras())[0];
        let cases = [
            (lunar, (1593, 2, 27), true),
            (lunar, (1593, 2, 26), true),
            (lunar, (1593, 2, 28), true),
            (lunar, (1593, 3, 1), false),
            (glossed, (1593, 2, 27), true),
            (glossed, (1593, 2, 28), false),
        ];
        for (d, other, want) in cases {
            assert_eq!(d.agrees_with(other), want, "{d:?} {other:?}");
        }
    }

    #[test]
    fn days_add_and_compare() {
        assert_eq!(add_days((1593, 2, 28), 1), (1593, 3, 1));
        assert_eq!(add_days((1592, 2, 28), 1), (1592, 2, 29));
        assert_eq!(add_days((1593, 1, 1), -1), (1592, 12, 31));
        assert!(within_a_day((1593, 2, 26), (1593, 2, 25)));
        assert!(!within_a_day((1593, 2, 27), (1593, 2, 25)));
    }

    type Parts = (
        Calendar,
        Option<i32>,
        Option<u8>,
        Option<u8>,
        Option<(Option<i32>, u8, u8)>,
    );

    fn zh(text: &str) -> Vec<Parts> {
        find_chinese(text, &eras())
            .into_iter()
            .map(|d| (d.calendar, d.year, d.month, d.day, d.gregorian))
            .collect()
    }

    #[test]
    fn chinese_dates() {
        use Calendar::*;
        let cases: Vec<(&str, Vec<_>)> = vec![
            ("1592年", vec![(Gregorian, Some(1592), None, None, None)]),
            (
                "1593年2月26日",
                vec![(Unknown, Some(1593), Some(2), Some(26), None)],
            ),
            (
                "萬曆二十一年正月初五日，明軍進抵",
                vec![(Lunar, Some(1593), Some(1), Some(5), None)],
            ),
            (
                "正月廿五日（1593年2月26日）偵查",
                vec![(Lunar, None, Some(1), Some(25), Some((Some(1593), 2, 26)))],
            ),
            (
                "廿六日（2月27日）丑時",
                vec![(Lunar, None, None, Some(26), Some((None, 2, 27)))],
            ),
            (
                "七月十七日，祖承訓",
                vec![(Lunar, None, Some(7), Some(17), None)],
            ),
            (
                "宣祖二十三年（1590）",
                vec![(Lunar, Some(1590), None, None, None)],
            ),
            ("文祿元年", vec![(Lunar, Some(1592), None, None, None)]),
            ("於4月正式開始", vec![(Lunar, None, Some(4), None, None)]),
        ];
        for (text, want) in cases {
            assert_eq!(zh(text), want, "{text}");
        }
    }

    #[test]
    fn chinese_date_spans() {
        let text = "翌年正月初五日，明軍";
        let d = &find_chinese(text, &eras())[0];
        assert_eq!(&text[d.start..d.end], "正月初五日");
        let text = "在萬曆二十一年";
        let d = &find_chinese(text, &eras())[0];
        assert_eq!(&text[d.start..d.end], "萬曆二十一年");
    }

    #[test]
    fn english_dates() {
        let d = find_english("fought in the winter of 27 February 1593, between");
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].year, d[0].month, d[0].day),
            (Some(1593), Some(2), Some(27))
        );
        let d = find_english("They retook Gaeseong on 19 February, and then");
        assert_eq!((d[0].year, d[0].month, d[0].day), (None, Some(2), Some(19)));
        let d = find_english("the Japanese invasions of Korea (1592–1598)");
        assert_eq!((d[0].year, d[0].year_end), (Some(1592), Some(1598)));
        let d = find_english("A tally on March 23, 1593, counted only 1,133 men");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].gregorian_ymd(), Some((1593, 3, 23)));
        // Ordinal days, "of", a year without its comma, ISO dates.
        for (text, ymd) in [
            ("On 24th May 1592 it marched", (1592, 5, 24)),
            ("On the 29th of May, 1592 Sin Rip died", (1592, 5, 29)),
            ("On the 2nd of June 1592 the fort fell", (1592, 6, 2)),
            ("By June 2nd, 1592 the fort fell", (1592, 6, 2)),
            ("On May 23 1592 the army landed", (1592, 5, 23)),
            ("dated 1592-05-25 in the log", (1592, 5, 25)),
            // A year joined by "of": before, the day took the narration's year and the
            // year stood alone.
            (
                "in a direct assault (on January 8 of 1593), and",
                (1593, 1, 8),
            ),
            ("on the 8th of January of 1593 it fell", (1593, 1, 8)),
        ] {
            let d = find_english(text);
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].gregorian_ymd(), Some(ymd), "{text}");
        }
        // A month in words, marked lunar, takes its year from the narration.
        let mut d = find_english("On the 13th day of the fourth lunar month it sailed.");
        fill_years(&mut d, Some(1592));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].month, d[0].day, d[0].year),
            (Some(4), Some(13), Some(1592))
        );
        assert_eq!(d[0].calendar, Calendar::Lunar);
    }

    #[test]
    fn years_fill_from_context() {
        let mut d = find_english("In 1593 the army left. On 19 February it arrived.");
        let end = fill_years(&mut d, None);
        assert_eq!(d[1].year, Some(1593));
        assert!(d[1].year_inferred);
        assert_eq!(end, Some(1593));
        let mut z = find_chinese("正月廿五日（2月26日）", &eras());
        fill_years(&mut z, Some(1593));
        assert_eq!(z[0].gregorian_ymd(), Some((1593, 2, 26)));
    }

    #[test]
    fn a_later_fate_does_not_move_the_narration_on() {
        // The chronicle's paragraph on the summer of 1592 ends on a commander's later battle;
        // the next paragraph's 6月 is still 1592's.
        let mut d = find_chinese(
            "七月二十七日越過豆滿江，返回咸鏡道，後來參與1593年6月的第二次晉州城之戰。",
            &eras(),
        );
        assert!(!d[0].look_ahead && d[1].look_ahead);
        assert_eq!(fill_years(&mut d, Some(1592)), Some(1592));
        assert_eq!(d[1].year, Some(1593));
        let mut e = find_english("In 1592 he took Hamgyong, and later fought at Jinju in 1593.");
        assert!(!e[0].look_ahead && e[1].look_ahead);
        assert_eq!(fill_years(&mut e, None), Some(1592));
        // A date opening a new step of the story still moves it on.
        let mut f = find_chinese("七月，後金兵至。1593年正月，明軍圍平壤。", &eras());
        assert!(!f[1].look_ahead);
        assert_eq!(fill_years(&mut f, Some(1592)), Some(1593));
    }

    #[test]
    fn a_year_far_ahead_of_a_dated_paragraph_is_an_aside() {
        // The chronicle's 9th month of 1597 ends on a minister's death two years on; the next
        // paragraph's 10月 is still 1597's.
        let mut d = find_chinese("9月，明軍逮捕石星下獄，結果石星於1599年死於獄中。", &eras());
        assert_eq!(fill_years(&mut d, Some(1597)), Some(1597));
        assert_eq!(d[1].year, Some(1599));
        // A year that opens a date written after it moves the narration on.
        let mut e = find_chinese(
            "同年十二月，使者抵達北京。萬曆二十四年（1596年）九月，冊封使至大坂。",
            &eras(),
        );
        assert_eq!(fill_years(&mut e, Some(1594)), Some(1596));
        assert_eq!(
            e.last().map(|d| (d.year, d.month)),
            Some((Some(1596), Some(9)))
        );
        // A year alone with no date before it in the paragraph moves it too.
        let mut f = find_chinese("1597年，和議破裂。", &eras());
        assert_eq!(fill_years(&mut f, Some(1594)), Some(1597));
        let mut g = find_english("In May 1592 he held the pass. He died in 1604.");
        assert_eq!(fill_years(&mut g, None), Some(1592));
    }

    #[test]
    fn a_date_without_a_year_takes_the_year_of_the_date_closing_its_range() {
        // The war's years in the line before do not date the siege's first day.
        let mut d =
            find_english("Part of the war (1592–1598). Date: 19 October – about 4 November 1598.");
        fill_years(&mut d, None);
        let read: Vec<(Option<i32>, Option<u8>, Option<u8>)> =
            d.iter().map(|d| (d.year, d.month, d.day)).collect();
        assert_eq!(
            read[1..],
            [
                (Some(1598), Some(10), Some(19)),
                (Some(1598), Some(11), Some(4))
            ]
        );
        // A range over the new year: the first day is in the year before.
        let mut e = find_english("From 28 December to 3 January 1593 the army rested.");
        fill_years(&mut e, Some(1597));
        assert_eq!(e[0].year, Some(1592));
        // A month alone just before the range's end.
        let mut m = find_english("The siege lasted from October – November 1598.");
        fill_years(&mut m, Some(1592));
        assert_eq!((m[0].year, m[0].month), (Some(1598), Some(10)));
        // Two dates apart in the text are no range.
        let mut f = find_english(
            "On 19 October the fleet sailed, and after many days of waiting it fought on 4 November 1598.",
        );
        fill_years(&mut f, Some(1597));
        assert_eq!(f[0].year, Some(1597));
    }

    #[test]
    fn a_month_far_after_the_paragraph_s_month_looks_back_to_the_year_before() {
        // The first month of 1593, then what the envoy said at the end of the 12th month: the
        // December of 1592, before it, not that of 1593; the narration stays in 1593.
        let mut d = find_chinese(
            "萬曆二十一年正月初五日，明軍進抵平壤城下。在12月底沈惟敬聲稱小西願受封。二月，明軍南下。",
            &eras(),
        );
        assert_eq!(fill_years(&mut d, Some(1592)), Some(1593));
        let read: Vec<(Option<i32>, Option<u8>)> = d.iter().map(|d| (d.year, d.month)).collect();
        assert_eq!(
            read,
            [
                (Some(1593), Some(1)),
                (Some(1592), Some(12)),
                (Some(1593), Some(2))
            ]
        );
        // Nine months on is still ahead: the narration goes on to the autumn.
        let mut e = find_chinese("三月，議和。十二月，使者至北京。", &eras());
        fill_years(&mut e, Some(1594));
        assert_eq!(e[1].year, Some(1594));
    }

    #[test]
    fn a_date_that_recurs_every_year_is_marked() {
        for (text, recurs) in [
            ("今玉浦建有紀念公園，每年六月舉行紀念祭。", true),
            ("每逢十月，鄉人祭之。", true),
            ("每年農曆四月十三日，釜山舉行祭祀。", true),
            ("當年六月，李舜臣出戰。", false),
            ("A festival is held at the park every year in June.", true),
            ("A rite is held each year in October.", true),
            ("Annually on 16 June the town remembers the dead.", true),
            ("In June the fleet sailed east.", false),
            ("Everyone sailed in June.", false),
        ] {
            let found = if text.is_ascii() {
                find_english(text)
            } else {
                find_chinese(text, &[])
            };
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|d| d.recurs == recurs),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn a_year_of_someone_s_life_does_not_move_the_narration_on() {
        // A commander's birth year in the paragraph that tells how he rose in 1592: the lunar
        // day after it is 1592's, not 1552's.
        let mut d = find_english(
            "Gwak Jae-u, born in 1552, had withdrawn to his estate. On the 22nd day of the 4th \
             month he raised a band of volunteers.",
        );
        assert!(d[0].life && !d[1].life);
        assert_eq!(fill_years(&mut d, Some(1592)), Some(1592));
        assert_eq!(d[1].year, Some(1592));
        let mut e = find_english("Yi Sun-sin (1545–1598) sailed in May.");
        assert!(e[0].life);
        assert_eq!(fill_years(&mut e, Some(1592)), Some(1592));
        for zh in [
            "郭再祐（1552年－1617年）於四月起兵。",
            "郭再祐1552年生，四月起兵。",
        ] {
            let mut z = find_chinese(zh, &eras());
            assert!(z[0].life, "{zh}: {z:?}");
            assert_eq!(fill_years(&mut z, Some(1592)), Some(1592), "{zh}");
        }
        // A campaign's years in parentheses, a year after a verb, and 生擒 are the story's.
        let c = find_english("The war (1592–1598) began. Reborn 1593 plans.");
        assert!(!c[0].life);
        let g = find_chinese("1592年生擒二將。", &eras());
        assert!(!g[0].life);
        let u = find_english("Kato was born at Nakamura; in 1592 he landed.");
        assert!(!u[0].life);
        // Letters of several bytes just before "born" (the look back starts mid-letter).
        let k = find_english("Kwŏn Ŭngsu, born 1546, rose.");
        assert!(k[0].life, "{k:?}");
    }

    proptest! {
        #[test]
        fn english_day_month_year_reads_back(y in 1500i32..1700, m in 1u8..=12, day in 1u8..=28) {
            let month = EN_MONTHS[m as usize - 1];
            let text = format!("on {day} {}{} {y}, the army", month[..1].to_uppercase(), &month[1..]);
            let d = find_english(&text);
            prop_assert_eq!(d.len(), 1);
            prop_assert_eq!(d[0].gregorian_ymd(), Some((y, m, day)));
        }

        #[test]
        fn chinese_arabic_dates_read_back(y in 1500i32..1700, m in 1u8..=12, day in 1u8..=28) {
            let text = format!("於{y}年{m}月{day}日，");
            let d = find_chinese(&text, &[]);
            prop_assert_eq!(d.len(), 1);
            prop_assert_eq!((d[0].year, d[0].month, d[0].day), (Some(y), Some(m), Some(day)));
        }

        #[test]
        fn date_scanners_never_panic(s in "\\PC{0,40}") {
            let _ = find_chinese(&s, &[]);
            let _ = find_english(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn searched_near_anchors_as_through_every_byte(
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..16)
        ) {
            let pieces = [
                "23", "5", "1592", "1595", "98", "2001", "2150", " ", "  ", ",", ", ", "–", "-", "\n",
                "January", "May", "Sept.", "Jan", "Oct.", "December", "st", "th", "troops", "men",
                ",000", "(", "_", "x", "é", "١٢", "On ", "in ", "the ", "1,133", "23 October 1595",
                "5 May, 1592", "9 June,1593", "1595 men", "1592 troops", "30 Sept. 1597", "of ",
                "-05-", "-13-", "05", "24th May 1592", "1592-05-25", "May 23 1592",
            ];
            crate::mentions::near::tests::same_as_regex(EN_DATE_PATTERN, en_date_matches, &pieces, &picks)?;
        }
    }
}
