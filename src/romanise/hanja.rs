//! Hanja → hangul (Sino-Korean readings, via `hanja_hangul`), with the initial-sound law
//! (두음법칙: 李 이, 柳 유, 盧 노) and the 렬/률 rule (權慄 권율).

use hanja_hangul::Converter;

/// Hangul reading of a word or place name, initial-sound law on the first syllable:
/// 碧蹄館 → 벽제관, 漢城 → 한성.
pub fn word(hanja: &str) -> Option<String> {
    Converter::global().reading(hanja, true)
}

/// Hangul reading of a personal name: surname reading (金 김), initial-sound law on the surname
/// and on the given name (李舜臣 이순신, 柳成龍 유성룡, 權慄 권율).
pub fn name(hanja: &str) -> Option<String> {
    let out = Converter::global().convert(hanja).into_owned();
    (!out.chars().any(hanja_hangul::is_hanja)).then_some(out)
}

/// Other possible readings (polyphonic characters), for validation.
pub fn readings(hanja: &str, limit: usize) -> Vec<String> {
    Converter::global().readings(hanja, true, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_words() {
        let names = [
            ("李舜臣", "이순신"),
            ("柳成龍", "유성룡"),
            ("權慄", "권율"),
            ("高彥伯", "고언백"),
            ("金命元", "김명원"),
            ("李元翼", "이원익"),
            ("尹斗壽", "윤두수"),
            ("李德馨", "이덕형"),
            ("元均", "원균"),
            ("申砬", "신립"),
            ("金時敏", "김시민"),
            ("郭再祐", "곽재우"),
            ("鄭起龍", "정기룡"),
            ("金千鎰", "김천일"),
            ("宋象賢", "송상현"),
            ("沈喜壽", "심희수"),
            ("盧認", "노인"),
            ("李如松", "이여송"),
            ("沈惟敬", "심유경"),
            ("金應瑞", "김응서"),
        ];
        for (h, want) in names {
            assert_eq!(name(h).as_deref(), Some(want), "{h}");
        }
        let words = [
            ("碧蹄館", "벽제관"),
            ("平壤", "평양"),
            ("漢城", "한성"),
            ("開城", "개성"),
            ("露梁", "노량"),
        ];
        for (h, want) in words {
            assert_eq!(word(h).as_deref(), Some(want), "{h}");
        }
    }
}
