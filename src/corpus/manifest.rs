//! The corpus manifest (`corpus.toml`): per-document id, language, title, format and source.
//!
//! A directory may hold a manifest; its entries name files relative to the directory. Unknown
//! keys are errors (a typo must not silently drop metadata). Reading the files is not done here.

use super::{Format, Lang, ParagraphRule};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for in an imported directory.
pub const MANIFEST_NAME: &str = "corpus.toml";

/// A parsed manifest.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The documents, in any order.
    #[serde(default, rename = "document")]
    pub documents: Vec<ManifestEntry>,
}

/// Metadata of one document.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Document id (`DOC` on the command line): letters, digits, `-`, `_`, `.`.
    pub id: String,
    /// File name, relative to the manifest's directory.
    pub file: PathBuf,
    /// Language; detected from script when absent.
    pub lang: Option<Lang>,
    /// Markup; detected when absent.
    pub format: Option<Format>,
    /// Title; taken from the text when absent.
    pub title: Option<String>,
    /// Where the text comes from.
    pub source: Option<String>,
    /// The text's licence.
    pub licence: Option<String>,
    /// How the file separates paragraphs (`blank-line`, `line`, `indent`); detected when absent.
    pub paragraphs: Option<ParagraphRule>,
}

impl Manifest {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> anyhow::Result<Manifest> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Parses manifest text; errors name the line.
    pub fn parse(text: &str) -> anyhow::Result<Manifest> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            let msg = e.message().to_string();
            match line {
                Some(line) => anyhow::anyhow!("line {line}: {msg}"),
                None => anyhow::anyhow!("{msg}"),
            }
        })?;
        let mut seen = std::collections::HashSet::new();
        for entry in &manifest.documents {
            validate_id(&entry.id)?;
            if !seen.insert(entry.id.as_str()) {
                anyhow::bail!("duplicate document id {:?}", entry.id);
            }
        }
        Ok(manifest)
    }
}

/// Checks that a document id can be written on the command line as `DOC:PARA`.
pub fn validate_id(id: &str) -> anyhow::Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        anyhow::bail!(
            "invalid document id {id:?}: use letters, digits, '-', '_' or '.' (at most 100)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries() {
        let m = Manifest::parse(
            "[[document]]\nid = \"zh-a\"\nfile = \"a.txt\"\nlang = \"zh\"\nformat = \"markdown\"\n",
        )
        .expect("valid");
        assert_eq!(m.documents[0].lang, Some(Lang::Zh));
        assert_eq!(m.documents[0].format, Some(Format::Markdown));
    }

    #[test]
    fn unknown_key_names_line() {
        let err =
            Manifest::parse("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nlanguage = \"zh\"\n")
                .expect_err("unknown key");
        let msg = err.to_string();
        assert!(msg.starts_with("line 4:"), "{msg}");
        assert!(msg.contains("unknown field `language`"), "{msg}");
    }

    #[test]
    fn paragraph_rule_key() {
        let m =
            Manifest::parse("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nparagraphs = \"line\"\n")
                .expect("valid");
        assert_eq!(m.documents[0].paragraphs, Some(ParagraphRule::Line));
        let err =
            Manifest::parse("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nparagraphs = \"lines\"\n")
                .expect_err("unknown rule");
        assert!(err.to_string().starts_with("line 4:"), "{err}");
    }

    #[test]
    fn bad_and_duplicate_ids() {
        assert!(Manifest::parse("[[document]]\nid = \"a:b\"\nfile = \"a\"\n").is_err());
        let dup =
            "[[document]]\nid = \"a\"\nfile = \"a\"\n[[document]]\nid = \"a\"\nfile = \"b\"\n";
        assert!(Manifest::parse(dup).is_err());
    }
}
