#!/usr/bin/env bash
# The mutual-TLS material docker-compose.yml mounts (docs/operations.md, "docker-compose.yml"):
#   ca/           the private CA (ca.key never leaves this folder: no container mounts it)
#   temporal/     the frontend's server certificate (SAN temporal, localhost, 127.0.0.1) and the client
#                 certificate of the server's own system worker
#   clearway/     the client certificate of the api, worker and temporal-setup containers
#   ui/           the client certificate of the Temporal UI server
# Each folder holds ca.pem beside its own files. Keys are EC P-256, mode 0600. The containers run as
# uid 1000: on a host where your uid differs, `sudo chown -R 1000 deploy/certs` after generating.
# The folder is git-ignored and docker-ignored: private keys are never committed or baked into an
# image. Run once before `docker compose up`; run again with --force to replace every certificate.
#
#   bash scripts/compose-certs.sh [--force] [out-dir, default deploy/certs]
set -euo pipefail
cd "$(dirname "$0")/.."

force=0
out=deploy/certs
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) out="$arg" ;;
  esac
done
days="${CERT_DAYS:-365}"
say() { printf '[certs] %s\n' "$*" >&2; }
command -v openssl >/dev/null || { say "missing openssl"; exit 1; }

if [ -e "$out/ca/ca.key" ] && [ "$force" != 1 ]; then
  say "$out already holds a CA: nothing done (--force replaces every certificate)"
  exit 0
fi
rm -rf "$out"/{ca,temporal,clearway,ui}
umask 077
mkdir -p "$out"/{ca,temporal,clearway,ui}

openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=Clearway compose CA" -keyout "$out/ca/ca.key" -out "$out/ca/ca.pem" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

# issue <dir> <name> <common name> <extendedKeyUsage> [subjectAltName]
issue() {
  local dir="$out/$1" name="$2" cn="$3" usage="$4" san="${5:-}" ext
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$usage"
    [ -n "$san" ] && echo "subjectAltName=$san"
  } >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$cn" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$out/ca/ca.pem" -CAkey "$out/ca/ca.key" -CAcreateserial \
    -days "$days" -extfile "$ext" -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
  cp "$out/ca/ca.pem" "$dir/ca.pem"
}

issue temporal frontend temporal serverAuth "DNS:temporal,DNS:localhost,IP:127.0.0.1"
issue temporal worker temporal-system-worker clientAuth
issue clearway client clearway clientAuth
issue ui client temporal-ui clientAuth
rm -f "$out/ca/ca.srl"
chmod 0644 "$out"/*/*.pem
say "wrote $out (CA valid 10 years, certificates $days days)"
