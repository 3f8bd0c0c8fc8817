//! Traditional ↔ simplified Chinese (OpenCC data via `ferrous-opencc`), and Japanese shinjitai
//! → traditional, for filling the simplified column and for folding variant forms in lookups.

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use std::sync::LazyLock;

static T2S: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());
static S2T: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::S2t).ok());
static T2JP: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2jp).ok());
static JP2T: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::Jp2t).ok());

/// Traditional → simplified: 碧蹄館 → 碧蹄馆, 劉綎 → 刘𬘩.
pub fn to_simplified(text: &str) -> String {
    match T2S.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// Simplified → traditional (one of possibly several traditional forms).
pub fn to_traditional(text: &str) -> String {
    match S2T.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// Japanese shinjitai → traditional: 豊臣 → 豐臣, 黒田 → 黑田.
pub fn japanese_to_traditional(text: &str) -> String {
    match JP2T.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// Whether `text` is written in simplified rather than traditional characters: more of its
/// characters change when converted to traditional than when converted to simplified. Text
/// with no character that tells them apart counts as traditional (the usual script of the
/// historical sources).
pub fn is_simplified(text: &str) -> bool {
    let differing = |converted: String| {
        text.chars()
            .zip(converted.chars())
            .filter(|(a, b)| a != b)
            .count()
    };
    let traditional_only = differing(to_simplified(text));
    let simplified_only = differing(to_traditional(text));
    simplified_only > traditional_only
}

/// Traditional → Japanese shinjitai: 豐臣 → 豊臣, 黑田 → 黒田 (for Japanese name readings).
pub fn traditional_to_japanese(text: &str) -> String {
    match T2JP.as_ref() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let cases = [
            ("碧蹄館", "碧蹄馆"),
            ("李如松", "李如松"),
            ("豐臣秀吉", "丰臣秀吉"),
            ("宋應昌", "宋应昌"),
            ("萬曆朝鮮之役", "万历朝鲜之役"),
            ("鍋島直茂", "锅岛直茂"),
            ("劉綎", "刘𬘩"),
            ("鄧子龍", "邓子龙"),
            ("陳璘", "陈璘"),
            ("楊鎬", "杨镐"),
            ("麻貴", "麻贵"),
            ("鴨綠江", "鸭绿江"),
            ("臨津江之戰", "临津江之战"),
            ("漢城", "汉城"),
            ("開城", "开城"),
            ("義州", "义州"),
            ("黑田長政", "黑田长政"),
            ("島津義弘", "岛津义弘"),
            ("柳成龍", "柳成龙"),
            ("權慄", "权栗"),
            ("閑山島", "闲山岛"),
            ("遼東巡撫", "辽东巡抚"),
            ("藤堂高虎", "藤堂高虎"),
            ("蔚山", "蔚山"),
        ];
        for (t, s) in cases {
            assert_eq!(to_simplified(t), s, "{t}");
        }
        assert_eq!(japanese_to_traditional("豊臣秀吉"), "豐臣秀吉");
        assert_eq!(japanese_to_traditional("黒田長政"), "黑田長政");
        assert_eq!(japanese_to_traditional("徳川家康"), "德川家康");
        assert_eq!(japanese_to_traditional("浅野長政"), "淺野長政");
        assert_eq!(to_traditional("碧蹄馆"), "碧蹄館");
    }

    #[test]
    fn script_is_told_by_the_characters_that_differ() {
        for (text, simplified) in [
            ("明軍渡過鴨綠江，進圍平壤。", false),
            ("明军渡过鸭绿江，进围平壤。", true),
            ("平壤", false),
            ("", false),
        ] {
            assert_eq!(is_simplified(text), simplified, "{text}");
        }
    }
}
