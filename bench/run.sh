#!/usr/bin/env bash
# Benchmarks briefing on a generated corpus and prints figures:
#   bench/run.sh [ARTICLES] [OTHER_BRIEFING]    (default 10000)
# - briefing and Hugo (when `hugo` is installed) on the same corpus, alternating, three
#   runs each: medians and the ratio briefing / Hugo;
# - the floor: only parsing, rendering and writing each article's Markdown (benches/floor.rs);
# - a full build's peak memory (per article), cold and with an existing output; `check`;
# - the search index's bytes per article;
# - `briefing serve`: rebuild times after a title edit and a date change (as serve prints
#   them) with the edited article open (its live-reload stream held by curl), then how
#   long the other pages the edit changed took in the background; the serve process's
#   peak memory per article;
# - the rebuild bench (benches/rebuild.rs): every kind of edit, stage by stage, medians of 3;
# - with OTHER_BRIEFING (another build of briefing, e.g. before a change), both full
#   builds alternating three times each, as medians and their ratio.
# Everything is written to tmpfs (/dev/shm), so the disk's inode allocation does not
# dominate. Figures vary between machines and runs; compare within one run.
set -euo pipefail
articles=${1:-10000}
other=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=$(mktemp -d -p /dev/shm briefing-bench.XXXXXX)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
cargo bench --no-run --quiet --manifest-path "$repo/Cargo.toml" --bench floor --bench rebuild 2>/dev/null
briefing="$repo/target/release/briefing"
python3 "$here/gen_corpus.py" --articles "$articles" --out "$work/site" --format native >/dev/null

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r seconds kilobytes < "$work/time"
  printf '%-40s %8.2f s %8d MiB %6d KiB per article\n' "$label" "$seconds" $((kilobytes / 1024)) $((kilobytes / articles))
}

# Wall seconds of one run of a command (output discarded).
seconds_of() {
  /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  cat "$work/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Three runs each of two builds, alternating; prints both medians and their ratio.
alternate() { # label A, label B, output A, output B, then the two commands joined by `--vs--`
  local a=$1 b=$2 out_a=$3 out_b=$4; shift 4
  local cmd_a=() cmd_b=() in_b=0
  for word in "$@"; do
    if [ "$word" = --vs-- ]; then in_b=1; elif [ $in_b = 0 ]; then cmd_a+=("$word"); else cmd_b+=("$word"); fi
  done
  : >"$work/a" && : >"$work/b"
  for _ in 1 2 3; do
    rm -rf "$out_a" "$out_b"
    seconds_of "${cmd_a[@]}" >>"$work/a"
    rm -rf "$out_a" "$out_b"
    seconds_of "${cmd_b[@]}" >>"$work/b"
  done
  rm -rf "$out_a" "$out_b"
  local median_a median_b
  median_a=$(median <"$work/a")
  median_b=$(median <"$work/b")
  printf '%-40s %8.2f s (median of 3: %s)\n' "$a" "$median_a" "$(tr '\n' ' ' <"$work/a")"
  printf '%-40s %8.2f s (median of 3: %s)\n' "$b" "$median_b" "$(tr '\n' ' ' <"$work/b")"
  printf '%-40s %8s\n' "$a / $b (wall, medians)" "$(ratio "$median_a" "$median_b")"
}

echo "briefing on $articles articles ($(nproc) cores; output to $work)"
if command -v hugo >/dev/null; then
  python3 "$here/gen_corpus.py" --articles "$articles" --out "$work/hugo" --format hugo >/dev/null
  alternate "briefing build" "hugo" "$work/out-briefing" "$work/hugo/out" \
    "$briefing" build --root "$work/site" --output "$work/out-briefing" \
    --vs-- bash -c "cd '$work/hugo' && hugo --quiet -d '$work/hugo/out'"
else
  echo "hugo: not installed (apt-get install hugo), no comparison"
fi
if [ -n "$other" ]; then
  alternate "build, this tree" "build, $other" "$work/out-this" "$work/out-other" \
    "$briefing" build --root "$work/site" --output "$work/out-this" \
    --vs-- "$other" build --root "$work/site" --output "$work/out-other"
fi

floor=$(ls -t "$repo"/target/release/deps/floor-* | grep -v '\.d$' | head -n 1)
: >"$work/floor"
for _ in 1 2 3; do
  rm -rf "$work/out-floor"
  "$floor" "$work/site" "$work/out-floor" | awk '{ print $(NF - 1) }' >>"$work/floor"
done
rm -rf "$work/out-floor"
printf '%-40s %8.2f s (median of 3: %s)\n' "floor (parse, render, write; 1 thread)" "$(median <"$work/floor")" "$(tr '\n' ' ' <"$work/floor")"

measure "build (no previous output)" "$briefing" build --root "$work/site" --output "$work/out"
measure "build (unchanged rebuild)" "$briefing" build --root "$work/site" --output "$work/out"
measure "check" "$briefing" check --root "$work/site"

index=$(stat -c %s "$work/out/search-index.js")
printf '%-40s %8d bytes (%d bytes per article)\n' "search index" "$index" $((index / articles))
pages_kib=$(du -sk --apparent-size "$work/out" | cut -f1)
printf '%-40s %8d MiB %6d KiB per article\n' "output (every page)" $((pages_kib / 1024)) $((pages_kib / articles))
rm -rf "$work/out"

# Edits while serving: serve prints each rebuild's time; its peak memory is measured
# around the process (the pages it serves from memory included).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/time -f "%M" -o "$work/serve-memory" "$briefing" serve --root "$work/site" --port "$port" >"$work/serve.log" 2>&1 &
timer=$!
for _ in $(seq 600); do grep -q '^Serving' "$work/serve.log" && break; sleep 0.5; done
server=$(pgrep -P "$timer" | head -n 1)
article=$(find "$work/site/content/articles" -name '*.md' | sort | awk 'NR == 1')
# A browser showing the article: serve renders open pages at once, the rest after.
slug=$(basename "$article" .md)
curl -sN "http://127.0.0.1:$port/__briefing/events?page=/articles/$slug/" >/dev/null &
watcher=$!
sleep 1
# Counts serve's lines matching a pattern so far.
lines_of() { grep -c "$1" "$work/serve.log" || true; }
# Waits for serve's next line matching a pattern (after `before` of them) and prints it.
next_line() { # pattern, count before, label
  for _ in $(seq 600); do
    [ "$(lines_of "$1")" -gt "$2" ] && break
    sleep 0.2
  done
  printf '%-40s %s\n' "$3" "$(grep "$1" "$work/serve.log" | tail -n 1 | sed 's/^ *//')"
}
# Makes an edit (a command), then prints serve's rebuild and its background rendering.
edit_and_wait() { # label, command...
  local label=$1; shift
  local built background
  built=$(lines_of '^Built')
  background=$(lines_of 'in the background in')
  "$@"
  next_line '^Built' "$built" "$label"
  next_line 'in the background in' "$background" ""
}
title_edit() { sed -i "s/^title: \"/title: \"Edited $1 /" "$article"; }
date_edit() {
  python3 - "$article" <<'EOF'
import datetime, re, sys
path = sys.argv[1]
text = open(path).read()
def earlier(m):
    date = datetime.datetime.fromisoformat(m.group(1)) - datetime.timedelta(days=1)
    return "date: " + date.isoformat()
open(path, "w").write(re.sub(r"^date: (\S+)$", earlier, text, count=1, flags=re.M))
EOF
}
for round in 1 2 3; do
  edit_and_wait "serve: title edited ($round)" title_edit "$round"
done
for round in 1 2 3; do
  edit_and_wait "serve: date a day earlier ($round)" date_edit
done
kill "$watcher" 2>/dev/null || true
kill "$server"
wait "$timer" 2>/dev/null || true
serve_kib=$(tail -n 1 "$work/serve-memory")
printf '%-40s %8d MiB %6d KiB per article\n' "serve peak memory (build + 6 edits)" $((serve_kib / 1024)) $((serve_kib / articles))
# Serve holds every page to serve it from memory; the rest is its session's.
session_kib=$((serve_kib - pages_kib))
printf '%-40s %8d MiB %6d KiB per article\n' "  without the pages it serves" $((session_kib / 1024)) $((session_kib / articles))
server=

# Every kind of edit, stage by stage (medians of 5), and the session's memory.
"$(ls -t "$repo"/target/release/deps/rebuild-* | grep -v '\.d$' | head -n 1)" "$work/site" --reps 3
