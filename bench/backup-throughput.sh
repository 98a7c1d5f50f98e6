#!/usr/bin/env bash
# Volume backup throughput, in one run on one volume of mixed data: the seed's method
# (docker run ... tar czf), ours (rollback backup: tar stream -> zstd -> sha256 [-> AES-256-GCM] in one pass),
# and the ceiling (a raw tar of the volume read to /dev/null inside a helper). Then verify throughput
# (checksums + decrypt), and the same work as ours done by native tools (zstd, openssl) for reference.
# Usage: bench/backup-throughput.sh [MB]   (default 300; needs scripts/setup-test-env.sh, zstd and openssl)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MB="${1:-300}"
"$ROOT/rollback" --version >/dev/null
project="rbbench$RANDOM"
vol="${project}_data"
work="$(mktemp -d)"
cleanup() { docker volume rm -f "$vol" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "filling volume $vol with ~${MB} MB: 1/3 random, 1/3 text, 1/3 in 4 KiB files"
docker volume create "$vol" >/dev/null
third=$((MB / 3))
docker run --rm -v "$vol:/data" local/debian:bookworm bash -c "
  head -c ${third}M /dev/urandom > /data/random.bin
  yes 'INSERT INTO events VALUES (42, \"user logged in\", now());' | head -c ${third}M > /data/dump.sql
  mkdir -p /data/small && cd /data/small && head -c ${third}M /dev/urandom | split -b 4096 -a 5 - f_" >/dev/null
bytes=$(docker run --rm -v "$vol:/data:ro" local/busybox du -sb /data | cut -f1)
mbs() { python3 -c "print(f'{$bytes / 1e6 / $1:8.1f}')"; }
# each timed step starts once the writes of the steps before it are on disk, so that none pays for another's
# writeback (the seed, the native tools and ours each write ~200 MB)
now() { sync; date +%s.%N; }
secs() { python3 -c "print(max(1e-6, $2 - $1))"; }

t0=$(now); docker run --rm -v "$vol:/data:ro" local/busybox sh -c 'tar c -C /data . | cat > /dev/null'; t1=$(now)
ceiling=$(secs "$t0" "$t1")
helper=$(docker create -v "$vol:/data:ro" local/busybox true)
t0=$(now); docker cp "$helper:/data" - >/dev/null; t1=$(now)
apiceiling=$(secs "$t0" "$t1")
docker rm "$helper" >/dev/null
# the same work as ours done by native tools: the tar through a FIFO (as ours), zstd -3 on every core, the stored
# bytes to a file and through SHA-256 (openssl); shows what compressing, hashing and writing cost on this machine
mkdir -p "$work/fifo" && mkfifo "$work/fifo/tar"
t0=$(now)
docker run --rm -v "$vol:/data:ro" -v "$work/fifo:/out" local/busybox sh -c 'tar c -C / data > /out/tar' &
zstd -3 -T0 -q < "$work/fifo/tar" | tee "$work/native.tar.zst" | openssl sha256 >/dev/null
wait
t1=$(now)
nativework=$(secs "$t0" "$t1")
rm -rf "$work/fifo" "$work/native.tar.zst"
mkdir -p "$work/seed"
t0=$(now); docker run --rm -v "$vol:/data" -v "$work/seed:/backup" local/busybox tar czf /backup/volume.tar.gz -C /data .; t1=$(now)
seed=$(secs "$t0" "$t1")
rm -rf "$work/seed"

home="$work/$project"
mkdir -p "$home"
printf 'volumes:\n  data:\nservices:\n  app:\n    image: local/busybox\n    volumes: ["data:/data"]\n' >"$home/docker-compose.yml"
printf 'vault_key_dir: %s\n' "$work/no-keys" >"$home/rollback.yaml"
# one untimed run first, as an operator's machine has had: it records the launcher's class-data archive
"$ROOT/rollback" -C "$home" backup --no-volumes >/dev/null 2>&1
inproc() { sed -n 's/.* bytes in \([0-9.]*\)\(m\?s\).*/\1 \2/p' | awk '{ print ($2 == "ms") ? $1 / 1000 : $1 }'; }
t0=$(now); oursin=$("$ROOT/rollback" -C "$home" backup --volumes "$vol" | inproc); t1=$(now)
ours=$(secs "$t0" "$t1")
export ROLLBACK_BACKUP_PASSPHRASE="bench passphrase $RANDOM$RANDOM"
t0=$(now); encin=$("$ROOT/rollback" -C "$home" backup --volumes "$vol" --encrypt | inproc); t1=$(now)
oursenc=$(secs "$t0" "$t1")
newest=$(ls "$home/backups" | sort | tail -1)
stored=$(du -sb "$home/backups/$newest" | cut -f1)
verifymbs=$("$ROOT/rollback" -C "$home" verify "$newest" --level decrypt | sed -n 's/.* at \([0-9.]*\) MB\/s.*/\1/p')

python3 - "$bytes" "$ceiling" "$seed" "$ours" "$oursenc" "$verifymbs" "$stored" "$oursin" "$encin" "$apiceiling" \
  "$nativework" <<'PY'
import sys
b, ceiling, seed, ours, enc, verifymbs, stored, oursin, encin, api, nativework = (float(x) for x in sys.argv[1:])
mb = b / 1e6
print(f"\nvolume content: {mb:.0f} MB; stored encrypted set: {stored / 1e6:.0f} MB "
      "(times include each command's own start, JVM included for ours)")
rows = [("ceiling: raw tar to /dev/null", ceiling), ("engine archive API (docker cp -)", api), ("seed: docker run ... tar czf", seed),
        ("native tools, our work (zstd, sha)", nativework),
        ("ours: rollback backup", ours), ("ours: rollback backup --encrypt", enc),
        ("ours, in-process (no JVM start)", oursin), ("ours --encrypt, in-process", encin)]
for name, t in rows:
    print(f"  {name:34} {t:7.2f} s  {mb / t:8.1f} MB/s")
print(f"  ours vs seed: {seed / ours:.1f}x wall, {seed / oursin:.1f}x in-process (goal >= 3x); encrypted: "
      f"{seed / enc:.1f}x / {seed / encin:.1f}x")
print(f"  ours vs ceiling: {ceiling / ours * 100:.0f}% wall, {ceiling / oursin * 100:.0f}% in-process (goal >= 70%); "
      f"vs the engine's archive API (docker cp; ours streams through a pipe from the helper instead): "
      f"{api / oursin * 100:.0f}% in-process")
print(f"  ours vs the same work by native tools (FIFO -> zstd -3 -T0 -> file + openssl sha256): "
      f"{nativework / oursin:.2f}x in-process, {nativework / ours:.2f}x wall; that pipeline reaches "
      f"{ceiling / nativework * 100:.0f}% of the ceiling")
print(f"  verify (checksums + decrypt + decompress, in-process): {verifymbs:.0f} MB/s of stored bytes "
      f"(goal >= 400 MB/s)")
PY
