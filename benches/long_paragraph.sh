#!/bin/sh
# Issue #21.2: time and peak memory of import, align, check and report on single-paragraph
# inputs (a Chinese and an English file, each ONE paragraph of SIZE MB), to show each stage
# grows linearly with the length of a paragraph. Public tools only: /usr/bin/time, timeout.
#
# usage: benches/long_paragraph.sh [SIZE_MB ...]        (default: 0.25 1 4 16)
#   HANBRIDGE=path/to/hanbridge   the binary to measure (default: target/release/hanbridge)
#   GEN=path/to/hanbridge         the binary that writes the inputs (default: HANBRIDGE; it
#                                 needs `bench gen --one-paragraph-mb`)
#   IMPORT_ARGS="--unit-chars 0"  import options (default: keep each file one unit; set it to
#                                 "" for a binary from before units had a bound)
#   LIMIT=600                     seconds allowed per stage (a stage over it shows as >LIMIT)
#   WORK=dir                      where inputs and databases go (default: a temporary dir)
#
# Prints one Markdown table row per size: seconds and peak RSS (MB) of each stage, each stage
# a process of its own (`glossary load` runs between import and align, not timed).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${HANBRIDGE:-$root/target/release/hanbridge}
gen=${GEN:-$bin}
import_args=${IMPORT_ARGS---unit-chars 0}
limit=${LIMIT:-600}
work=${WORK:-$(mktemp -d)}
glossary=$root/glossary
[ $# -gt 0 ] || set -- 0.25 1 4 16

# stage NAME ARGS...: runs one stage, appends "seconds | MB" to the row.
stage() {
    name=$1
    shift
    status=0
    /usr/bin/time -f '%e %M' -o "$work/time" timeout "$limit" "$bin" --db "$db" -q "$@" \
        >"$work/$name.out" 2>"$work/$name.err" || status=$?
    # check exits 1 when it finds problems: that is a result, not a failure.
    if [ "$status" -eq 124 ]; then
        row="$row | >$limit | –"
    elif [ "$status" -gt 1 ]; then
        echo "$name failed (exit $status):" >&2
        cat "$work/$name.err" >&2
        exit 2
    else
        set -- $(tail -n 1 "$work/time")
        row="$row | $1 | $(($2 / 1024))"
    fi
}

echo "| MB per file | import s | MB | align s | MB | check s | MB | report s | MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in "$@"; do
    input=$work/input-$size
    [ -f "$input/zh.txt" ] ||
        "$gen" bench gen --one-paragraph-mb "$size" --out "$input" --glossary "$glossary" >/dev/null
    db=$work/long-$size.sqlite
    rm -f "$db" "$db-wal" "$db-shm"
    row="| $size"
    # shellcheck disable=SC2086 # IMPORT_ARGS is a list of words
    stage import import $import_args "$input"
    "$bin" --db "$db" -q glossary load --glossary "$glossary" >/dev/null
    stage align align
    stage check check --glossary "$glossary"
    stage report report --glossary "$glossary" --out "$work/report-$size"
    echo "$row |"
done
