//! Hanyu Pinyin → Wade–Giles, the romanisation of Chinese in most English writing before the
//! 1980s and in many histories still (Li Ju-sung for Lǐ Rúsōng, Ch'en Lin for Chén Lín).
//!
//! The conversion is by rule, syllable by syllable: the initial (b → p, p → p', zh → ch,
//! j → ch, q → ch', x → hs, r → j, z → ts, c → ts'), then the final (-ong → -ung, -ian → -ien,
//! -ie → -ieh, -uo → -o, e → o after k, k', h and alone, -ui → -uei after k, k'), and the
//! syllables that are written whole (zi → tzu, ci → tz'u, si → ssu, zhi → chih, chi → ch'ih,
//! shi → shih, ri → jih, er → erh, you → yu, yi → i). Tones are not written (Wade–Giles writes them as
//! superscript numbers, which English texts leave out); ü keeps its dots after ch, hs, y, l
//! and n (chü, hsüeh, yüan, lü).
//!
//! A name is its surname, a space, and its given name's syllables joined by hyphens, each
//! part capitalised (Teng Tzu-lung); a place's syllables are joined by hyphens (Ning-hsia).

use super::{capitalise, pinyin};

/// The Wade–Giles spelling of one toneless pinyin syllable (lower case, `ü` or `v` for ü), or
/// `None` if it is not a pinyin syllable this knows.
pub fn syllable(py: &str) -> Option<String> {
    let py = py.replace('v', "ü");
    let whole = match py.as_str() {
        "zi" => Some("tzu"),
        "ci" => Some("tz'u"),
        "si" => Some("ssu"),
        "zhi" => Some("chih"),
        "chi" => Some("ch'ih"),
        "shi" => Some("shih"),
        "ri" => Some("jih"),
        "er" => Some("erh"),
        "e" => Some("o"),
        "you" => Some("yu"),
        "yi" => Some("i"),
        "yong" => Some("yung"),
        "yan" => Some("yen"),
        "ye" => Some("yeh"),
        "yu" => Some("yü"),
        "yue" => Some("yüeh"),
        "yuan" => Some("yüan"),
        "yun" => Some("yün"),
        _ => None,
    };
    if let Some(w) = whole {
        return Some(w.to_string());
    }
    const INITIALS: &[(&str, &str)] = &[
        ("zh", "ch"),
        ("ch", "ch'"),
        ("sh", "sh"),
        ("b", "p"),
        ("p", "p'"),
        ("m", "m"),
        ("f", "f"),
        ("d", "t"),
        ("t", "t'"),
        ("n", "n"),
        ("l", "l"),
        ("g", "k"),
        ("k", "k'"),
        ("h", "h"),
        ("j", "ch"),
        ("q", "ch'"),
        ("x", "hs"),
        ("r", "j"),
        ("z", "ts"),
        ("c", "ts'"),
        ("s", "s"),
        ("y", "y"),
        ("w", "w"),
    ];
    let (initial, wg_initial, last) = INITIALS
        .iter()
        .find(|(i, _)| py.starts_with(i))
        .map_or(("", "", &py[..]), |(i, w)| (*i, *w, &py[i.len()..]));
    if last.is_empty()
        || !last
            .chars()
            .all(|c| "aeiouü".contains(c) || c == 'n' || c == 'g' || c == 'r')
    {
        return None;
    }
    // After j, q, x the letter u is ü.
    let palatal = matches!(initial, "j" | "q" | "x");
    let last = if palatal && last.starts_with('u') {
        format!("ü{}", &last[1..])
    } else {
        last.to_string()
    };
    let velar = matches!(initial, "g" | "k" | "h");
    let fin = match last.as_str() {
        "ong" => "ung".to_string(),
        "iong" => "iung".to_string(),
        "ian" => "ien".to_string(),
        "ie" => "ieh".to_string(),
        "üe" => "üeh".to_string(),
        "e" if velar || initial.is_empty() => "o".to_string(),
        "uo" if !matches!(initial, "g" | "k" | "h" | "sh") => "o".to_string(),
        "ui" if matches!(initial, "g" | "k") => "uei".to_string(),
        // ü written plainly where no u syllable could be confused with it.
        f if f.starts_with('ü') && !(palatal || matches!(initial, "l" | "n")) => {
            f.replacen('ü', "u", 1)
        }
        f => f.to_string(),
    };
    Some(format!("{wg_initial}{fin}"))
}

/// The Wade–Giles syllables of a Chinese form, read with the stored pinyin `stored` (which
/// picks each polyphonic character's reading): 李如松 with Lǐ Rúsōng → li, ju, sung. `None`
/// when the stored pinyin is not a reading of the characters, one by one.
pub fn syllables(hanzi: &str, stored: &str) -> Option<Vec<String>> {
    let target: Vec<char> = pinyin::strip_tones(&stored.to_lowercase())
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    // ü and u compare equal (綠 is lǜ in the tables, lù in 鴨綠江); the syllable is spelled
    // as stored.
    let plain = |c: &char| if *c == 'ü' { 'u' } else { *c };
    let mut at = 0;
    let mut out = Vec::new();
    for c in hanzi.chars() {
        let len = pinyin::readings(c)
            .iter()
            .map(|r| pinyin::strip_tones(&r.to_lowercase()))
            .map(|r| r.chars().map(|c| plain(&c)).collect::<Vec<char>>())
            .filter(|r| {
                target.len() >= at + r.len()
                    && target[at..at + r.len()]
                        .iter()
                        .map(plain)
                        .eq(r.iter().copied())
            })
            .map(|r| r.len())
            .max()?;
        let read: String = target[at..at + len].iter().collect();
        at += len;
        out.push(syllable(&read)?);
    }
    (at == target.len()).then_some(out)
}

/// A person's name in Wade–Giles: surname, space, given name with hyphens (Li Ju-sung).
pub fn name(hanzi: &str, stored: &str) -> Option<String> {
    let s = syllables(hanzi, stored)?;
    let n = pinyin::surname_len(hanzi).min(s.len());
    let (sur, given) = s.split_at(n);
    let sur = capitalise(&sur.concat());
    if given.is_empty() {
        return Some(sur);
    }
    Some(format!("{sur} {}", capitalise(&given.join("-"))))
}

/// A place or word in Wade–Giles: syllables joined by hyphens (Ning-hsia).
pub fn word(hanzi: &str, stored: &str) -> Option<String> {
    syllables(hanzi, stored).map(|s| capitalise(&s.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_convert_by_rule() {
        let cases = [
            ("song", "sung"),
            ("zhi", "chih"),
            ("zi", "tzu"),
            ("ci", "tz'u"),
            ("si", "ssu"),
            ("xing", "hsing"),
            ("jie", "chieh"),
            ("qian", "ch'ien"),
            ("gui", "kuei"),
            ("kui", "k'uei"),
            ("hui", "hui"),
            ("guo", "kuo"),
            ("luo", "lo"),
            ("zhuo", "cho"),
            ("ge", "ko"),
            ("he", "ho"),
            ("de", "te"),
            ("xue", "hsüeh"),
            ("ju", "chü"),
            ("yuan", "yüan"),
            ("lü", "lü"),
            ("lu", "lu"),
            ("chang", "ch'ang"),
            ("ru", "ju"),
            ("rong", "jung"),
            ("ting", "t'ing"),
            ("xiong", "hsiung"),
            ("er", "erh"),
            ("yi", "i"),
            ("ying", "ying"),
        ];
        for (py, wg) in cases {
            assert_eq!(syllable(py).as_deref(), Some(wg), "{py}");
        }
        assert_eq!(syllable("qx"), None);
    }

    #[test]
    fn names_and_places() {
        assert_eq!(name("李如松", "Lǐ Rúsōng").as_deref(), Some("Li Ju-sung"));
        assert_eq!(name("陳璘", "Chén Lín").as_deref(), Some("Ch'en Lin"));
        assert_eq!(
            name("鄧子龍", "Dèng Zǐlóng").as_deref(),
            Some("Teng Tzu-lung")
        );
        assert_eq!(
            name("宋應昌", "Sòng Yìngchāng").as_deref(),
            Some("Sung Ying-ch'ang")
        );
        assert_eq!(
            name("沈惟敬", "Shěn Wéijìng").as_deref(),
            Some("Shen Wei-ching")
        );
        assert_eq!(word("寧夏", "Níngxià").as_deref(), Some("Ning-hsia"));
        // The stored reading picks a polyphonic character's reading.
        assert_eq!(name("查大受", "Zhā Dàshòu").as_deref(), Some("Cha Ta-shou"));
        // Capitals with tone marks; a polyphonic character read as stored (綠 lù, not lǜ).
        assert_eq!(name("郭安民", "Guō Ānmín").as_deref(), Some("Kuo An-min"));
        assert_eq!(word("鴨綠江", "Yālùjiāng").as_deref(), Some("Ya-lu-chiang"));
        // Not a reading of the characters: nothing.
        assert_eq!(name("李如松", "Lǐ Rúbǎi"), None);
    }
}
