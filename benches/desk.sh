#!/usr/bin/env bash
# Desk-wide timings of whole factdesk processes, compared in one run with
# ripgrep on the same files. Prints one table of medians and ratios.
#
#   benches/desk.sh [--stories N] [--claims N] [--runs N] [--keep DIR]
#   benches/desk.sh --sizes 2000,10000,40000 --keep PARENT [--runs N] [--screen-runs N]
#
# With --sizes, one desk per size is generated (or reused) as
# PARENT/desk-N (40,000 stories are about 1.8 GB: put PARENT where the disk
# has room, not in the work tree) and one table prints a row per size:
# list and search (every line, and a page of 100), rg on the same files, a tag of an ordinary story, the
# archive's index (rebuild time, size on disk), peak memory, and the
# screen's figures from a pseudo-terminal (examples/screen_probe.rs): start-up
# until the desk is drawn, `2` until the archive shows its claims, each
# keystroke of the word typed a letter at a time, RSS after the search
# (and the highest peak of the runs), Esc back to the desk from the
# archive and from a story.
#
# Generates a desk (10,000 stories of 20 claims plus one 5 MB / 5,000-claim
# story by default) in a temporary folder, warms the page cache and the
# desk's cache, then measures with hyperfine. Compare the "cpu" column
# (user + sys) when the machine is busy: wall-clock medians are only
# meaningful on an idle machine (see `uptime`).
set -euo pipefail

STORIES=10000
CLAIMS=20
RUNS=15
SCREEN_RUNS=3
KEEP=""
SIZES=""
WORD=convoy
while [ $# -gt 0 ]; do
    case "$1" in
        --stories) STORIES=$2; shift 2 ;;
        --claims) CLAIMS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --screen-runs) SCREEN_RUNS=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        --word) WORD=$2; shift 2 ;;
        *) echo "usage: $0 [--stories N] [--claims N] [--runs N] [--keep DIR] [--word W] | --sizes N,N… --keep PARENT [--runs N] [--screen-runs N]" >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)

# --- tools ------------------------------------------------------------------
need() {
    local bin=$1 deb=$2 crate=$3
    command -v "$bin" >/dev/null 2>&1 && return 0
    echo "installing $deb…" >&2
    if command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=sudo
        { $sudo apt-get install -y "$deb" || { $sudo apt-get update && $sudo apt-get install -y "$deb"; }; } >/dev/null 2>&1 || true
    fi
    command -v "$bin" >/dev/null 2>&1 && return 0
    cargo install --locked "$crate" >&2
    command -v "$bin" >/dev/null 2>&1 || { echo "cannot install $bin" >&2; exit 1; }
}
need rg ripgrep ripgrep
need hyperfine hyperfine hyperfine
need jq jq jaq
command -v jq >/dev/null 2>&1 || jq() { jaq "$@"; }
[ -x /usr/bin/time ] || need /usr/bin/time time time

# --- build ------------------------------------------------------------------
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
(cd "$ROOT" && cargo build --release --quiet && cargo build --release --quiet --example gen_desk --example screen_probe)
EX=$CARGO_TARGET_DIR/release/examples
FD=$CARGO_TARGET_DIR/release/factdesk

# --- data -------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/factdesk-bench.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

# --- one row per desk size ----------------------------------------------------
if [ -n "$SIZES" ]; then
    [ -n "$KEEP" ] || { echo "--sizes needs --keep PARENT" >&2; exit 2; }
    mkdir -p "$KEEP"
    J=$WORK/json
    mkdir -p "$J"
    ms() { jq -r "[.results[].median] | add / length * 1000" "$1"; }
    rss() { { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); printf "%.1f", $2 / 1000}'; }
    echo
    echo "factdesk $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| stories (claims) | desk | list | search $WORD --verdict disputed | list / search --limit 100 | rg -c verdict | rg -i $WORD | tag (whole process) | index rebuild | index size | RSS list / search | RSS --limit 100 | screen: first frame | archive after \`2\` | keystroke median / max | screen RSS after a search (peak) | Esc to the desk from the archive / a story |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for N in ${SIZES//,/ }; do
        D=$KEEP/desk-$N
        if [ ! -f "$D/desk.ron" ]; then
            echo "generating $N stories × $CLAIMS claims in $D…" >&2
            "$EX/gen_desk" --stories "$N" --claims "$CLAIMS" --out "$D" >&2
        fi
        # A warm page cache for the rebuild as for the rest: the machine
        # may have dropped a desk read minutes ago.
        find "$D/stories" -type f -exec cat {} + >/dev/null
        START=$(date +%s.%N)
        "$FD" --desk "$D" index rebuild >/dev/null 2>&1
        REBUILD=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $START }")
        "$FD" --desk "$D" search "$WORD" --verdict disputed >/dev/null
        TAGID=$(find "$D/stories" -mindepth 1 -maxdepth 1 -printf "%f\n" | sort | sed -n 1p)
        hf() { local name=$1; shift; hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$J/$name.json" "$@" >/dev/null 2>&1; }
        hf list "$FD --desk $D list"
        hf search "$FD --desk $D search $WORD --verdict disputed"
        hf list100 "$FD --desk $D list --limit 100"
        hf search100 "$FD --desk $D search $WORD --verdict disputed --limit 100"
        hf rgc "rg -c verdict $D/stories"
        hf rgw "rg -i $WORD $D/stories"
        hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$J/tag.json" \
            --parameter-list v confirmed,disputed "$FD --desk $D tag $TAGID 1 {v}" >/dev/null 2>&1
        # The screen, in a pseudo-terminal: start-up, `2`, the word typed.
        "$EX/screen_probe" --bin "$FD" --desk "$D" --runs "$SCREEN_RUNS" --word "$WORD" >"$J/screen.txt"
        probe() { awk -v k="$1" -v f="$2" '$1 == k { print $f }' "$J/screen.txt"; }
        SIZE=$(du -sb "$D/.cache/archive/index" | cut -f1)
        DESKB=$(du -sb --exclude=.cache "$D" | cut -f1)
        printf '| %s (%s) | %.0f MB | %.1f ms | %.1f ms | %.1f / %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s s | %.0f MB (%.0f%% of the desk) | %s / %s MB | %s / %s MB | %s ms | %s ms | %s / %s ms | %s MB (%s) | %s / %s ms |\n' \
            "$N" "$("$FD" --desk "$D" index status --json | jq -r .claims)" "$(awk "BEGIN { print $DESKB / 1e6 }")" \
            "$(ms "$J/list.json")" "$(ms "$J/search.json")" "$(ms "$J/list100.json")" "$(ms "$J/search100.json")" \
            "$(ms "$J/rgc.json")" "$(ms "$J/rgw.json")" "$(ms "$J/tag.json")" \
            "$REBUILD" "$(awk "BEGIN { print $SIZE / 1e6 }")" "$(awk "BEGIN { print 100 * $SIZE / $DESKB }")" \
            "$(rss "$FD" --desk "$D" list)" "$(rss "$FD" --desk "$D" search "$WORD" --verdict disputed)" \
            "$(rss "$FD" --desk "$D" list --limit 100)" "$(rss "$FD" --desk "$D" search "$WORD" --verdict disputed --limit 100)" \
            "$(probe first_frame 2)" "$(probe archive_ready 2)" "$(probe keystroke 2)" "$(probe keystroke 4)" "$(probe rss_mb 2)" \
            "$(probe rss_peak_mb 4)" "$(probe archive_to_desk 2)" "$(probe story_to_desk 2)"
    done
    exit 0
fi
DESK=${KEEP:-$WORK/desk}
if [ ! -f "$DESK/desk.ron" ]; then
    echo "generating $STORIES stories × $CLAIMS claims + the big story in $DESK…" >&2
    "$EX/gen_desk" --stories "$STORIES" --claims "$CLAIMS" --big --out "$DESK" >&2
fi
BIG=$(find "$DESK/stories" -name article.txt -printf '%s %h\n' | sort -n | tail -n 1 | awk '{print $2}' | xargs basename)

# 1,000 articles to import, made from the desk's own (the generator's)
# articles, in their own folder.
ARTS=$WORK/articles
mkdir -p "$ARTS"
i=0
for d in "$DESK"/stories/*/; do
    [ "$(basename "$d")" = "$BIG" ] && continue
    cp "$d/article.txt" "$ARTS/$(printf '%04d' $i).txt"
    i=$((i + 1))
    [ $i -ge 1000 ] && break
done
NARTS=$i

# A small desk holding only the big story, for tagging.
TAGDESK=$WORK/tagdesk
mkdir -p "$TAGDESK/stories"
cp "$DESK/desk.ron" "$DESK/sources.ron" "$TAGDESK/"
cp -a "$DESK/stories/$BIG" "$TAGDESK/stories/"

# Warm the page cache and the desk's own cache (written on first use; a
# cache entry is only trusted for files older than a second).
sleep 1.2
find "$DESK/stories" -type f -exec cat {} + >/dev/null
for _ in 1 2; do
    "$FD" --desk "$DESK" list >/dev/null
    "$FD" --desk "$DESK" search "$WORD" --verdict disputed >/dev/null
done
rg -c verdict "$DESK/stories" >/dev/null || true

# --- measure ----------------------------------------------------------------
J=$WORK/json
mkdir -p "$J"
hf() { # name, command…
    local name=$1; shift
    hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$J/$name.json" "$@" >/dev/null 2>&1 \
        || hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$J/$name.json" "$@" >/dev/null
}
hf list "$FD --desk $DESK list"
hf rg_count "rg -c verdict $DESK/stories"
hf search "$FD --desk $DESK search $WORD --verdict disputed"
hf rg_word "rg -i $WORD $DESK/stories"
# Start-up until the desk screen is drawn, read from a pseudo-terminal.
"$EX/screen_probe" --bin "$FD" --desk "$DESK" --runs "$RUNS" >"$J/screen.txt"
# Tagging a claim of the big story: one process, load + edit + atomic save.
hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$J/tag.json" \
    --parameter-list v confirmed,disputed \
    "$FD --desk $TAGDESK tag $BIG 1 {v}" >/dev/null
# Importing 1,000 articles into a fresh copy of an empty desk, each run.
IMPDESK=$WORK/impdesk
hyperfine --style none --warmup 0 --runs 3 --export-json "$J/import.json" \
    --prepare "rm -rf $IMPDESK && $FD --desk $IMPDESK init >/dev/null" \
    "$FD --desk $IMPDESK import $ARTS/*.txt" >/dev/null

# Peak memory of `list`.
RSS_KB=$( { /usr/bin/time -v "$FD" --desk "$DESK" list >/dev/null; } 2>&1 | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}')
DESK_BYTES=$(du -sb "$DESK" | cut -f1)

# --- report -----------------------------------------------------------------
med() { jq -r '[.results[].median] | add / length * 1000' "$J/$1.json"; }
cpu() { jq -r '[.results[] | (.user + .system)] | add / length * 1000' "$J/$1.json"; }
calc() { awk "BEGIN { print $1 }"; }
row() { # what, name, target, [compare-name, compare-label]
    local m c
    m=$(med "$2"); c=$(cpu "$2")
    if [ -n "${4:-}" ]; then
        local o oc
        o=$(med "$4"); oc=$(cpu "$4")
        printf '| %s | %.1f ms | %.1f ms | %s | %.2f× wall, %.2f× cpu of `%s` (%.1f ms, cpu %.1f ms) |\n' \
            "$1" "$m" "$c" "$3" "$(calc "$m / $o")" "$(calc "$c / $oc")" "$5" "$o" "$oc"
    else
        printf '| %s | %.1f ms | %.1f ms | %s | |\n' "$1" "$m" "$c" "$3"
    fi
}
echo
echo "factdesk $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "desk: $STORIES stories × $CLAIMS claims + 1 × 5,000 claims, $((DESK_BYTES / 1000000)) MB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | median (wall) | cpu (user+sys) | target | ratio |"
echo "| --- | --- | --- | --- | --- |"
row "list" list "≤ 150 ms, ≤ rg" rg_count "rg -c verdict"
row "search $WORD --verdict disputed" search "≤ 100 ms, ≤ rg" rg_word "rg -i $WORD"
awk '$1 == "first_frame" { printf "| screen start-up until the desk is drawn (pty) | %.1f ms | | ≤ 200 ms | min %.1f, max %.1f ms |\n", $2, $3, $4 }' "$J/screen.txt"
row "tag a claim of the 5,000-claim story (whole process)" tag "≤ 20 ms (the save)"
row "import $NARTS articles" import "≤ 2 s (1,000)"
printf '| peak RSS of list | %.1f MB | | ≤ 2× desk (%.0f MB) | %.3f× desk |\n' \
    "$(calc "$RSS_KB / 1000")" "$(calc "$DESK_BYTES / 1000000")" \
    "$(calc "$RSS_KB * 1024 / $DESK_BYTES")"
