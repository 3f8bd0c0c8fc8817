#!/usr/bin/env python3
"""Re-create the real development texts (issue 16, item 6b) from saved search excerpts.

Input: RAW/<id>.json, one per article, each {"id", "query", "rank", "url", "excerpt"} where
"excerpt" is the `excerpt` string of the `search` tool's `pages` answer for that url, unchanged.
Output (outside the repository, never committed: the texts are CC BY-SA):
  OUT/orig/<id>.txt     the excerpt as returned (its sha256 is checked against sources.tsv)
  OUT/corpus/<id>.txt   the excerpt stripped of site chrome and pollution (rules below)
  OUT/corpus/corpus.toml, plus copies of the project's Chinese seeds and dev chronicles.

Usage: strip.py RAW OUT REPO   (REPO: the hanbridge checkout, for sources.tsv, seeds/, tests/dev)
"""
import hashlib, json, os, re, shutil, sys

# Per-document stripping, applied in order. ("cut", s): delete every occurrence of s;
# ("re", pattern, repl): re.sub with MULTILINE; ("join",): join the lines of each paragraph
# with a space and drop the space before , and . (for link-gloss mirrors whose link text
# sits on a line of its own). Documents not listed are kept as returned.
RULES = {
    "en-dadaejin": [("cut", "From Wikipedia, the free encyclopedia\nJump to: navigation, search\n")],
    "en-happo": [("re", r"\n\nCitations\n[\s\S]*\Z", "\n")],
    "en-suncheon": [("cut", "  • v\n  • t\n  • e\nJapanese invasions of Korea (1592–1598)\n"
                             "1592–1594 Imjin War\n1595–1596 Truce\n1597–1598 Jeongyu War\n")],
    "en-invasions": [("re", r"^.*?\.(?:png|svg|jpg|JPG|gif) ", "")],
    "en-konishi": [("re", r"\nEncyclopedia\n", "\n\n"),
                   ("re", r"\n[^\n]+\n[^\n]*\.\.\.\n\n", ""),
                   ("re", r"\nKorea\nKorea \)[\s\S]*\Z", "\n")],
    "en-kimsimin": [("re", r"^Lua error in package\.lua.*\n", ""),
                    ("re", r"^<templatestyles .*\n", ""),
                    ("cut", "Contents\n")],
    "en-gwakjaeu": [("cut", "This is a Korean name; the family name is Gwak.\n"),
                    ("re", r"\n\nSee also\n[\s\S]*\Z", "\n")],
    "en-joheon": [("cut", "Nothing Special   »   [go: up one dir, main page]\n\n"),
                  ("cut", "Jump to content\n\n"),
                  ("cut", "From Wikipedia, the free encyclopedia\n")],
    "en-gogyeongmyeong": [("cut", "   HOME\n\nTheInfoList\n\n\n\nOR:\n"),
                          ("re", r"^(Joseon dynasty|Yangban|Righteous Army|Imjin War|Geumsan|Cholla province) .* \.\.\.$", r"\1"),
                          ("cut", "Turnbull, Stephen: ''Samurai Invasion. Japan's Korean War 1592–98'' (London, 2002), Cassell & Co"),
                          ("join",)],
    "zh-lisunsin": [("cut", "(重定向自李舜臣 (朝鲜)\n\n")],
    "zh-kimchungseon": [("re", r"^编辑", ""),
                        ("re", r"\n相关人物\n[\s\S]*\Z", "\n")],
    "zh-lirubai": [("re", r"\n评价\n注释\n[\s\S]*\Z", "\n")],
    "zh-wanli-infobox": [("re", r"\A[\s\S]*?The image is from Wikipedia Commons\n\nWikipedia Page萬曆朝鮮之役 ", ""),
                         ("re", r"Disambig gray\.svg\?\?「[^」]*」重定向至此。關於[^。]*。 ?", ""),
                         ("re", r"(?:\?\? \?\?|[A-Za-z][A-Za-z0-9 ()'\-]*)\.(?:svg|png|jpg) ?", ""),
                         ("re", r" Alex K Hiroshima\Z", "")],
}

# Pages whose paragraphs are single lines (no blank lines between them).
LINE_PARAGRAPHS = {"en-kimsimin", "zh-kimchungseon", "zh-zhenghan", "zh-lirubai"}

# Documents of the corpus besides the excerpts: (id, source path in the repo, format, title).
PROJECT_DOCS = [
    ("zh-pyongyang", "seeds/000_ab241afb31864278.txt", "markdown", "平壤之戰"),
    ("zh-imjin", "seeds/001_70cc3159173959c3.txt", "plain", "萬曆朝鮮之役"),
    ("zh-dev-1592", "tests/dev/corpus/zh-1592.txt", "plain", "壬辰年戰事紀略"),
    ("zh-dev-1593", "tests/dev/corpus/zh-1593.txt", "plain", "癸巳至丁酉戰和紀略"),
    ("zh-dev-1597", "tests/dev/corpus/zh-1597.txt", "plain", "丁酉戊戌戰事紀略"),
]


def strip(doc, text):
    for rule in RULES.get(doc, []):
        if rule[0] == "cut":
            if rule[1] not in text:
                sys.exit(f"strip.py: {doc}: text to cut not found: {rule[1][:40]!r}")
            text = text.replace(rule[1], "")
        elif rule[0] == "re":
            text = re.sub(rule[1], rule[2], text, flags=re.MULTILINE)
        elif rule[0] == "join":
            paras = re.split(r"\n{2,}", text)
            paras = [re.sub(r" ([,.])", r"\1", re.sub(r"\s*\n\s*", " ", p)) for p in paras]
            text = "\n\n".join(p for p in paras if p.strip())
    return text.strip("\n") + "\n"


def main():
    raw, out, repo = sys.argv[1:4]
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(repo, "tests/real/sources.tsv"), encoding="utf-8")]
    head = rows[0]
    rows = [dict(zip(head, r)) for r in rows[1:] if r and not r[0].startswith("#")]
    os.makedirs(os.path.join(out, "orig"), exist_ok=True)
    corpus = os.path.join(out, "corpus")
    os.makedirs(corpus, exist_ok=True)
    toml = ["# Real development set (tests/real): CC BY-SA texts, re-created by tests/real/strip.py.\n"]
    bad = 0
    for r in rows:
        d = json.load(open(os.path.join(raw, r["doc"] + ".json"), encoding="utf-8"))
        if d["url"] != r["url"]:
            sys.exit(f"strip.py: {r['doc']}: url differs from sources.tsv")
        ex = d["excerpt"]
        h = hashlib.sha256(ex.encode("utf-8")).hexdigest()
        if h != r["sha256"]:
            print(f"strip.py: {r['doc']}: sha256 {h} differs from sources.tsv (another revision?)", file=sys.stderr)
            bad += 1
        open(os.path.join(out, "orig", r["doc"] + ".txt"), "w", encoding="utf-8").write(ex)
        open(os.path.join(corpus, r["doc"] + ".txt"), "w", encoding="utf-8").write(strip(r["doc"], ex))
        lang = "en" if r["lang"] == "en" else "zh"
        toml.append(f'\n[[document]]\nid = "{r["doc"]}"\nfile = "{r["doc"]}.txt"\nlang = "{lang}"\n'
                    f'format = "{r["format"]}"\ntitle = "{r["title"]}"\nsource = "{r["url"]}"\n'
                    f'licence = "CC BY-SA (copied through {r["host"]})"\n'
                    + ('paragraphs = "line"\n' if r["doc"] in LINE_PARAGRAPHS else ""))
    for doc, path, fmt, title in PROJECT_DOCS:
        shutil.copyfile(os.path.join(repo, path), os.path.join(corpus, doc + ".txt"))
        toml.append(f'\n[[document]]\nid = "{doc}"\nfile = "{doc}.txt"\nlang = "zh"\nformat = "{fmt}"\n'
                    f'title = "{title}"\nsource = "hanbridge repository: {path}"\nlicence = "see {path.split("/")[0]}/"\n')
    open(os.path.join(corpus, "corpus.toml"), "w", encoding="utf-8").write("".join(toml))
    print(f"strip.py: {len(rows)} excerpts, {len(PROJECT_DOCS)} project documents -> {corpus}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
