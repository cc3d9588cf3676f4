#!/usr/bin/env bash
# Gateway webhook ingest vs a bare WebFlux app answering 202, measured back to back (alternating) with wrk.
#   ingest-bench.sh GATEWAY_URL BARE_URL SECRET [SHOP] 
# env: RUNS (3), DURATION (30s), WARMUP (10s), CONNECTIONS (64), THREADS (2), COUNT (5000 signed requests per run)
# Prints one line per run and the medians: "median gateway=<rps> p99=<ms> bare=<rps> p99=<ms> ratio=<g/b>".
# Start the bare app with gateway/src/test/bench/start-bare.sh; raise the gateway's per-shop limiter
# (kefu.gateway.webhooks.rate-per-second / burst) so it is not what is measured.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gateway="${1:?usage: ingest-bench.sh GATEWAY_URL BARE_URL SECRET [SHOP]}"
bare="${2:?usage}"; secret="${3:?usage}"; shop="${4:-shop-demo}"
runs="${RUNS:-3}"; duration="${DURATION:-30s}"; warmup="${WARMUP:-10s}"
conns="${CONNECTIONS:-64}"; threads="${THREADS:-2}"; count="${COUNT:-5000}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# Fresh requests each time: timestamps must stay within the gateway's 300 s tolerance, ids unique per run.
load() { # url duration -> "rps p99_ms non2xx"
  java "$here/WebhookRequests.java" "$secret" "$count" "$work/requests.tsv"
  local out; out="$(REQUESTS="$work/requests.tsv" SHOP="$shop" wrk -t"$threads" -c"$conns" -d"$2" \
    -s "$here/webhooks.lua" "$1" 2>&1)"
  local other; other="$(echo "$out" | awk '/^status / && $2 != "202:" {n += $3} END {print n + 0}')"
  echo "$out" | awk -v o="$other" '/^p50_ms/ {print $6, $4, o}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

load "$gateway" "$warmup" >/dev/null; load "$bare" "$warmup" >/dev/null
: > "$work/g"; : > "$work/b"
for i in $(seq "$runs"); do
  read -r grps gp99 gother < <(load "$gateway" "$duration")
  read -r brps bp99 bother < <(load "$bare" "$duration")
  echo "run $i gateway=$grps p99=${gp99}ms non202=$gother bare=$brps p99=${bp99}ms non202=$bother"
  echo "$grps $gp99" >> "$work/g"; echo "$brps $bp99" >> "$work/b"
done
g="$(cut -d' ' -f1 "$work/g" | median)"; gp="$(cut -d' ' -f2 "$work/g" | median)"
b="$(cut -d' ' -f1 "$work/b" | median)"; bp="$(cut -d' ' -f2 "$work/b" | median)"
echo "median gateway=$g p99=${gp}ms bare=$b p99=${bp}ms ratio=$(awk -v g="$g" -v b="$b" 'BEGIN {printf "%.2f", g / b}')"
