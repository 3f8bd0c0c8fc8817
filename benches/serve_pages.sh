#!/bin/sh
# Render time of the workbench's pages, as `serve` itself reports it (`Server-Timing:
# render;dur=MS`, the page's own work, without the network): the best of RUNS fetches per page.
# A benchmark, not a test: the numbers depend on the machine. Public tools only: curl.
#
# usage: benches/serve_pages.sh [DB]       (default: a new database with the seeds `run`)
#   HANBRIDGE=path/to/hanbridge   the binary to measure (default: target/release/hanbridge)
#   RUNS=5                        fetches per page
#   PAGES="/ /unaligned ..."      the paths to fetch (default: every kind of page)
#
# Prints one Markdown table row per page: the path and the best render time in ms.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${HANBRIDGE:-$root/target/release/hanbridge}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
db=${1:-}
if [ -z "$db" ]; then
    db=$work/seeds.sqlite
    (cd "$root" && "$bin" -q --db "$db" run --report "$work/report" >/dev/null)
fi
first_en=$("$bin" --db "$db" --format json docs | tr ',' '\n' | sed -n 's/.*"id": *"\(en-[^"]*\)".*/\1/p' | head -n 1)
pages=${PAGES:-"/ /doc/$first_en /link/1 /unaligned /findings /glossary /glossary?q=%E6%9D%8E"}
"$bin" --db "$db" serve --port 0 2>"$work/serve.err" >/dev/null &
pid=$!
addr=""
for _ in $(seq 1 600); do
    addr=$(sed -n 's|.*http://\([^/]*\)/.*|\1|p' "$work/serve.err" | head -n 1)
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { echo "serve did not start:" >&2; cat "$work/serve.err" >&2; exit 2; }
echo "| page | best render ms of $runs |"
echo "|---|---:|"
for page in $pages; do
    best=""
    for _ in $(seq 1 "$runs"); do
        ms=$(curl -s -D - -o /dev/null "http://$addr$page" |
            sed -n 's/^[Ss]erver-[Tt]iming: render;dur=\([0-9.]*\).*/\1/p')
        [ -n "$ms" ] || { echo "$page: no Server-Timing" >&2; exit 2; }
        best=$(printf '%s\n%s\n' "$best" "$ms" | sed '/^$/d' | sort -n | head -n 1)
    done
    echo "| \`$page\` | $best |"
done
