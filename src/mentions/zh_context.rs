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
    }
}
