//! Dates in Chinese and English text.
//!
//! English: 27 February 1593, February 27, 1593, 19 February, 1593, 1592–1598. Chinese:
//! 1593年2月26日, 2月27日, 1592年, era years (萬曆二十一年 = 1593, from an era table the
//! glossary supplies), lunar dates in Chinese numerals (正月廿五日, 七月十七日, 初七日), and a
//! lunar date followed by its Gregorian gloss in parentheses (正月廿六日（2月27日）), which
//! resolves it. Months written in Arabic numerals in Chinese text may be lunar or Gregorian:
//! their calendar is `Unknown`. A year missing from a date is filled from the last year
//! mentioned before it (`fill_years`).

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
    /// Not said (Arabic month numbers in Chinese text).
    Unknown,
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
    /// The Gregorian date of a lunar date, from a gloss written next to it.
    pub gregorian: Option<(Option<i32>, u8, u8)>,
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
            gregorian: None,
        }
    }

    /// The Gregorian (year, month, day) this date denotes, when known.
    pub fn gregorian_ymd(&self) -> Option<(i32, u8, u8)> {
        match self.calendar {
            Calendar::Gregorian => Some((self.year?, self.month?, self.day?)),
            _ => {
                let (y, m, d) = self.gregorian?;
                Some((y.or(self.year)?, m, d))
            }
        }
    }
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
        (?-u:\b)(?P<d1>[0-3]?\d)\s+(?P<m1>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?:,?\s+(?P<y1>1\d{3}|20\d\d))?(?-u:\b)
        |
        (?-u:\b)(?P<m2>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,\s*(?P<y2>1\d{3}|20\d\d))?(?-u:\b)
        |
        (?-u:\b)(?P<m3>January|February|March|April|June|July|August|September|October|November|December)\s+(?P<y3>1\d{3})(?-u:\b)
        |
        (?-u:\b)(?P<ya>1[0-9]\d\d|20\d\d)(?:\s*[–—-]\s*(?P<yb>1[0-9]\d\d|20\d\d|\d\d))?(?-u:\b)(?P<tail>\s*(?:troops|men|soldiers|horses|ships|cavalry|casualties|killed|wounded|infantry)(?-u:\b)|,\d{3})?
        ";

capture_groups!(
    /// The groups of [`EN_DATE`].
    EnDateGroups { d1, d2, m1, m2, m3, tail, y1, y2, y3, ya, yb }
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
            d.year = num(g.y2);
        } else if let Some(m) = caps.get(g.m3) {
            d.month = en_month(m.as_str());
            d.year = num(g.y3);
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
        out.push(d);
    }
    out
}

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
        (?P<gloss>[（(](?:(?P<gyear>\d{4})年)?(?P<gmonth>1[0-2]|0?[1-9])月(?P<gday>[0-3]?\d)日[）)])?
        ",
    )
});

fn zh_small(s: &str) -> Option<u8> {
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
                        d.start = era.end() - e.name.len();
                        has_part = true;
                    }
                }
                None => {
                    // Not a known era: start the match after it (a month may follow).
                    d.start = caps
                        .get(g.amonth)
                        .or_else(|| caps.get(g.zmonth))
                        .or_else(|| caps.get(g.lday))
                        .map_or(whole.end(), |m| m.start());
                }
            }
        }
        if let Some(m) = caps.get(g.amonth) {
            d.month = m.as_str().parse().ok();
            d.day = caps.get(g.aday).and_then(|x| x.as_str().parse().ok());
            d.calendar = Calendar::Unknown;
            has_part = true;
        } else if let Some(m) = caps.get(g.zmonth) {
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
            out.push(d);
        }
    }
    out
}

/// Fills missing years from the last year written before each date (in order), marking them
/// inferred. `context` is the year in force before the text begins (from earlier paragraphs).
/// Returns the year in force at the end.
pub fn fill_years(dates: &mut [DateMention], context: Option<i32>) -> Option<i32> {
    let mut current = context;
    for d in dates.iter_mut() {
        match d.year {
            Some(y) => current = Some(y),
            None if d.month.is_some() || d.day.is_some() => {
                d.year = current;
                d.year_inferred = current.is_some();
            }
            None => {}
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
        ]
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
            ("於4月正式開始", vec![(Unknown, None, Some(4), None, None)]),
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
                "5 May, 1592", "9 June,1593", "1595 men", "1592 troops", "30 Sept. 1597",
            ];
            crate::mentions::near::tests::same_as_regex(EN_DATE_PATTERN, en_date_matches, &pieces, &picks)?;
        }
    }
}
