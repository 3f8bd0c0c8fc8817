//! The glossary: named things (people, places, polities, battles, eras…) with their forms in
//! every writing system, aliases and variants.
//!
//! Owns the data model, the file format (CSV, one row per entry, the export header), loading
//! with structural validation (`file:line: message`), and lookup by any form. Checking stored
//! romanisations against the engines is `validate`; writing exports is `crate::export`.

pub mod authority;
pub mod derive;
pub mod fold;
pub mod io;
pub mod lookup;
pub mod suggest;
pub mod tbx;
pub mod validate;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The CSV header of glossary files and of the CSV export, in order.
pub const HEADER: [&str; 15] = [
    "id",
    "kind",
    "origin",
    "side",
    "zh_hant",
    "zh_hans",
    "pinyin",
    "ko_hangul",
    "ko_rr",
    "ko_mr",
    "ja_kana",
    "ja_hepburn",
    "en",
    "aliases",
    "note",
];

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant),+
        }
        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name used in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} {s:?} (expected one of: {})",
                        stringify!($name).to_lowercase(),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

string_enum!(
    /// What kind of thing an entry names.
    Kind {
        /// A person (also kings, monks: see `#word`).
        Person = "person",
        /// A place: city, fortress, river, province.
        Place = "place",
        /// A state, dynasty or government.
        Polity = "polity",
        /// A battle or siege.
        Battle = "battle",
        /// A war or campaign.
        War = "war",
        /// An era name (年號).
        Era = "era",
        /// An office or title used as a name.
        Office = "office",
        /// A military unit.
        Unit = "unit",
        /// A written work.
        Work = "work",
        /// Anything else.
        Other = "other",
    }
);

string_enum!(
    /// The language a name belongs to.
    Origin {
        /// Chinese.
        Zh = "zh",
        /// Korean.
        Ko = "ko",
        /// Japanese.
        Ja = "ja",
        /// Other (English exonyms, Western names).
        Other = "other",
    }
);

string_enum!(
    /// The side in the war, where it applies.
    Side {
        /// Ming China.
        Ming = "ming",
        /// Joseon Korea.
        Joseon = "joseon",
        /// Japan.
        Japan = "japan",
        /// Others (Jurchen, Ryukyu, Europeans…).
        Other = "other",
    }
);

string_enum!(
    /// A column holding forms of a name, and the language/script of an alias.
    Column {
        /// Traditional Chinese characters (also the kanji/hanja form of Japanese and Korean names).
        ZhHant = "zh_hant",
        /// Simplified Chinese characters.
        ZhHans = "zh_hans",
        /// Hanyu Pinyin with tone marks.
        Pinyin = "pinyin",
        /// Hangul.
        KoHangul = "ko_hangul",
        /// Revised Romanization of Korean.
        KoRr = "ko_rr",
        /// McCune–Reischauer.
        KoMr = "ko_mr",
        /// Kana reading (hiragana), surname and given name separated by a space.
        JaKana = "ja_kana",
        /// Modified Hepburn with macrons.
        JaHepburn = "ja_hepburn",
        /// Preferred English form.
        En = "en",
        /// Kanji as written in Japan today (shinjitai), alias column only.
        JaKanji = "ja_kanji",
    }
);

impl Column {
    /// The columns that are CSV columns (all but `ja_kanji`).
    pub const FORM_COLUMNS: [Column; 9] = [
        Column::ZhHant,
        Column::ZhHans,
        Column::Pinyin,
        Column::KoHangul,
        Column::KoRr,
        Column::KoMr,
        Column::JaKana,
        Column::JaHepburn,
        Column::En,
    ];

    /// The BCP 47 tag of the column's language and script.
    pub fn bcp47(self) -> &'static str {
        match self {
            Column::ZhHant => "zh-Hant",
            Column::ZhHans => "zh-Hans",
            Column::Pinyin => "zh-Latn-pinyin",
            Column::KoHangul => "ko-Hang",
            Column::KoRr => "ko-Latn-t-ko-m0-mcst",
            Column::KoMr => "ko-Latn-alalc97",
            Column::JaKana => "ja-Hrkt",
            Column::JaHepburn => "ja-Latn-hepburn",
            Column::En => "en",
            Column::JaKanji => "ja-Jpan",
        }
    }

    /// True for columns written in Latin letters.
    pub fn is_latin(self) -> bool {
        matches!(
            self,
            Column::Pinyin | Column::KoRr | Column::KoMr | Column::JaHepburn | Column::En
        )
    }
}

string_enum!(
    /// The standing of a form.
    Status {
        /// The form to use.
        Preferred = "preferred",
        /// Also correct (Kato for Katō; a second romanisation).
        Accepted = "accepted",
        /// A variant spelling or character (劉鋌 for 劉綎, 査 for 查).
        Variant = "variant",
        /// Another name of the same thing (石曼子 = 島津義弘).
        Alias = "alias",
        /// A known misspelling seen in sources: resolves, and is flagged.
        Error = "error",
    }
);

/// A form of a name outside the main columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// Standing.
    pub status: Status,
    /// Language and script.
    pub column: Column,
    /// The form.
    pub text: String,
}

impl Alias {
    /// `status:column:text`, the cell syntax.
    pub fn to_cell(&self) -> String {
        format!("{}:{}:{}", self.status, self.column, self.text)
    }

    /// Parses `status:column:text`.
    pub fn parse(cell: &str) -> Result<Alias, String> {
        let mut parts = cell.splitn(3, ':');
        let (Some(status), Some(column), Some(text)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "alias {cell:?} is not status:column:text (e.g. variant:zh_hant:劉鋌)"
            ));
        };
        let status: Status = status.trim().parse()?;
        if status == Status::Preferred {
            return Err(format!(
                "alias {cell:?}: a preferred form belongs in its column, not in aliases"
            ));
        }
        Ok(Alias {
            status,
            column: column.trim().parse()?,
            text: text.trim().to_string(),
        })
    }
}

/// Machine-readable tags in an entry's note: `#keep(ko_rr)`, `#uncertain(ja_kana)`, `#word`,
/// `#ambiguous`, `#region`, `#start(1573)`, `#notin(打開城門, …)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NoteTags {
    /// Columns whose stored value is kept although the engines compute another (the note says why).
    pub keep: Vec<Column>,
    /// Columns whose reading is not certain.
    pub uncertain: Vec<Column>,
    /// A person's name romanised as one word, not as surname + given name (kings' temple
    /// names, monks' names).
    pub word: bool,
    /// The entry knowingly shares a form with another entry.
    pub ambiguous: bool,
    /// A place too wide to set one event (a province, a country, an island group): two
    /// paragraphs set in it are not set in the same place.
    pub region: bool,
    /// For eras and reigns: the Gregorian year of year 1 (`#start(1573)` for 萬曆), so dates
    /// written in era years can be converted.
    pub start: Option<i32>,
    /// Words of the language that hold a form of the entry without naming it (開城 "Kaesong"
    /// in 打開城門 "opened the city gate", 開城投降 "opened the city and surrendered"): a form
    /// found inside one of them is not the entry.
    pub not_in: Vec<String>,
}

impl NoteTags {
    /// Reads the tags of a note.
    pub fn parse(note: &str) -> Result<NoteTags, String> {
        let mut tags = NoteTags::default();
        for (i, _) in note.match_indices('#') {
            let rest = &note[i + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let after = &rest[name.len()..];
            let args: Vec<&str> = if let Some(inner) = after.strip_prefix('(') {
                let Some(end) = inner.find(')') else {
                    return Err(format!("note tag #{name}( has no closing parenthesis"));
                };
                inner[..end].split(',').map(str::trim).collect()
            } else {
                Vec::new()
            };
            let columns = || -> Result<Vec<Column>, String> {
                if args.is_empty() {
                    return Err(format!(
                        "note tag #{name} needs columns, e.g. #{name}(ko_rr)"
                    ));
                }
                args.iter().map(|a| a.parse::<Column>()).collect()
            };
            match name.as_str() {
                "keep" => tags.keep.extend(columns()?),
                "uncertain" => tags.uncertain.extend(columns()?),
                "word" => tags.word = true,
                "start" => {
                    let year = args.first().and_then(|a| a.parse::<i32>().ok());
                    if args.len() != 1 || year.is_none() {
                        return Err("note tag #start needs one year, e.g. #start(1573)".into());
                    }
                    tags.start = year;
                }
                "ambiguous" => tags.ambiguous = true,
                "notin" => {
                    if args.iter().all(|a| a.is_empty()) {
                        return Err(
                            "note tag #notin needs the words that hold the form, e.g. #notin(打開城門)"
                                .into(),
                        );
                    }
                    tags.not_in
                        .extend(args.iter().filter(|a| !a.is_empty()).map(|a| a.to_string()));
                }
                "region" => tags.region = true,
                "" => {}
                other => {
                    return Err(format!(
                        "unknown note tag #{other} (known: #keep(..), #uncertain(..), #word, #ambiguous, #region, #start(..), #notin(..))"
                    ));
                }
            }
        }
        Ok(tags)
    }
}

/// One named thing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable slug (`li-rusong`).
    pub id: String,
    /// What it names.
    pub kind: Kind,
    /// The language the name belongs to.
    pub origin: Origin,
    /// Side in the war.
    pub side: Option<Side>,
    /// Traditional characters; first preferred, the rest accepted.
    pub zh_hant: Vec<String>,
    /// Simplified characters.
    pub zh_hans: Vec<String>,
    /// Pinyin.
    pub pinyin: Vec<String>,
    /// Hangul.
    pub ko_hangul: Vec<String>,
    /// Revised Romanization.
    pub ko_rr: Vec<String>,
    /// McCune–Reischauer.
    pub ko_mr: Vec<String>,
    /// Kana reading.
    pub ja_kana: Vec<String>,
    /// Hepburn.
    pub ja_hepburn: Vec<String>,
    /// English.
    pub en: Vec<String>,
    /// Other forms with their standing.
    pub aliases: Vec<Alias>,
    /// Free text with optional tags (see [`NoteTags`]); sources and doubts go here.
    pub note: String,
}

impl Entry {
    /// An entry with no forms, no aliases and no note.
    pub fn new(id: String, kind: Kind, origin: Origin) -> Entry {
        Entry {
            id,
            kind,
            origin,
            side: None,
            zh_hant: Vec::new(),
            zh_hans: Vec::new(),
            pinyin: Vec::new(),
            ko_hangul: Vec::new(),
            ko_rr: Vec::new(),
            ko_mr: Vec::new(),
            ja_kana: Vec::new(),
            ja_hepburn: Vec::new(),
            en: Vec::new(),
            aliases: Vec::new(),
            note: String::new(),
        }
    }

    /// An entry of `kind` and `origin` with one traditional Chinese form and nothing else (no
    /// id, no side): a draft for the engines to fill, or a fixture.
    pub fn from_zh(id: &str, kind: Kind, origin: Origin, zh_hant: &str) -> Entry {
        Entry {
            id: id.to_string(),
            kind,
            origin,
            side: None,
            zh_hant: vec![zh_hant.to_string()],
            zh_hans: vec![],
            pinyin: vec![],
            ko_hangul: vec![],
            ko_rr: vec![],
            ko_mr: vec![],
            ja_kana: vec![],
            ja_hepburn: vec![],
            en: vec![],
            aliases: vec![],
            note: String::new(),
        }
    }

    /// The values of a form column (empty for `ja_kanji`, which lives in aliases only).
    pub fn column(&self, column: Column) -> &[String] {
        match column {
            Column::ZhHant => &self.zh_hant,
            Column::ZhHans => &self.zh_hans,
            Column::Pinyin => &self.pinyin,
            Column::KoHangul => &self.ko_hangul,
            Column::KoRr => &self.ko_rr,
            Column::KoMr => &self.ko_mr,
            Column::JaKana => &self.ja_kana,
            Column::JaHepburn => &self.ja_hepburn,
            Column::En => &self.en,
            Column::JaKanji => &[],
        }
    }

    /// Mutable access to a form column.
    pub fn column_mut(&mut self, column: Column) -> Option<&mut Vec<String>> {
        Some(match column {
            Column::ZhHant => &mut self.zh_hant,
            Column::ZhHans => &mut self.zh_hans,
            Column::Pinyin => &mut self.pinyin,
            Column::KoHangul => &mut self.ko_hangul,
            Column::KoRr => &mut self.ko_rr,
            Column::KoMr => &mut self.ko_mr,
            Column::JaKana => &mut self.ja_kana,
            Column::JaHepburn => &mut self.ja_hepburn,
            Column::En => &mut self.en,
            Column::JaKanji => return None,
        })
    }

    /// The preferred form of a column.
    pub fn preferred(&self, column: Column) -> Option<&str> {
        self.column(column).first().map(String::as_str)
    }

    /// Every form with its column and standing: column values (first preferred, others
    /// accepted), then aliases.
    pub fn forms(&self) -> impl Iterator<Item = (Column, &str, Status)> + '_ {
        Column::FORM_COLUMNS
            .iter()
            .flat_map(move |&c| {
                self.column(c).iter().enumerate().map(move |(i, v)| {
                    let status = if i == 0 {
                        Status::Preferred
                    } else {
                        Status::Accepted
                    };
                    (c, v.as_str(), status)
                })
            })
            .chain(
                self.aliases
                    .iter()
                    .map(|a| (a.column, a.text.as_str(), a.status)),
            )
    }

    /// The note's tags (an entry that loaded has valid tags).
    pub fn tags(&self) -> NoteTags {
        NoteTags::parse(&self.note).unwrap_or_default()
    }

    /// A short display name: English, else traditional characters, else the id.
    pub fn label(&self) -> &str {
        self.preferred(Column::En)
            .or_else(|| self.preferred(Column::ZhHant))
            .unwrap_or(&self.id)
    }
}

/// A loaded glossary: entries sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Glossary {
    /// Entries, sorted by id.
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// The entry with `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.entries[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_cells() {
        let a = Alias::parse("variant:zh_hant:劉鋌").expect("valid");
        assert_eq!(a.status, Status::Variant);
        assert_eq!(a.column, Column::ZhHant);
        assert_eq!(a.to_cell(), "variant:zh_hant:劉鋌");
        assert!(Alias::parse("劉鋌").is_err());
        assert!(Alias::parse("preferred:en:X").is_err());
        assert!(Alias::parse("variant:xx:X").is_err());
        let colon = Alias::parse("alias:en:Battle of X: the sequel").expect("colon in text");
        assert_eq!(colon.text, "Battle of X: the sequel");
    }

    #[test]
    fn note_tags() {
        let t = NoteTags::parse("Reading unattested #uncertain(ja_kana, ja_hepburn) #word")
            .expect("valid");
        assert_eq!(t.uncertain, [Column::JaKana, Column::JaHepburn]);
        assert!(t.word);
        assert!(NoteTags::parse("#keep").is_err());
        assert!(NoteTags::parse("#kept(ko_rr)").is_err());
        assert!(NoteTags::parse("see #3 above").is_ok());
        assert_eq!(
            NoteTags::parse("old capital #notin(打開城門, 開城投降)")
                .expect("valid")
                .not_in,
            ["打開城門", "開城投降"]
        );
        assert!(NoteTags::parse("#notin()").is_err());
        assert_eq!(
            NoteTags::parse("Ming era #start(1573)")
                .expect("valid")
                .start,
            Some(1573)
        );
        assert!(NoteTags::parse("#start(x)").is_err());
        assert!(NoteTags::parse("a province #region").expect("valid").region);
        assert!(!NoteTags::parse("a town").expect("valid").region);
    }
}
