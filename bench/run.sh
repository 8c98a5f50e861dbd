#!/usr/bin/env bash
# Benchmarks briefing on a generated corpus and prints figures:
#   bench/run.sh [ARTICLES] [OTHER_BRIEFING]    (default 10000)
# - a full build (wall time and peak memory), cold and with an existing output;
# - `briefing check`;
# - one article edited under `briefing serve` (the rebuild time serve prints), and the
#   rebuild bench's stage-by-stage times for an old and the newest article;
# - the search index's bytes per article;
# - the same corpus built by Hugo, when `hugo` is installed, for comparison;
# - with OTHER_BRIEFING (another build of briefing, e.g. before a change), both full
#   builds alternating three times each, as medians and their ratio.
# Figures vary between machines and runs; compare within one run.
set -euo pipefail
articles=${1:-10000}
other=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
briefing="$repo/target/release/briefing"
python3 "$here/gen_corpus.py" --articles "$articles" --out "$work/site" --format native >/dev/null

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r seconds kilobytes < "$work/time"
  printf '%-34s %8.2f s %8d MiB\n' "$label" "$seconds" $((kilobytes / 1024))
}

# Wall seconds of one run of a command (output discarded).
seconds_of() {
  /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
  cat "$work/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "briefing on $articles articles ($(nproc) cores)"
if [ -n "$other" ]; then
  : >"$work/this" && : >"$work/other"
  for _ in 1 2 3; do
    seconds_of "$briefing" build --root "$work/site" --output "$work/out-this" >>"$work/this"
    seconds_of "$other" build --root "$work/site" --output "$work/out-other" >>"$work/other"
  done
  this_median=$(median <"$work/this")
  other_median=$(median <"$work/other")
  printf '%-34s %8.2f s (median of 3: %s)\n' "build, this tree" "$this_median" "$(tr '\n' ' ' <"$work/this")"
  printf '%-34s %8.2f s (median of 3: %s)\n' "build, $other" "$other_median" "$(tr '\n' ' ' <"$work/other")"
  printf '%-34s %8s\n' "this / other (wall, medians)" "$(awk -v a="$this_median" -v b="$other_median" 'BEGIN { printf "%.2f", a / b }')"
  rm -rf "$work/out-this" "$work/out-other"
fi
measure "build (no previous output)" "$briefing" build --root "$work/site" --output "$work/out"
measure "build (unchanged rebuild)" "$briefing" build --root "$work/site" --output "$work/out"
measure "check" "$briefing" check --root "$work/site"

index=$(stat -c %s "$work/out/search-index.js")
printf '%-34s %8d bytes (%d bytes per article)\n' "search index" "$index" $((index / articles))

# One article edited while serving: serve prints each rebuild's time.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$briefing" serve --root "$work/site" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do grep -q '^Serving' "$work/serve.log" && break; sleep 0.5; done
article=$(find "$work/site/content/articles" -name '*.md' | sort | awk 'NR == 1')
for round in 1 2 3; do
  before=$(grep -c '^Built' "$work/serve.log" || true)
  sed -i "s/^title: \"/title: \"Edited $round /" "$article"
  for _ in $(seq 600); do
    [ "$(grep -c '^Built' "$work/serve.log" || true)" -gt "$before" ] && break
    sleep 0.2
  done
  printf '%-34s %s\n' "serve: one article edited ($round)" "$(grep '^Built' "$work/serve.log" | tail -n 1)"
done
kill "$server"

# The same, stage by stage, for an old article and the newest one (every feed carries it).
cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench rebuild -- "$work/site" 2>/dev/null

if command -v hugo >/dev/null; then
  python3 "$here/gen_corpus.py" --articles "$articles" --out "$work/hugo" --format hugo >/dev/null
  measure "hugo (same corpus)" hugo --quiet --source "$work/hugo" --destination "$work/hugo-out"
fi
