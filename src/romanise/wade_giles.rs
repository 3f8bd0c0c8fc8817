//! Wade–Giles from Hanyu Pinyin, for the spellings of Chinese names in older English works
//! (Li Ju-sung for Lǐ Rúsōng, Ch'en Lin for Chén Lín).
//!
//! Pure text → text, syllable by syllable: the initials change (b → p, p → p', zh → ch, j → ch,
//! q → ch', x → hs, r → j, z → ts, c → ts'), so do some finals (-ong → -ung, -ian → -ien,
//! -ie → -ieh, u after j/q/x/y → ü), and a few syllables are written whole (zi → tzu, si → ssu,
//! zhi → chih, shi → shih, ri → jih, er → erh). Tones are dropped. Not here: the pinyin itself
//! (`super::pinyin`), and which spelling a text uses (`glossary::derive`).

/// The initials of pinyin, longest first.
const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// The finals of pinyin (with `ü` as written after l and n).
const FINALS: [&str; 37] = [
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia", "ie",
    "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui", "uan", "un",
    "uang", "ueng", "ü", "üe", "ue", "üan", "ün",
];

/// Splits a toneless, lowercase pinyin syllable into initial and final, if it is one.
fn split(s: &str) -> Option<(&str, &str)> {
    let initial = INITIALS
        .iter()
        .find(|i| s.starts_with(**i))
        .copied()
        .unwrap_or("");
    let fin = &s[initial.len()..];
    FINALS.contains(&fin).then_some((initial, fin))
}

/// One toneless, lowercase pinyin syllable in Wade–Giles (lowercase), if it is a syllable.
pub fn syllable(s: &str) -> Option<String> {
    let whole = match s {
        "zi" => Some("tzu"),
        "ci" => Some("tz'u"),
        "si" => Some("ssu"),
        "zhi" => Some("chih"),
        "chi" => Some("ch'ih"),
        "shi" => Some("shih"),
        "ri" => Some("jih"),
        "er" => Some("erh"),
        "yi" => Some("i"),
        "you" => Some("yu"),
        "ye" => Some("yeh"),
        "yan" => Some("yen"),
        "yong" => Some("yung"),
        "yu" => Some("yü"),
        "yue" => Some("yüeh"),
        "yuan" => Some("yüan"),
        "yun" => Some("yün"),
        _ => None,
    };
    if let Some(w) = whole {
        return Some(w.to_string());
    }
    let (initial, fin) = split(s)?;
    let palatal = matches!(initial, "j" | "q" | "x");
    let fin = match fin {
        "u" if palatal => "ü",
        "ue" | "üe" => "üeh",
        "uan" if palatal => "üan",
        "un" if palatal => "ün",
        "ong" => "ung",
        "iong" => "iung",
        "ian" => "ien",
        "ie" => "ieh",
        "ui" if matches!(initial, "g" | "k") => "uei",
        "uo" if !matches!(initial, "g" | "k" | "h" | "sh") => "o",
        "e" if matches!(initial, "g" | "k" | "h") => "o",
        other => other,
    };
    let initial = match initial {
        "b" => "p",
        "p" => "p'",
        "d" => "t",
        "t" => "t'",
        "g" => "k",
        "k" => "k'",
        "z" => "ts",
        "c" => "ts'",
        "zh" | "j" => "ch",
        "ch" | "q" => "ch'",
        "x" => "hs",
        "r" => "j",
        other => other,
    };
    Some(format!("{initial}{fin}"))
}

/// A word of toneless pinyin cut into the fewest syllables (apostrophes cut too: Xi'an).
fn syllables(word: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    for part in word.split('\'').filter(|p| !p.is_empty()) {
        // best[i]: the fewest syllables covering part[..i], with the start of the last.
        let n = part.len();
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0));
        for end in 1..=n {
            for start in (0..end).rev() {
                if !part.is_char_boundary(start) || !part.is_char_boundary(end) {
                    continue;
                }
                let Some((count, _)) = best[start] else {
                    continue;
                };
                if split(&part[start..end]).is_some()
                    && best[end].is_none_or(|(c, _)| count + 1 < c)
                {
                    best[end] = Some((count + 1, start));
                }
            }
        }
        let mut cuts = Vec::new();
        let mut end = n;
        while end > 0 {
            let (_, start) = best[end]?;
            cuts.push(&part[start..end]);
            end = start;
        }
        cuts.reverse();
        out.extend(cuts);
    }
    (!out.is_empty()).then_some(out)
}

/// A personal name in pinyin (`Lǐ Rúsōng`) in Wade–Giles (`Li Ju-sung`): the surname as one
/// word, the given name's syllables joined by hyphens; `None` unless every word is pinyin.
pub fn name(pinyin: &str) -> Option<String> {
    let plain = super::pinyin::strip_tones(pinyin).to_lowercase();
    let mut words = Vec::new();
    for word in plain.split_whitespace() {
        let parts: Vec<String> = syllables(word)?
            .into_iter()
            .map(syllable)
            .collect::<Option<_>>()?;
        let joined = if words.is_empty() {
            parts.concat()
        } else {
            parts.join("-")
        };
        let mut chars = joined.chars();
        let first = chars.next()?;
        words.push(first.to_uppercase().chain(chars).collect::<String>());
    }
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_wade_giles() {
        for (pinyin, wg) in [
            ("Lǐ Rúsōng", "Li Ju-sung"),
            ("Chén Lín", "Ch'en Lin"),
            ("Sòng Yìngchāng", "Sung Ying-ch'ang"),
            ("Zhā Dàshòu", "Cha Ta-shou"),
            ("Liú Tǐng", "Liu T'ing"),
            ("Má Guì", "Ma Kuei"),
            ("Yáng Hào", "Yang Hao"),
            ("Xíng Jiè", "Hsing Chieh"),
            ("Zǔ Chéngxùn", "Tsu Ch'eng-hsün"),
            ("Shěn Wéijìng", "Shen Wei-ching"),
            ("Dèng Zǐlóng", "Teng Tzu-lung"),
        ] {
            assert_eq!(name(pinyin).as_deref(), Some(wg), "{pinyin}");
        }
        assert_eq!(name("Napoleon"), None, "not pinyin");
    }
}
