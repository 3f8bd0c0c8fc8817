#!/usr/bin/env python3
"""Regenerate data/jmnedict_names.tsv: a compact table of Japanese name readings.

Source: JMnedict (EDRDG, CC BY-SA 4.0), as shipped in the PyPI package jamdict-data (a SQLite
file). Only surnames and given names written with 1-3 kanji are kept, with at most 4 kana
readings each (the most frequent in the dictionary first), so the table stays a few MB.

    python3 -m venv /tmp/jv && /tmp/jv/bin/pip install jamdict-data
    /tmp/jv/bin/python tools/jmnedict_names.py > data/jmnedict_names.tsv
    rm -rf /tmp/jv

Output lines: KANJI <TAB> kana[|kana...], sorted by kanji; surname and given-name readings
together (a suggestion is checked against the whole name, so the kind adds little).
"""
import collections
import os
import re
import sqlite3
import sys

import jamdict_data

KANJI = re.compile(r"^[\u4e00-\u9fff\u3005]{1,3}$")
KANA = re.compile(r"^[\u3041-\u3096\u30fc]+$")
KIND = {"surname": "s", "given": "g", "masc": "g", "fem": "g"}


def main():
    db = os.path.join(os.path.dirname(jamdict_data.__file__), "jamdict.db")
    con = sqlite3.connect(db)
    types = collections.defaultdict(set)
    for idseq, text in con.execute(
        "SELECT t.idseq, y.text FROM NETranslation t JOIN NETransType y ON y.tid = t.ID"
    ):
        if text in KIND:
            types[idseq].add(KIND[text])
    kanji = collections.defaultdict(list)
    for idseq, text in con.execute("SELECT idseq, text FROM NEKanji"):
        if KANJI.match(text):
            kanji[idseq].append(text)
    table = collections.defaultdict(collections.Counter)
    for idseq, text in con.execute("SELECT idseq, text FROM NEKana"):
        if idseq not in types or idseq not in kanji or not KANA.match(text):
            continue
        for k in kanji[idseq]:
            for t in types[idseq]:
                table[(k, t)][text] += 1
    out = sys.stdout
    merged = collections.defaultdict(collections.Counter)
    for (k, _t), readings in table.items():
        merged[k].update(readings)
    for k in sorted(merged):
        readings = [r for r, _ in sorted(merged[k].items(), key=lambda x: (-x[1], x[0]))][:4]
        out.write(f"{k}\t{'|'.join(readings)}\n")


if __name__ == "__main__":
    main()
