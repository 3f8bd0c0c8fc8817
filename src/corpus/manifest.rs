//! The corpus manifest (`corpus.toml`): per-document id, language, title, format and source.
//!
//! A directory may hold a manifest; its entries name files relative to the directory, and a
//! name that could leave it (absolute, or with `..`) is an error naming the manifest line.
//! Unknown keys are errors (a typo must not silently drop metadata), and so are two entries
//! for one file or one id. Reading the files, and following symlinks, is `collect`'s job.

use super::{Format, Lang, ParagraphRule};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The file name looked for in an imported directory.
pub const MANIFEST_NAME: &str = "corpus.toml";

/// A parsed manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// The documents, in the manifest's order.
    pub documents: Vec<ManifestEntry>,
}

/// Metadata of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestEntry {
    /// Document id (`DOC` on the command line): letters, digits, `-`, `_`, `.`.
    pub id: String,
    /// File name, relative to the manifest's directory, without `..` (checked).
    pub file: PathBuf,
    /// 1-based line of the `file` key in the manifest, for messages.
    pub line: usize,
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

/// The manifest as written, with spans for messages.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default, rename = "document")]
    documents: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    file: Spanned<PathBuf>,
    lang: Option<Lang>,
    format: Option<Format>,
    title: Option<String>,
    source: Option<String>,
    licence: Option<String>,
    paragraphs: Option<ParagraphRule>,
}

impl Manifest {
    /// Reads and validates `path`: the valid entries, and every problem, each prefixed with
    /// the path (so one bad entry does not hide the problems of the others).
    pub fn load(path: &Path) -> (Manifest, Vec<anyhow::Error>) {
        let (manifest, errors) = match std::fs::read_to_string(path) {
            Ok(text) => Self::parse_partial(&text),
            Err(e) => (
                Manifest::default(),
                vec![anyhow::anyhow!("cannot read: {e}")],
            ),
        };
        let errors = errors
            .into_iter()
            .map(|e| anyhow::anyhow!("{}: {e}", path.display()))
            .collect();
        (manifest, errors)
    }

    /// Parses manifest text; every error names its line (`line 4: …`).
    pub fn parse(text: &str) -> Result<Manifest, Vec<anyhow::Error>> {
        let (manifest, errors) = Self::parse_partial(text);
        if errors.is_empty() {
            Ok(manifest)
        } else {
            Err(errors)
        }
    }

    /// Parses manifest text into its valid entries and the errors of the others.
    fn parse_partial(text: &str) -> (Manifest, Vec<anyhow::Error>) {
        let line_of = |offset: usize| 1 + text[..offset.min(text.len())].matches('\n').count();
        let raw: RawManifest = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let msg = e.message().to_string();
                let error = match e.span() {
                    Some(span) => anyhow::anyhow!("line {}: {msg}", line_of(span.start)),
                    None => anyhow::anyhow!("{msg}"),
                };
                return (Manifest::default(), vec![error]);
            }
        };
        let mut errors = Vec::new();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut files: HashMap<PathBuf, (usize, String)> = HashMap::new();
        let mut documents = Vec::with_capacity(raw.documents.len());
        for entry in raw.documents {
            let id_line = line_of(entry.id.span().start);
            let line = line_of(entry.file.span().start);
            let id = entry.id.into_inner();
            let file = entry.file.into_inner();
            if let Err(e) = validate_id(&id) {
                errors.push(anyhow::anyhow!("line {id_line}: {e}"));
                continue;
            } else if let Some(first) = ids.insert(id.clone(), id_line) {
                errors.push(anyhow::anyhow!(
                    "line {id_line}: duplicate document id {id:?} (first on line {first})"
                ));
                continue;
            }
            match relative_file(&file) {
                Err(why) => errors.push(anyhow::anyhow!(
                    "line {line}: document {id:?}: file {:?} {why}",
                    file.display().to_string()
                )),
                Ok(normal) => {
                    if let Some((first, first_id)) = files.get(&normal) {
                        errors.push(anyhow::anyhow!(
                            "line {line}: document {id:?}: file {:?} is also listed on line \
                             {first} (document {first_id:?}); list each file once",
                            file.display().to_string()
                        ));
                        continue;
                    }
                    files.insert(normal.clone(), (line, id.clone()));
                    documents.push(ManifestEntry {
                        id,
                        file: normal,
                        line,
                        lang: entry.lang,
                        format: entry.format,
                        title: entry.title,
                        source: entry.source,
                        licence: entry.licence,
                        paragraphs: entry.paragraphs,
                    });
                }
            }
        }
        (Manifest { documents }, errors)
    }
}

/// `file` with `.` components dropped, or why it may leave the manifest's directory.
fn relative_file(file: &Path) -> Result<PathBuf, &'static str> {
    let mut out = PathBuf::new();
    for c in file.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err("leaves the corpus folder (\"..\"); name files inside it");
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("is an absolute path; name files relative to the corpus folder");
            }
        }
    }
    if out.as_os_str().is_empty() {
        Err("names no file")
    } else {
        Ok(out)
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

    fn errors(text: &str) -> Vec<String> {
        Manifest::parse(text)
            .expect_err("should fail")
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn parses_entries() {
        let m = Manifest::parse(
            "[[document]]\nid = \"zh-a\"\nfile = \"./sub/a.txt\"\nlang = \"zh\"\nformat = \"markdown\"\n",
        )
        .expect("valid");
        assert_eq!(m.documents[0].lang, Some(Lang::Zh));
        assert_eq!(m.documents[0].format, Some(Format::Markdown));
        assert_eq!(m.documents[0].file, Path::new("sub/a.txt"));
        assert_eq!(m.documents[0].line, 3);
    }

    #[test]
    fn unknown_key_names_line() {
        let msg =
            errors("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nlanguage = \"zh\"\n").join("\n");
        assert!(msg.starts_with("line 4:"), "{msg}");
        assert!(msg.contains("unknown field `language`"), "{msg}");
    }

    #[test]
    fn paragraph_rule_key() {
        let m =
            Manifest::parse("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nparagraphs = \"line\"\n")
                .expect("valid");
        assert_eq!(m.documents[0].paragraphs, Some(ParagraphRule::Line));
        let msg = errors("[[document]]\nid = \"a\"\nfile = \"a.txt\"\nparagraphs = \"lines\"\n")
            .join("\n");
        assert!(msg.starts_with("line 4:"), "{msg}");
    }

    #[test]
    fn bad_and_duplicate_ids() {
        assert!(Manifest::parse("[[document]]\nid = \"a:b\"\nfile = \"a\"\n").is_err());
        let dup =
            "[[document]]\nid = \"a\"\nfile = \"a\"\n[[document]]\nid = \"a\"\nfile = \"b\"\n";
        assert_eq!(
            errors(dup),
            ["line 5: duplicate document id \"a\" (first on line 2)"]
        );
    }

    /// Issue #15.2: a file named outside the manifest's folder is an error naming the line.
    #[test]
    fn issue_15_2_files_outside_the_folder_are_errors() {
        let text = "[[document]]\nid = \"a\"\nfile = \"/etc/passwd\"\n\n[[document]]\nid = \"b\"\nfile = \"../outside.txt\"\n[[document]]\nid = \"c\"\nfile = \"sub/../../x.txt\"\n";
        assert_eq!(
            errors(text),
            [
                "line 3: document \"a\": file \"/etc/passwd\" is an absolute path; name files relative to the corpus folder",
                "line 7: document \"b\": file \"../outside.txt\" leaves the corpus folder (\"..\"); name files inside it",
                "line 10: document \"c\": file \"sub/../../x.txt\" leaves the corpus folder (\"..\"); name files inside it",
            ]
        );
    }

    /// Issue #21.5: one file under two ids is refused, naming both lines.
    #[test]
    fn issue_21_5_one_file_under_two_ids() {
        let text = "[[document]]\nid = \"a\"\nfile = \"x.txt\"\n[[document]]\nid = \"b\"\nfile = \"./x.txt\"\n";
        assert_eq!(
            errors(text),
            [
                "line 6: document \"b\": file \"./x.txt\" is also listed on line 3 (document \"a\"); list each file once"
            ]
        );
    }
}
