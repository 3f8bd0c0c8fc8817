//! Hangul → Revised Romanization (2000) and McCune–Reischauer, for words and for names.
//!
//! Syllables are decomposed arithmetically (U+AC00 + (L·21 + V)·28 + T). Within a word, sound
//! changes across syllables are written (liaison, nasalisation, ㄹ assimilation): 벽제관
//! Byeokjegwan / Pyŏkchegwan, 신라 Silla. Names follow the name conventions: a surname table,
//! then in RR the given-name syllables romanised separately with a hyphen and no sound change
//! (유성룡 Yu Seong-ryong), in MR the given name as one word with sound changes (Yu Sŏngnyong).

use super::capitalise;

/// Romanisation system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// Revised Romanization of Korean (2000).
    Rr,
    /// McCune–Reischauer (with breves and apostrophes).
    Mr,
}

const RR_VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
const MR_VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
    "wi", "yu", "ŭ", "ŭi", "i",
];

// Initial consonants (choseong), index order of Unicode.
const G: u8 = 0; // ㄱ
const KK: u8 = 1; // ㄲ
const N: u8 = 2; // ㄴ
const D: u8 = 3; // ㄷ
const R: u8 = 5; // ㄹ
const M: u8 = 6; // ㅁ
const B: u8 = 7; // ㅂ
const S: u8 = 9; // ㅅ
const NG: u8 = 11; // ㅇ (silent initial)
const J: u8 = 12; // ㅈ
const H: u8 = 18; // ㅎ

/// Word-initial / after-a-final spelling of each initial, RR.
const RR_INITIAL: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
/// Word-initial spelling of each initial, MR (voiceless).
const MR_INITIAL: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'",
    "p'", "h",
];
/// Spelling between voiced sounds (after a vowel, ㄴ, ㄹ, ㅁ, ㅇ), MR.
const MR_VOICED: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "tch", "ch'", "k'", "t'",
    "p'", "h",
];

/// A syllable-final sound after neutralisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Final {
    None,
    K,
    N,
    T,
    L,
    M,
    P,
    Ng,
    /// ㅎ (aspirates a following ㄱ ㄷ ㅈ, silent before a vowel).
    H,
}

/// The final consonant index (jongseong 0..28) → the initial it becomes in liaison, if any.
fn liaison_initial(t: u8) -> Option<u8> {
    Some(match t {
        1 => G,
        2 => KK,
        3 => S, // ㄳ → ㄱ + ㅅ: rare; the ㅅ carries over
        4 => N,
        5 => J, // ㄵ
        6 => N, // ㄶ (ㅎ silent)
        7 => D,
        8 => R,
        9 => G,   // ㄺ
        10 => M,  // ㄻ
        11 => B,  // ㄼ
        12 => S,  // ㄽ
        13 => 16, // ㄾ → ㅌ
        14 => 17, // ㄿ → ㅍ
        15 => R,  // ㅀ
        16 => M,
        17 => B,
        18 => S, // ㅄ
        19 => S,
        20 => 10,          // ㅆ
        21 => return None, // ㅇ stays a final
        22 => J,
        23 => 14,          // ㅊ
        24 => 15,          // ㅋ
        25 => 16,          // ㅌ
        26 => 17,          // ㅍ
        27 => return None, // ㅎ is silent before a vowel
        _ => return None,
    })
}

/// What stays as a final when a double final gives its second part to a following vowel.
fn liaison_remainder(t: u8) -> Final {
    match t {
        3 => Final::K,
        5 | 6 => Final::N,
        9..=15 => Final::L,
        18 => Final::P,
        _ => Final::None,
    }
}

fn neutralise(t: u8) -> Final {
    match t {
        0 => Final::None,
        1 | 2 | 3 | 9 | 24 => Final::K,
        4 | 5 => Final::N,
        6 => Final::N,
        7 | 19 | 20 | 22 | 23 | 25 => Final::T,
        27 => Final::H,
        8 | 11 | 12 | 13 | 15 => Final::L,
        10 | 16 => Final::M,
        14 | 17 | 18 | 26 => Final::P,
        21 => Final::Ng,
        _ => Final::None,
    }
}

/// A decomposed syllable: initial, vowel and final indices.
#[derive(Debug, Clone, Copy)]
struct Syllable {
    l: u8,
    v: u8,
    t: u8,
}

fn decompose(c: char) -> Option<Syllable> {
    let code = c as u32;
    if !(0xAC00..=0xD7A3).contains(&code) {
        return None;
    }
    let s = code - 0xAC00;
    Some(Syllable {
        l: (s / (21 * 28)) as u8,
        v: ((s / 28) % 21) as u8,
        t: (s % 28) as u8,
    })
}

fn final_letters(f: Final, sys: System) -> &'static str {
    match (f, sys) {
        (Final::None, _) => "",
        (Final::K, _) => "k",
        (Final::N, _) => "n",
        (Final::T | Final::H, _) => "t",
        (Final::L, _) => "l",
        (Final::M, _) => "m",
        (Final::P, _) => "p",
        (Final::Ng, _) => "ng",
    }
}

/// The letters for a final followed by an initial consonant (not ㅇ), with sound changes.
fn cluster(f: Final, l: u8, sys: System) -> String {
    let voiced = match sys {
        System::Rr => &RR_INITIAL,
        System::Mr => &MR_VOICED,
    };
    let plain = match sys {
        System::Rr => &RR_INITIAL,
        System::Mr => &MR_INITIAL,
    };
    let s = |x: &str| x.to_string();
    match (f, l) {
        (Final::None, _) => s(voiced[l as usize]),
        // Nasalisation: k t p before ㄴ ㅁ (and ㄹ, which becomes ㄴ).
        (Final::K, N | M) => format!("ng{}", plain[l as usize]),
        (Final::K, R) => s("ngn"),
        (Final::T, N | M) => format!("n{}", plain[l as usize]),
        (Final::T, R) => s("nn"),
        (Final::P, N | M) => format!("m{}", plain[l as usize]),
        (Final::P, R) => s("mn"),
        // ㄹ assimilation.
        (Final::N, R) | (Final::L, N) | (Final::L, R) => s("ll"),
        (Final::M, R) => s("mn"),
        (Final::Ng, R) => s("ngn"),
        // ㅎ aspirates what follows.
        (Final::H, G) => s(plain[15]),
        (Final::H, D) => s(plain[16]),
        (Final::H, J) => s(plain[14]),
        (Final::H, N) => s("nn"),
        (Final::H, S) => s("ss"),
        (Final::H, _) => s(plain[l as usize]),
        // ㄹ + ㅎ: MR writes rh.
        (Final::L, H) if sys == System::Mr => s("rh"),
        // After ㄴ ㄹ ㅁ ㅇ the consonant is voiced (MR); MR separates n'g.
        (Final::N, G) if sys == System::Mr => s("n'g"),
        (Final::N | Final::L | Final::M | Final::Ng, _) => {
            format!("{}{}", final_letters(f, sys), voiced[l as usize])
        }
        // After k t p the consonant stays voiceless; MR: t + s → ss.
        (Final::T, S) if sys == System::Mr => s("ss"),
        (Final::K | Final::T | Final::P, _) => {
            format!("{}{}", final_letters(f, sys), plain[l as usize])
        }
    }
}

/// Romanises one word (a run of hangul syllables) with sound changes across syllables.
/// `initial_voiced` is for the second part of a name romanised as a continuation.
fn word(syllables: &[Syllable], sys: System) -> String {
    let vowels = match sys {
        System::Rr => &RR_VOWELS,
        System::Mr => &MR_VOWELS,
    };
    let first_initial = match sys {
        System::Rr => &RR_INITIAL,
        System::Mr => &MR_INITIAL,
    };
    let mut out = String::new();
    let mut pending = Final::None; // final of the previous syllable, not yet written
    for (i, syl) in syllables.iter().enumerate() {
        let mut l = syl.l;
        if i == 0 {
            out.push_str(first_initial[l as usize]);
        } else if l == NG {
            // Vowel-initial syllable: the previous final carries over (liaison).
            let prev = syllables[i - 1];
            match liaison_initial(prev.t) {
                Some(carried) => {
                    let rest = liaison_remainder(prev.t);
                    out.push_str(final_letters(rest, sys));
                    let voiced = match sys {
                        System::Rr => &RR_INITIAL,
                        System::Mr => &MR_VOICED,
                    };
                    // A carried consonant stands between vowels: voiced in MR.
                    l = carried;
                    out.push_str(voiced[l as usize]);
                }
                None => out.push_str(final_letters(pending, sys)),
            }
        } else {
            out.push_str(&cluster(pending, l, sys));
        }
        let v = vowels[syl.v as usize];
        // MR: ㅅ before ㅟ is sh.
        if sys == System::Mr && syl.l == S && syl.v == 16 && out.ends_with('s') {
            out.push('h');
        }
        out.push_str(v);
        pending = neutralise(syl.t);
    }
    out.push_str(final_letters(pending, sys));
    out
}

fn syllables(text: &str) -> Option<Vec<Syllable>> {
    text.chars().map(decompose).collect()
}

/// Romanises hangul text as words (place names, terms): each space-separated word with its
/// sound changes, capitalised. Non-hangul words are kept as they are.
pub fn romanise_words(text: &str, sys: System) -> String {
    text.split_whitespace()
        .map(|w| match syllables(w) {
            Some(s) if !s.is_empty() => capitalise(&word(&s, sys)),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Conventional romanisations of Korean surnames: (hangul, RR preferred, MR preferred,
/// other spellings met in sources). Surnames not listed follow the system's rules.
pub const SURNAMES: &[(&str, &str, &str, &[&str])] = &[
    ("이", "Yi", "Yi", &["Lee", "Rhee", "I", "Ri"]),
    ("리", "Yi", "Yi", &["Lee", "Ri", "Rhee"]),
    ("김", "Kim", "Kim", &["Gim"]),
    ("박", "Bak", "Pak", &["Park", "Pak"]),
    ("고", "Go", "Ko", &["Ko", "Koh"]),
    ("권", "Gwon", "Kwŏn", &["Kwon"]),
    ("정", "Jeong", "Chŏng", &["Chung", "Jung", "Chong"]),
    ("조", "Jo", "Cho", &["Cho"]),
    ("최", "Choe", "Ch'oe", &["Choi"]),
    ("유", "Yu", "Yu", &["Yoo", "You"]),
    ("류", "Ryu", "Ryu", &["Yu", "Yoo"]),
    ("윤", "Yun", "Yun", &["Yoon"]),
    ("신", "Sin", "Sin", &["Shin"]),
    ("심", "Sim", "Sim", &["Shim"]),
    ("곽", "Gwak", "Kwak", &["Kwak"]),
    ("임", "Im", "Im", &["Lim", "Rim"]),
    ("강", "Gang", "Kang", &["Kang"]),
    ("장", "Jang", "Chang", &["Chang"]),
    ("오", "O", "O", &["Oh"]),
    ("서", "Seo", "Sŏ", &["Suh"]),
    ("허", "Heo", "Hŏ", &["Hur", "Huh"]),
    ("문", "Mun", "Mun", &["Moon"]),
    ("손", "Son", "Son", &["Sohn"]),
    ("배", "Bae", "Pae", &["Pae"]),
    ("백", "Baek", "Paek", &["Paek", "Baik"]),
    ("안", "An", "An", &["Ahn"]),
    ("전", "Jeon", "Chŏn", &["Jun", "Chun", "Chon"]),
    ("노", "No", "No", &["Noh", "Roh"]),
    ("나", "Na", "Na", &["Ra"]),
    ("변", "Byeon", "Pyŏn", &["Byun", "Pyon"]),
    ("구", "Gu", "Ku", &["Koo", "Ku"]),
    ("성", "Seong", "Sŏng", &["Sung"]),
    ("송", "Song", "Song", &[]),
    ("원", "Won", "Wŏn", &[]),
    ("홍", "Hong", "Hong", &[]),
    ("한", "Han", "Han", &[]),
    ("황", "Hwang", "Hwang", &[]),
    ("양", "Yang", "Yang", &[]),
    ("남", "Nam", "Nam", &[]),
    ("민", "Min", "Min", &[]),
    ("하", "Ha", "Ha", &[]),
    ("곽", "Gwak", "Kwak", &[]),
];

/// Two-syllable surnames.
const COMPOUND_SURNAMES: &[&str] = &[
    "남궁", "황보", "제갈", "사공", "선우", "서문", "독고", "동방",
];

/// Splits a hangul personal name into surname and given name (`고언백` → `고`, `언백`).
/// A space in the input is taken as the split.
pub fn split_name(name: &str) -> (String, String) {
    if let Some((s, g)) = name.trim().split_once(' ') {
        return (s.to_string(), g.replace(' ', ""));
    }
    let chars: Vec<char> = name.trim().chars().collect();
    let two: String = chars.iter().take(2).collect();
    let n = if chars.len() >= 3 && COMPOUND_SURNAMES.contains(&two.as_str()) {
        2
    } else {
        1.min(chars.len())
    };
    (chars[..n].iter().collect(), chars[n..].iter().collect())
}

/// The preferred romanisation of a surname.
pub fn surname(hangul: &str, sys: System) -> String {
    match SURNAMES.iter().find(|s| s.0 == hangul) {
        Some(&(_, rr, mr, _)) => match sys {
            System::Rr => rr.to_string(),
            System::Mr => mr.to_string(),
        },
        None => romanise_words(hangul, sys),
    }
}

/// Every accepted spelling of a surname (preferred RR and MR, and conventional ones).
pub fn surname_spellings(hangul: &str) -> Vec<String> {
    let mut out = vec![surname(hangul, System::Rr), surname(hangul, System::Mr)];
    if let Some(&(_, _, _, others)) = SURNAMES.iter().find(|s| s.0 == hangul) {
        out.extend(others.iter().map(|s| s.to_string()));
    }
    out.push(romanise_words(hangul, System::Rr));
    out.dedup();
    out
}

/// Romanises a personal name: `고언백` → RR `Go Eon-baek`, MR `Ko Ŏnbaek`.
pub fn romanise_name(name: &str, sys: System) -> Option<String> {
    let (sur, given) = split_name(name);
    syllables(&sur)?;
    let given_syl = syllables(&given)?;
    let sur = surname(&sur, sys);
    if given_syl.is_empty() {
        return Some(sur);
    }
    let given = match sys {
        System::Rr => given_syl
            .iter()
            .map(|s| word(std::slice::from_ref(s), sys))
            .collect::<Vec<_>>()
            .join("-"),
        System::Mr => word(&given_syl, sys),
    };
    Some(format!("{sur} {}", capitalise(&given)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rr_words() {
        let cases = [
            ("벽제관", "Byeokjegwan"),
            ("평양", "Pyeongyang"),
            ("한성", "Hanseong"),
            ("개성", "Gaeseong"),
            ("경기", "Gyeonggi"),
            ("강원", "Gangwon"),
            ("황해", "Hwanghae"),
            ("신라", "Silla"),
            ("동래", "Dongnae"),
            ("명량", "Myeongnyang"),
            ("노량", "Noryang"),
            ("칠천량", "Chilcheollyang"),
            ("울산", "Ulsan"),
            ("압록강", "Amnokgang"),
            ("전라", "Jeolla"),
            ("독립", "Dongnip"),
            ("종로", "Jongno"),
            ("의주", "Uiju"),
            ("한산도", "Hansando"),
            ("임진강", "Imjingang"),
            ("함경", "Hamgyeong"),
            ("행주", "Haengju"),
            ("충청", "Chungcheong"),
            ("진주", "Jinju"),
            ("한국어", "Hangugeo"),
            ("백마", "Baengma"),
            ("용인", "Yongin"),
            ("탄금대", "Tangeumdae"),
        ];
        for (hangul, want) in cases {
            assert_eq!(romanise_words(hangul, System::Rr), want, "{hangul}");
        }
    }

    #[test]
    fn mr_words() {
        let cases = [
            ("벽제관", "Pyŏkchegwan"),
            ("평양", "P'yŏngyang"),
            ("한성", "Hansŏng"),
            ("개성", "Kaesŏng"),
            ("경기", "Kyŏnggi"),
            ("강원", "Kangwŏn"),
            ("전라", "Chŏlla"),
            ("충청", "Ch'ungch'ŏng"),
            ("함경", "Hamgyŏng"),
            ("동래", "Tongnae"),
            ("진주", "Chinju"),
            ("임진강", "Imjin'gang"),
            ("압록강", "Amnokkang"),
            ("한국", "Han'guk"),
            ("명량", "Myŏngnyang"),
            ("노량", "Noryang"),
            ("사천", "Sach'ŏn"),
            ("한국어", "Han'gugŏ"),
            ("부산", "Pusan"),
            ("독립", "Tongnip"),
        ];
        for (hangul, want) in cases {
            assert_eq!(romanise_words(hangul, System::Mr), want, "{hangul}");
        }
    }

    #[test]
    fn names() {
        let cases = [
            ("고언백", "Go Eon-baek", "Ko Ŏnbaek"),
            ("유성룡", "Yu Seong-ryong", "Yu Sŏngnyong"),
            ("류성룡", "Ryu Seong-ryong", "Ryu Sŏngnyong"),
            ("권율", "Gwon Yul", "Kwŏn Yul"),
            ("이순신", "Yi Sun-sin", "Yi Sunsin"),
            ("이덕형", "Yi Deok-hyeong", "Yi Tŏkhyŏng"),
            ("윤근수", "Yun Geun-su", "Yun Kŭnsu"),
            ("김명원", "Kim Myeong-won", "Kim Myŏngwŏn"),
            ("이일", "Yi Il", "Yi Il"),
            ("원균", "Won Gyun", "Wŏn Kyun"),
            ("신립", "Sin Rip", "Sin Rip"),
            ("곽재우", "Gwak Jae-u", "Kwak Chaeu"),
            ("김덕령", "Kim Deok-ryeong", "Kim Tŏngnyŏng"),
            ("정기룡", "Jeong Gi-ryong", "Chŏng Kiryong"),
            ("최영", "Choe Yeong", "Ch'oe Yŏng"),
            ("조헌", "Jo Heon", "Cho Hŏn"),
            ("송상현", "Song Sang-hyeon", "Song Sanghyŏn"),
            ("남궁억", "Namgung Eok", "Namgung Ŏk"),
            ("이원익", "Yi Won-ik", "Yi Wŏnik"),
            ("김시민", "Kim Si-min", "Kim Simin"),
        ];
        for (hangul, rr, mr) in cases {
            assert_eq!(
                romanise_name(hangul, System::Rr).as_deref(),
                Some(rr),
                "{hangul}"
            );
            assert_eq!(
                romanise_name(hangul, System::Mr).as_deref(),
                Some(mr),
                "{hangul}"
            );
        }
    }

    #[test]
    fn surname_conventions() {
        let spellings = surname_spellings("이");
        for s in ["Yi", "Lee", "Rhee", "I"] {
            assert!(spellings.iter().any(|x| x == s), "{s}");
        }
        assert_eq!(split_name("남궁 억"), ("남궁".into(), "억".into()));
        assert!(romanise_name("Kim", System::Rr).is_none());
    }
}
