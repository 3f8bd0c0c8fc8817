//! Quantities in Chinese and English text, as intervals.
//!
//! Chinese: Arabic, Chinese and mixed numerals (四萬三千, 2萬, 1萬6千, 4萬8005), approximations
//! (3000餘 → [3000, 4000), 約5000, 近2萬), ranges (五、六百 and 5、6百 → [500, 600], 六七百 →
//! [600, 700], 20,000–100,000), vague amounts (數十, 數百 → [200, 900]). English: 3,000-strong,
//! 1,000 cavalry, 500–600, some 10,000, <41,000, ~5,000, a few hundred, several thousand, word
//! numbers (two thousand). Each quantity keeps its span in the text and the word that follows it
//! (its unit or role: 人, 艘, troops, killed). Dates are `dates`' job: pass their spans in
//! `skip` so year numbers are not read as quantities.

use serde::{Deserialize, Serialize};

/// A quantity found in text: the closed interval [low, high] it denotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// Start byte in the text.
    pub start: usize,
    /// End byte in the text.
    pub end: usize,
    /// Lowest value meant.
    pub low: u64,
    /// Highest value meant.
    pub high: u64,
    /// True for approximations and vague amounts (約, 餘, some, a few).
    pub approx: bool,
    /// The values as written (both ends of 500–600; 3000 of 3000餘; none for 數百).
    pub written: Vec<u64>,
    /// The unit or role word right after the number (人, 艘, troops, cavalry), if any.
    pub unit: Option<String>,
}

impl Quantity {
    /// True when the two intervals overlap (5、6百 and 500–600 agree; 3000 and 2,000 do not).
    pub fn agrees(&self, other: &Quantity) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    /// A representative value (the middle of the interval).
    pub fn value(&self) -> u64 {
        self.low / 2 + self.high / 2
    }
}

/// Byte ranges not to read (dates), sorted by start with the running maximum of their ends:
/// whether a byte falls in one costs O(log n), not a scan of them all per numeral (which made
/// a paragraph of many dates quadratic).
struct Skips {
    sorted: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

impl Skips {
    fn new(ranges: &[(usize, usize)]) -> Skips {
        let mut sorted = ranges.to_vec();
        sorted.sort_unstable();
        let max_end = sorted
            .iter()
            .scan(0, |max, &(_, e)| {
                *max = (*max).max(e);
                Some(*max)
            })
            .collect();
        Skips { sorted, max_end }
    }

    /// True when `b` lies in one of the ranges.
    fn contains(&self, b: usize) -> bool {
        let k = self.sorted.partition_point(|&(s, _)| s <= b);
        k > 0 && self.max_end[k - 1] > b
    }
}

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        // Banker's numerals (壹, 參, 陸…) are left out: 參 (take part) and 陸 (land) are far
        // more often words than numbers in narrative text.
        '0' | '〇' | '零' | '０' => 0,
        '1' | '一' | '１' => 1,
        '2' | '二' | '兩' | '两' | '２' => 2,
        '3' | '三' | '３' => 3,
        '4' | '四' | '４' => 4,
        '5' | '五' | '５' => 5,
        '6' | '六' | '６' => 6,
        '7' | '七' | '７' => 7,
        '8' | '八' | '８' => 8,
        '9' | '九' | '９' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '廿' => 20,
        '卅' => 30,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

fn big_unit(c: char) -> Option<u64> {
    Some(match c {
        '萬' | '万' => 10_000,
        '億' | '亿' => 100_000_000,
        _ => return None,
    })
}

fn is_numeral(c: char) -> bool {
    digit_value(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some()
}

/// Value of a Chinese or mixed numeral without separators: 四萬三千 43000, 2萬 20000,
/// 1萬6千 16000, 4萬8005 48005, 廿六 26, 一千四百九十二 1492, 15000 15000.
/// Returns the value and the place of its lowest written unit (3000 → 1000, 1200 → 100), used
/// for 餘 ("and more": 3000餘 → [3000, 4000)).
pub fn parse_chinese_numeral(s: &str) -> Option<(u64, u64)> {
    let chars = || s.chars().filter(|&c| c != ',' && c != '，');
    if chars().next().is_none() || !chars().all(is_numeral) {
        return None;
    }
    let mut total: u64 = 0; // completed 萬/億 sections
    let mut section: u64 = 0; // within the current section
    let mut number: u64 = 0; // digits being read
    let mut digits = 0; // how many Arabic-style digits in `number`
    let mut lowest_place: u64 = 1;
    let mut last_was_unit = false;
    for c in chars() {
        if let Some(d) = digit_value(c) {
            number = number.checked_mul(10)?.checked_add(d)?;
            digits += 1;
            last_was_unit = false;
        } else if let Some(u) = small_unit(c) {
            let n = if digits == 0 { 1 } else { number };
            let (n, u) = if (20..100).contains(&u) && c != '十' {
                (u / 10, 10)
            } else {
                (n, u)
            };
            section = section.checked_add(n.checked_mul(u)?)?;
            lowest_place = u;
            number = 0;
            digits = 0;
            last_was_unit = true;
        } else if let Some(u) = big_unit(c) {
            let part = section.checked_add(number)?;
            let part = if part == 0 { 1 } else { part };
            total = total.checked_add(part.checked_mul(u)?)?;
            lowest_place = if number > 0 && section == 0 {
                u * trailing_place(number)
            } else if number > 0 {
                u
            } else {
                u * lowest_place
            };
            section = 0;
            number = 0;
            digits = 0;
            last_was_unit = true;
        }
    }
    let _ = last_was_unit;
    if digits > 0 {
        // Trailing digits: Arabic (8005) or a bare Chinese digit after a unit (一萬八 = 18000 is
        // colloquial; we read the digit as written).
        lowest_place = trailing_place(number);
        section = section.checked_add(number)?;
    }
    Some((total.checked_add(section)?, lowest_place.max(1)))
}

/// The place value of the lowest non-zero digit: 3000 → 1000, 1200 → 100, 45 → 1.
fn trailing_place(n: u64) -> u64 {
    if n == 0 {
        return 1;
    }
    let mut place = 1;
    let mut m = n;
    while m.is_multiple_of(10) {
        m /= 10;
        place *= 10;
    }
    place
}

const ZH_APPROX_BEFORE: &[&str] = &[
    "不超過",
    "不超过",
    "不足",
    "不及",
    "將近",
    "大約",
    "約",
    "近",
    "逾",
    "超過",
    "超过",
    "共約",
];
const ZH_MORE_AFTER: &[&str] = &["有餘", "餘", "余", "多", "以上", "+"];
const ZH_ABOUT_AFTER: &[&str] = &["左右", "上下", "許", "许"];

/// The character at byte `i` of `text` (`None` at its end).
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// Characters of the Basic Multilingual Plane that are numerals or vague amounts (數, 幾), a bit
/// each.
static NUMERAL_BITS: std::sync::LazyLock<Box<[u64]>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64].into_boxed_slice();
    for code in 0..0x10000u32 {
        if char::from_u32(code).is_some_and(|c| is_numeral(c) || "數数幾几".contains(c)) {
            bits[code as usize / 64] |= 1 << (code % 64);
        }
    }
    bits
});

/// The first byte at or after `from` (a character boundary) that begins a numeral or a vague
/// amount, or the end of the text: a byte or a character at a time, with a table read for each
/// character outside ASCII instead of a decoding match.
fn next_numeral(text: &str, from: usize) -> usize {
    let bits = &**NUMERAL_BITS;
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_digit() {
                return i;
            }
            i += 1;
            continue;
        }
        // Two-byte characters and those outside the BMP hold no numerals.
        match super::decode_bmp(bytes, i) {
            Some((code, 3)) if bits[code as usize / 64] & (1 << (code % 64)) != 0 => return i,
            Some((_, len)) => i += len,
            None => i = super::next_char(text, i),
        }
    }
    bytes.len()
}

/// Chinese quantities in `text`; byte ranges in `skip` (dates) are not read. The text is walked
/// by byte offset, a character at a time, and nothing is built for the characters between
/// quantities.
pub fn find_chinese(text: &str, skip: &[(usize, usize)]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let skip = Skips::new(skip);
    let in_skip = |b: usize| skip.contains(b);
    let numeral_at = |k: usize| char_at(text, k).is_some_and(is_numeral);
    let mut i = 0;
    loop {
        i = next_numeral(text, i);
        let Some(c) = char_at(text, i) else { break };
        let vague = c == '數' || c == '数' || c == '幾' || c == '几';
        if !(is_numeral(c) || vague) || in_skip(i) {
            i += c.len_utf8();
            continue;
        }
        // 第N is an ordinal; a numeral inside a word like 一日 (one day), 一時 is kept but small.
        if text[..i].ends_with('第') {
            // At least the first character: 第數 is not a number either.
            i = super::next_char(text, i);
            while char_at(text, i).is_some_and(|c| is_numeral(c) || c == ',') {
                i = super::next_char(text, i);
            }
            continue;
        }
        let start = i;
        let mut j = i;
        if vague {
            j = super::next_char(text, j);
        }
        // Maximal run of numerals, commas between digits, and 、 between two numerals (ranges).
        while let Some(c) = char_at(text, j) {
            let next = super::next_char(text, j);
            if is_numeral(c) || (matches!(c, ',' | '、') && numeral_at(next) && j > start) {
                if in_skip(j) {
                    break;
                }
                j = next;
            } else {
                break;
            }
        }
        if j == start || (vague && j == super::next_char(text, start)) {
            i = j.max(super::next_char(text, i));
            continue;
        }
        let run = &text[start..j];
        // A unit character alone is a number only before a counter or 餘 (百餘人, 千人); else
        // it is a word: 萬曆, 千總, 百姓. (十萬 is a number.)
        let after = char_at(text, j);
        let counter_next = after.is_some_and(|c| "餘余多人名騎兵卒艘隻匹級里石兩".contains(c));
        if !vague
            && !counter_next
            && run.chars().count() < 2
            && !run.chars().any(|c| digit_value(c).is_some())
        {
            i = j;
            continue;
        }
        let mut end = j;
        // A decimal before a unit (1.5萬) is a quantity; other decimals and percentages are
        // not quantities of things, and their digits after the point are no number either.
        let mut decimal = None;
        if after == Some('.') {
            let frac_start = j + 1;
            let frac_end = frac_start
                + text[frac_start..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
            let unit = char_at(text, frac_end).and_then(|c| big_unit(c).or(small_unit(c)));
            match (run.parse::<f64>(), unit) {
                (Ok(whole), Some(unit)) if frac_end > frac_start && !in_skip(frac_start) => {
                    let frac: f64 = text[j..frac_end].parse().unwrap_or(0.0);
                    decimal = Some(((whole + frac) * unit as f64).round() as u64);
                    end = frac_end + char_at(text, frac_end).map_or(0, char::len_utf8);
                }
                _ => {
                    i = frac_end.max(super::next_char(text, j));
                    continue;
                }
            }
        } else if matches!(after, Some('%' | '％')) {
            i = super::next_char(text, j);
            continue;
        }
        let after = char_at(text, end);
        let interpreted = match decimal {
            Some(v) => Some((v, v, false)),
            None => interpret(run),
        };
        let Some((mut low, mut high, mut approx)) = interpreted else {
            i = j;
            continue;
        };
        let mut written = if vague {
            Vec::new()
        } else if high != low {
            vec![low, high]
        } else {
            vec![low]
        };
        // Range with a dash or 至: 20,000–100,000, 500-600.
        if matches!(after, Some('–' | '-' | '－' | '~' | '～' | '至' | '到')) {
            let k0 = super::next_char(text, j);
            let mut k = k0;
            while char_at(text, k).is_some_and(|c| is_numeral(c) || c == ',') {
                k = super::next_char(text, k);
            }
            if k > k0
                && let Some((l2, h2, _)) = interpret(&text[k0..k])
                && l2 > low
            {
                high = h2;
                end = k;
                written.push(l2);
            }
        }
        let rest = &text[end..];
        if let Some(m) = ZH_MORE_AFTER.iter().find(|m| rest.starts_with(*m)) {
            let place = parse_chinese_numeral(run).map_or(1, |(_, p)| p);
            high = high.max(low + place.saturating_sub(1)).max(low);
            if *m == "+" {
                high = low + low / 2;
            }
            approx = true;
            end += m.len();
        } else if let Some(m) = ZH_ABOUT_AFTER.iter().find(|m| rest.starts_with(*m)) {
            (low, high) = (low - low / 7, high + high / 7);
            approx = true;
            end += m.len();
        }
        let before = &text[..start];
        if let Some(m) = ZH_APPROX_BEFORE.iter().find(|m| before.ends_with(*m)) {
            approx = true;
            if m.starts_with('不') {
                low = 0;
            } else if m.contains('近') {
                low -= low / 5;
            } else if m.contains('逾') || m.contains('超') {
                high = high.max(low + low / 2);
            } else {
                (low, high) = (low - low / 7, high + high / 7);
            }
        }
        let unit = char_at(text, end)
            .filter(|c| {
                !c.is_whitespace()
                    && !c.is_ascii_punctuation()
                    && !"，。、；：（）「」".contains(*c)
            })
            .map(|c| c.to_string());
        out.push(Quantity {
            start,
            end: end.min(text.len()),
            low,
            high,
            approx,
            written,
            unit,
        });
        i = end.max(super::next_char(text, i));
    }
    out
}

/// Interprets a run of numerals: plain, 、-range, adjacent-digit range (六七百), vague (數百).
fn interpret(run: &str) -> Option<(u64, u64, bool)> {
    let mut chars = run.char_indices();
    let (_, first) = chars.next()?;
    if matches!(first, '數' | '数' | '幾' | '几') {
        let (unit, _) = parse_chinese_numeral(&run[first.len_utf8()..])?;
        return Some((2 * unit, 9 * unit, true));
    }
    if let Some((a, b)) = run.split_once('、') {
        // 五、六百 → the unit of the second part applies to the first: [500, 600].
        let (hi, _) = parse_chinese_numeral(b)?;
        let first_digit = parse_chinese_numeral(a)?.0;
        let b_lead = b.chars().next().and_then(digit_value)?;
        if b_lead == 0 || first_digit >= b_lead {
            return None;
        }
        let scale = hi / b_lead.max(1);
        let lead_span: u64 = {
            // The unit part after the leading digit(s): 六百 → 100, 6百 → 100, 四萬 → 10000.
            let (v, _) = parse_chinese_numeral(b)?;
            if v % b_lead == 0 { v / b_lead } else { scale }
        };
        return Some((first_digit * lead_span, hi, true));
    }
    // 六七百: two adjacent digits in sequence then a unit.
    if let (Some((_, second)), Some((unit_at, unit_first))) = (chars.next(), chars.next())
        && let (Some(a), Some(b)) = (digit_value(first), digit_value(second))
        && b == a + 1
        && a > 0
        && (small_unit(unit_first).is_some() || big_unit(unit_first).is_some())
        && !first.is_ascii_digit()
    {
        let (u, _) = parse_chinese_numeral(&run[unit_at..])?;
        return Some((a * u, b * u, true));
    }
    let (v, _) = parse_chinese_numeral(run)?;
    Some((v, v, false))
}

const EN_WORDS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("a", 1),
    ("an", 1),
];

static EN_NUMBER: std::sync::LazyLock<super::near::Near> =
    std::sync::LazyLock::new(|| super::near::Near::new(EN_NUMBER_PATTERN));

/// English quantities: an approximation word or sign, a number (digits, a range, words, a
/// vague amount), and the word after it. A number of words alone counts from ten ("thirteen
/// ships"): "one of", "two sides" are rarely quantities.
const EN_NUMBER_PATTERN: &str = r"(?xi)
        (?P<pre>(?-u:\b)(?:some|about|around|approximately|roughly|nearly|almost|over|more\ than|fewer\ than|less\ than|up\ to|at\ least|at\ most|upwards\ of|just\ under|just\ over)\s+|[<>~≈]\s*)?
        (?:
            (?-u:\b)(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?
            (?:\s*(?:[–—-]|to|and)\s*(?P<num2>\d{1,3}(?:,\d{3})+|\d+)(?-u:\b))?
            (?P<plus>\+)?
            (?P<mult>\s+(?:thousand|hundred|million)(?-u:\b))?
          |
            (?P<vague>(?-u:\b)(?:a\ few|several|some|many)\s+(?P<vunit>hundred|thousand)s?(?-u:\b)|(?-u:\b)(?P<plural>hundreds|thousands|tens\ of\ thousands)(?-u:\b))
          |
            (?P<word>(?-u:\b)(?:a|an|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)[\s-]+(?P<wunit>hundred|thousand)(?-u:\b))
          |
            (?P<small>(?-u:\b)(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)(?-u:\b))
        )
        (?P<strong>-strong)?
        (?:\s+(?P<unit>[A-Za-z]+))?";

capture_groups!(
    /// The groups of [`EN_NUMBER`].
    EnNumberGroups { frac, mult, num, num2, plural, plus, pre, small, strong, unit, vague, vunit, word }
);

static EN_NUMBER_GROUPS: std::sync::LazyLock<EnNumberGroups> =
    std::sync::LazyLock::new(|| EnNumberGroups::of(&EN_NUMBER));

fn en_int(s: &str) -> Option<u64> {
    s.replace(',', "").parse().ok()
}

fn word_value(words: &str) -> Option<u64> {
    let mut total = 0;
    for w in words
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let lower = w.to_ascii_lowercase();
        total += EN_WORDS.iter().find(|(k, _)| *k == lower)?.1;
    }
    Some(total)
}

/// The multipliers of English numbers in words ("two thousand").
const MULTIPLIERS: [&str; 2] = ["hundred", "thousand"];

/// The number words of [`EN_WORDS`] and [`MULTIPLIERS`] ("a" and "an" aside), with their values
/// (0 for a multiplier).
fn number_words() -> impl Iterator<Item = (&'static str, u64)> {
    EN_WORDS
        .iter()
        .copied()
        .filter(|(w, _)| !matches!(*w, "a" | "an"))
        .chain(MULTIPLIERS.iter().map(|w| (*w, 0)))
}

/// Whether `word` is an English number in words ("twenty-five", "Thousand").
pub fn is_number_word(word: &str) -> bool {
    !word.is_empty()
        && word.split('-').all(|part| {
            let lower = part.to_lowercase();
            number_words().any(|(w, _)| w == lower)
        })
}

/// Where the next English quantity may lie: the first digit, or (any case, starting a word) a
/// multiplier or a number word from ten (the first word of "twenty-five"), at or after `from` — every match of [`EN_NUMBER`] holds one, and
/// there the words follow a space or begin the text.
fn next_number_anchor(text: &str, from: usize) -> Option<usize> {
    /// Per byte: 0 passes, 1 is a digit, 2 may begin a multiplier or a number word from ten,
    /// 3 begins a character outside ASCII.
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = match b as u8 {
                b'0'..=b'9' => 1,
                b'h' | b'H' | b't' | b'T' | b'e' | b'E' | b'f' | b'F' | b's' | b'S' | b'n'
                | b'N' => 2,
                0xC0.. => 3,
                _ => 0,
            };
            b += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        while bytes.get(i).is_some_and(|&b| CLASS[b as usize] == 0) {
            i += 1;
        }
        let &b = bytes.get(i)?;
        let anchor = match CLASS[b as usize] {
            1 => true,
            2 => {
                (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'))
                    && number_words()
                        .filter(|&(_, v)| v == 0 || v >= 10)
                        .any(|(w, v)| {
                            bytes
                                .get(i..i + w.len())
                                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
                                // "hundreds", "thousands" anchor too; the other words only
                                // whole ("twenty-five", not "tenth" or "tend").
                                && (v == 0
                                    || !bytes.get(i + w.len()).is_some_and(|b| {
                                        b.is_ascii_alphanumeric() || *b == b'_'
                                    }))
                        })
            }
            _ => text[i..].chars().next().is_some_and(char::is_numeric),
        };
        if anchor {
            return Some(i);
        }
        i += 1;
    }
}

/// What [`EN_NUMBER`] can match before a quantity's first anchor: the words of "some", "more
/// than", "twenty-five", "a few" and the signs <, >, ~, ≈, with spaces and hyphens.
fn leads_number(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c.is_whitespace()
        || matches!(c, '-' | '<' | '>' | '~' | '≈' | '\u{17F}' | '\u{212A}')
}

/// The approximations of [`EN_NUMBER`] written in one word.
const ONE_WORD_APPROXIMATIONS: &[&str] = &[
    "some",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "over",
];

/// The words a match of [`EN_NUMBER`] can begin with (in any case): an approximation, a vague
/// amount, a number word.
fn opens_number(word: &str) -> bool {
    const OPENING: &[&str] = &[
        "more",
        "fewer",
        "less",
        "up",
        "at",
        "upwards",
        "just",
        "a",
        "an",
        "several",
        "many",
        "hundreds",
        "thousands",
        "tens",
    ];
    ONE_WORD_APPROXIMATIONS
        .iter()
        .chain(OPENING)
        .chain(EN_WORDS.iter().map(|(w, _)| w))
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// The matches of [`EN_NUMBER`] in `text`, as a search through every byte finds them.
fn en_number_matches(text: &str) -> Vec<super::near::Found<'_>> {
    let g = &*EN_NUMBER_GROUPS;
    // The pattern ignores case the Unicode way: ſ (long s) and K (Kelvin sign) are letters of
    // its words, and a text that holds one is searched through.
    let anchors =
        (!text.contains('\u{17F}') && !text.contains('\u{212A}')).then_some(super::near::Anchors {
            next: |from| next_number_anchor(text, from),
            leads: leads_number,
            // "more than a few hundred", "about twenty-five hundred"
            words: 4,
            opens: opens_number,
        });
    // Most matches are a number, perhaps with a word after it ("3,700 troops"): `num` and
    // `unit`, unless the word is one the pattern reads otherwise ("5 thousand").
    let plain = |m: &str, slots: &mut super::near::Slots| {
        // An approximation of one word first ("some 4,200 men"): the `pre` group, its spaces
        // included.
        let word_len = m.bytes().take_while(u8::is_ascii_alphabetic).count();
        let pre = if word_len == 0 {
            0
        } else {
            let spaces = m[word_len..].len() - m[word_len..].trim_start().len();
            if spaces == 0
                || !ONE_WORD_APPROXIMATIONS
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(&m[..word_len]))
            {
                return false;
            }
            word_len + spaces
        };
        let core = &m[pre..];
        let digits = core
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b',')
            .count();
        let (number, rest) = core.split_at(digits);
        let word = rest.trim_start_matches(|c: char| c.is_whitespace());
        let spaced = word.len() < rest.len();
        let ok = core.starts_with(|c: char| c.is_ascii_digit())
            && ((rest.is_empty())
                || (spaced
                    && !word.is_empty()
                    && word.bytes().all(|b| b.is_ascii_alphabetic())
                    && !["thousand", "hundred", "million"].iter().any(|w| {
                        word.len() >= w.len() && word[..w.len()].eq_ignore_ascii_case(w)
                    })));
        if ok {
            if pre > 0 {
                slots[g.pre] = Some((0, pre));
            }
            slots[g.num] = Some((pre, pre + number.len()));
            if !word.is_empty() {
                slots[g.unit] = Some((m.len() - word.len(), m.len()));
            }
        }
        ok
    };
    EN_NUMBER.captures(text, anchors, Some(&plain)).collect()
}

/// English quantities in `text`; byte ranges in `skip` (dates) are not read.
pub fn find_english(text: &str, skip: &[(usize, usize)]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let skip = Skips::new(skip);
    let g = &*EN_NUMBER_GROUPS;
    for caps in en_number_matches(text) {
        let Some(whole) = caps.get(0) else { continue };
        let core_start = caps
            .get(g.num)
            .or_else(|| caps.get(g.vague))
            .or_else(|| caps.get(g.word))
            .or_else(|| caps.get(g.small))
            .map_or(whole.start(), |m| m.start());
        if skip.contains(core_start) {
            continue;
        }
        // A decimal counts only with its multiplier (1.5 million): 2.5 alone is a measure.
        if caps.get(g.frac).is_some() && caps.get(g.mult).is_none() {
            continue;
        }
        let mut approx = caps.get(g.pre).is_some();
        let mut written = Vec::new();
        let (mut low, mut high) = if let Some(num) = caps.get(g.num) {
            let mult = caps
                .get(g.mult)
                .map(|m| m.as_str().trim().to_ascii_lowercase());
            let factor = match mult.as_deref() {
                Some("thousand") => 1000,
                Some("hundred") => 100,
                Some("million") => 1_000_000,
                _ => 1,
            };
            let whole = en_int(num.as_str()).unwrap_or(0);
            let v = match caps.get(g.frac) {
                Some(frac) => {
                    let frac: f64 = frac.as_str().parse().unwrap_or(0.0);
                    ((whole as f64 + frac) * factor as f64).round() as u64
                }
                None => whole * factor,
            };
            let high = caps
                .get(g.num2)
                .and_then(|n| en_int(n.as_str()))
                .map(|h| h * factor)
                .filter(|&h| h > v)
                .unwrap_or(v);
            written.push(v);
            if high != v {
                written.push(high);
            }
            (v, high)
        } else if caps.get(g.vague).is_some() || caps.get(g.plural).is_some() {
            approx = true;
            let unit = caps
                .get(g.vunit)
                .map(|m| m.as_str().to_ascii_lowercase())
                .or_else(|| caps.get(g.plural).map(|m| m.as_str().to_ascii_lowercase()))
                .unwrap_or_default();
            match unit.as_str() {
                "hundred" | "hundreds" => (200, 900),
                "thousand" | "thousands" => (2000, 9000),
                "tens of thousands" => (20_000, 90_000),
                _ => continue,
            }
        } else if let Some(word) = caps.get(g.word) {
            let text = word.as_str();
            // "two thousand", "one-thousand-man".
            let (count, unit) = match text.rsplit_once(|c: char| c.is_whitespace() || c == '-') {
                Some((c, u)) => (c, u.to_ascii_lowercase()),
                None => continue,
            };
            let Some(n) = word_value(count) else { continue };
            let u = if unit == "thousand" { 1000 } else { 100 };
            written.push(n * u);
            (n * u, n * u)
        } else if let Some(small) = caps.get(g.small) {
            let Some(n) = word_value(small.as_str()) else {
                continue;
            };
            written.push(n);
            (n, n)
        } else {
            continue;
        };
        // A bare 4-digit number in 1000–2099 without a comma is a year: `dates` reads it.
        if let Some(num) = caps.get(g.num) {
            let s = num.as_str();
            if s.len() == 4
                && !s.contains(',')
                && (1000..2100).contains(&low)
                && caps.get(g.num2).is_none()
            {
                let unit = caps.get(g.unit).map(|u| u.as_str().to_ascii_lowercase());
                let counted = matches!(
                    unit.as_deref(),
                    Some(
                        "troops"
                            | "men"
                            | "soldiers"
                            | "horses"
                            | "ships"
                            | "cavalry"
                            | "casualties"
                            | "killed"
                            | "wounded"
                            | "infantry"
                    )
                );
                if !counted {
                    continue;
                }
            }
        }
        if let Some(pre) = caps.get(g.pre) {
            let p = pre.as_str().trim().to_ascii_lowercase();
            match p.as_str() {
                "<" | "fewer than" | "less than" | "up to" | "at most" | "just under" => low = 0,
                ">" | "over" | "more than" | "at least" | "upwards of" | "just over" => {
                    high = high.max(low + low / 2)
                }
                "nearly" | "almost" => low -= low / 5,
                _ => (low, high) = (low - low / 7, high + high / 7),
            }
        }
        if caps.get(g.plus).is_some() {
            high = high.max(low + low / 2);
            approx = true;
        }
        let unit = if caps.get(g.strong).is_some() {
            Some("strong".to_string())
        } else {
            caps.get(g.unit).map(|u| u.as_str().to_ascii_lowercase())
        };
        let end = caps
            .get(g.strong)
            .or_else(|| caps.get(g.plus))
            .or_else(|| caps.get(g.num2))
            .or_else(|| caps.get(g.mult))
            .or_else(|| caps.get(g.num))
            .or_else(|| caps.get(g.vague))
            .or_else(|| caps.get(g.plural))
            .or_else(|| caps.get(g.word))
            .or_else(|| caps.get(g.small))
            .map_or(whole.end(), |m| m.end());
        let start = caps.get(g.pre).map_or(core_start, |p| p.start());
        out.push(Quantity {
            start,
            end,
            low,
            high,
            approx,
            written,
            unit,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn skips_contain_what_a_scan_finds(
            ranges in proptest::collection::vec((0usize..300, 0usize..30), 0..20),
            b in 0usize..340,
        ) {
            let ranges: Vec<(usize, usize)> = ranges.iter().map(|&(s, l)| (s, s + l)).collect();
            let naive = ranges.iter().any(|&(s, e)| b >= s && b < e);
            proptest::prop_assert_eq!(Skips::new(&ranges).contains(b), naive);
        }
    }
    use proptest::prelude::*;

    fn zh(text: &str) -> Vec<(u64, u64)> {
        find_chinese(text, &[])
            .iter()
            .map(|q| (q.low, q.high))
            .collect()
    }

    fn en(text: &str) -> Vec<(u64, u64)> {
        find_english(text, &[])
            .iter()
            .map(|q| (q.low, q.high))
            .collect()
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("四萬三千", 43000),
            ("2萬", 20000),
            ("1萬6千", 16000),
            ("4萬8005", 48005),
            ("15萬8700", 158700),
            ("10萬5千", 105000),
            ("廿六", 26),
            ("一千四百九十二", 1492),
            ("七百九十六", 796),
            ("一萬八千七百", 18700),
            ("十二萬", 120000),
            ("十", 10),
            ("二十六", 26),
            ("3,138,300", 3138300),
            ("六千五百二十", 6520),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_chinese_numeral(text).map(|x| x.0),
                Some(want),
                "{text}"
            );
        }
    }

    #[test]
    fn chinese_quantities_in_text() {
        let cases: &[(&str, &[(u64, u64)])] = &[
            ("率四萬三千名援軍", &[(43000, 43000)]),
            ("騎兵3000餘人", &[(3000, 3999)]),
            ("共殲滅日軍一萬餘人", &[(10000, 19999)]),
            ("兩軍各死傷5、6百人", &[(2, 2), (500, 600)]), // 兩軍: two armies
            ("各死傷五、六百人", &[(500, 600)]),
            ("適逢賊六七百名", &[(600, 700)]),
            ("騎兵數百", &[(200, 900)]),
            ("約2萬兵力", &[(17143, 22857)]),
            ("20,000–100,000被俘虜", &[(20000, 100000)]),
            ("1,000,000+陣亡", &[(1_000_000, 1_500_000)]),
            ("第5軍團1萬4千餘人", &[(14000, 14999)]),
            ("稅率只在5.5%－12%之間", &[]),
            ("明軍投入戰役人數當不超過5000人", &[(0, 5000)]),
            ("部分日史記載明軍參戰人數為20000人", &[(20000, 20000)]),
            ("日本出動陸軍141,490人", &[(141_490, 141_490)]),
            ("萬曆年間，千總麻來與百姓", &[]),
            ("偵察隊百餘人", &[(100, 199)]),
            ("十萬大軍", &[(100_000, 100_000)]),
            // A decimal before a unit; other decimals are no number, nor their digits.
            ("約1.5萬人", &[(12858, 17142)]),
            ("2.5萬大軍", &[(25000, 25000)]),
            ("長3.5公里", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(zh(text), *want, "{text}");
        }
        let q = &find_chinese("率騎兵5000人渡江", &[])[0];
        assert_eq!(q.unit.as_deref(), Some("人"));
        assert_eq!(&"率騎兵5000人渡江"[q.start..q.end], "5000");
    }

    #[test]
    fn english_quantities() {
        let cases: &[(&str, &[(u64, u64)])] = &[
            ("The 3,000-strong advance force", &[(3000, 3000)]),
            ("Li Rusong's 1,000 cavalry encountered", &[(1000, 1000)]),
            ("suffered 500–600 casualties", &[(500, 600)]),
            ("suffered 500-600 casualties", &[(500, 600)]),
            ("only some 10,000 Japanese troops", &[(8572, 11428)]),
            ("Strength1: <41,000", &[(0, 41000)]),
            ("Japanese: a few hundred", &[(200, 900)]),
            ("fought in 1593 with 2,000 men", &[(2000, 2000)]),
            ("two thousand men", &[(2000, 2000)]),
            // Hyphenated before the word it qualifies.
            ("Hwang Jin's one-thousand-man army", &[(1000, 1000)]),
            ("a two-thousand-man garrison", &[(2000, 2000)]),
            (
                "264 killed, 49 wounded, and 276 horses",
                &[(264, 264), (49, 49), (276, 276)],
            ),
            ("1.5 million people", &[(1_500_000, 1_500_000)]),
            // Numbers in words from ten; below it, "one of", "two sides" are no quantities.
            ("with thirteen ships", &[(13, 13)]),
            (
                "some twenty-six ships and Twelve boats",
                &[(23, 29), (12, 12)],
            ),
            ("one of the two sides", &[]),
            ("the tenth day, often", &[]),
            ("a river 2.5 miles wide", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(en(text), *want, "{text}");
        }
        let q = &find_english("The 3,000-strong advance force", &[])[0];
        assert_eq!(q.unit.as_deref(), Some("strong"));
    }

    #[test]
    fn written_values() {
        let w = |qs: Vec<Quantity>| qs.into_iter().flat_map(|q| q.written).collect::<Vec<_>>();
        assert_eq!(w(find_chinese("五、六百人", &[])), [500, 600]);
        assert_eq!(w(find_chinese("3000餘人", &[])), [3000]);
        assert_eq!(w(find_chinese("騎兵數百", &[])), Vec::<u64>::new());
        assert_eq!(w(find_english("Strength1: <41,000", &[])), [41000]);
        assert_eq!(
            w(find_english(
                "some 10,000 troops and 6,000–10,000 dead",
                &[]
            )),
            [10000, 6000, 10000]
        );
    }

    #[test]
    fn agreement_is_interval_overlap() {
        let a = &find_chinese("五、六百", &[])[0];
        let b = &find_english("500–600", &[])[0];
        assert!(a.agrees(b));
        let c = &find_chinese("3000人", &[])[0];
        let d = &find_english("2,000 troops", &[])[0];
        assert!(!c.agrees(d));
    }

    proptest! {
        #[test]
        fn arabic_numbers_read_back(n in 0u64..10_000_000) {
            prop_assert_eq!(parse_chinese_numeral(&n.to_string()).map(|x| x.0), Some(n));
        }

        #[test]
        fn chinese_numerals_read_back(n in 1u64..100_000_000) {
            prop_assert_eq!(parse_chinese_numeral(&to_chinese(n)).map(|x| x.0), Some(n));
        }

        #[test]
        fn english_grouped_numbers_read_back(n in 10_000u64..10_000_000) {
            let text = format!("about {} troops", crate::synth::en_number(n));
            let q = find_english(&text, &[]);
            prop_assert_eq!(q.len(), 1);
            prop_assert!(q[0].low <= n && n <= q[0].high);
        }

        #[test]
        fn scanner_never_panics(s in "\\PC{0,40}") {
            let _ = find_chinese(&s, &[]);
            let _ = find_english(&s, &[]);
        }
    }

    /// Writes n in Chinese numerals (for the property test): 43000 → 四萬三千.
    fn to_chinese(n: u64) -> String {
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn below_10000(n: u64, out: &mut String) {
            let parts = [(1000, '千'), (100, '百'), (10, '十')];
            let mut zero = false;
            let mut started = false;
            for (p, u) in parts {
                let d = (n / p) % 10;
                if d == 0 {
                    zero = started;
                } else {
                    if zero {
                        out.push('零');
                        zero = false;
                    }
                    out.push(D[d as usize]);
                    out.push(u);
                    started = true;
                }
            }
            let d = n % 10;
            if d != 0 {
                if zero {
                    out.push('零');
                }
                out.push(D[d as usize]);
            }
        }
        let mut out = String::new();
        let wan = n / 10_000;
        if wan > 0 {
            below_10000(wan, &mut out);
            out.push('萬');
        }
        let rest = n % 10_000;
        if rest > 0 {
            if wan > 0 && rest < 1000 {
                out.push('零');
            }
            below_10000(rest, &mut out);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn searched_near_anchors_as_through_every_byte(
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..16)
        ) {
            let pieces = [
                "some ", "about ", "more than ", "a few ", "A Few ", "several ", "tens of ", "twenty", "-", "five",
                "1,000", "3", "45", "1592", "12,34", "2.5", " ", "  ", "\n", "–", "—", " to ", " and ", "+",
                "hundred", "Hundreds", "thousand", "thousands", "million", "-strong", "troops", "men",
                "<", "~", "≈", ">", "ſ", "\u{212A}", "١٢", "１２", ",", ".", "(", "_", "x", "é", "二",
                "upwards of ", "at most ", "an ", "a ", "one", "nine", "some 4,200 men", "About 30 ships",
                "over 5 thousand", "nearly 1,000",
            ];
            crate::mentions::near::tests::same_as_regex(EN_NUMBER_PATTERN, en_number_matches, &pieces, &picks)?;
        }
    }

    #[test]
    fn an_ordinal_mark_before_a_vague_amount_is_passed_over() {
        // 第數 used to stop the scan from advancing: it looped for ever.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(find_chinese("第數百人，又三千人", &[]));
        });
        let found = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the scan ends");
        let values: Vec<u64> = found.iter().map(|q| q.low).collect();
        assert_eq!(values, vec![3000]);
    }
}
