//! Where a personal name stands in Chinese narrative: after a title or rank (總兵李如松), before
//! a word that follows names (率 leads, 等 and others, 與 with). Shared by the near-miss check
//! and `glossary suggest`, so both read a name context the same way.

/// Titles and ranks that stand before a personal name (Ming, Joseon and Japanese offices).
pub const NAME_TITLES: &[&str] = &[
    "將軍",
    "都督",
    "提督",
    "總兵",
    "節度使",
    "副總兵",
    "參將",
    "游擊",
    "遊擊",
    "經略",
    "巡撫",
    "都指揮",
    "兵使",
    "水使",
    "郡守",
    "縣監",
    "府使",
    "牧使",
    "判官",
    "主帥",
    "將領",
    "大將",
    "元帥",
    "統制使",
    "主將",
    "守將",
    "使",
    "公",
];

/// Characters that often follow a personal name (率 leads, 等 and others, 與 with…).
pub const NAME_FOLLOWERS: &str =
    "率等與和及部軍兵之的為在於則亦也被以向將戰擊攻領帶遂乃又即曰說見命";

/// Two-character words whose second character is one of [`NAME_FOLLOWERS`]: 將 after 武 is
/// the word 武將 (a general), not 將 after a name.
const FOLLOWER_WORDS: &[&str] = &[
    "武將", "大將", "主將", "守將", "副將", "部將", "名將", "猛將", "諸將", "眾將", "敗將", "降將",
    "戰將", "良將", "上將", "偏將", "裨將", "老將", "參將", "水軍", "陸軍", "大軍", "援軍", "敵軍",
    "全軍", "將軍", "士兵", "騎兵", "步兵", "伏兵", "援兵", "精兵", "水戰", "海戰", "血戰", "激戰",
];

/// Whether characters `a` and `b` make one of the words a follower character ends
/// ([`FOLLOWER_WORDS`]).
pub fn is_word(a: char, b: char) -> bool {
    FOLLOWER_WORDS.iter().any(|w| {
        let mut cs = w.chars();
        cs.next() == Some(a) && cs.next() == Some(b)
    })
}

/// Whether `before` (the text up to a span) ends with a title.
pub fn after_title(before: &str) -> bool {
    NAME_TITLES.iter().any(|t| before.ends_with(t))
}

/// Whether `after` (the text from the end of a span) starts with a word that follows names.
pub fn before_follower(after: &str) -> bool {
    after
        .chars()
        .next()
        .is_some_and(|c| NAME_FOLLOWERS.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_followers() {
        assert!(after_title("明提督"));
        assert!(after_title("府使"));
        assert!(!after_title("明軍"));
        assert!(before_follower("率兵四萬"));
        assert!(before_follower("等日軍"));
        assert!(!before_follower("總理薊遼"));
        assert!(is_word('武', '將') && !is_word('松', '將'));
    }

    #[test]
    fn every_follower_word_ends_in_a_follower() {
        for w in FOLLOWER_WORDS {
            let last = w.chars().nth(1).expect("two characters");
            assert_eq!(w.chars().count(), 2, "{w}");
            assert!(NAME_FOLLOWERS.contains(last), "{w}");
        }
    }
}
