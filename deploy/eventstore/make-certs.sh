#!/bin/sh
# The certificates of EventStoreDB in secure mode, made by the one-shot service eventstore-certs of
# docker-compose.yml (image eventstore/es-gencert-cli, run as root so it can hand the node key to the
# eventstore user) before eventstore starts. Three named volumes, mounted under $CERTS_DIR:
#   ca/       ca.crt  the private CA: trusted by the node, mounted read-only into the apps (tlsCAFile)
#   ca-key/   ca.key  the CA's key: mounted nowhere else
#   node/     node.crt, node.key  the node's certificate (DNS names eventstore and localhost), its key
#             readable by the eventstore user (uid 1000) only
# Idempotent: what exists is kept. A missing CA (first start, or its volumes removed) makes a new CA and a
# new node certificate. RENEW_NODE_CERTIFICATE=true makes a new node certificate from the same CA, e.g.
# before the old one expires (valid NODE_CERTIFICATE_DAYS); restart eventstore afterwards to load it.
# Tested by tools/deploy/eventstore-certs.e2e-spec.ts.
set -eu

certs=${CERTS_DIR:-/certs}
owner=${EVENTSTORE_UID:-1000}:${EVENTSTORE_GID:-1000}
dns_names=${NODE_DNS_NAMES:-eventstore,localhost}
ca_days=${CA_DAYS:-3650}
node_days=${NODE_CERTIFICATE_DAYS:-825}

for dir in "$certs/ca" "$certs/ca-key" "$certs/node"; do
  [ -d "$dir" ] || { echo "make-certs: $dir is missing (mount the volume there)" >&2; exit 1; }
done

# es-gencert-cli refuses an output directory that exists: it writes into a fresh one, then files are moved in.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# put SOURCE TARGET MODE [OWNER]: replace TARGET in one rename, so a reader never sees half a file
put() {
  cp "$1" "$2.new"
  chmod "$3" "$2.new"
  if [ $# -ge 4 ]; then chown "$4" "$2.new"; fi
  mv -f "$2.new" "$2"
}

renew=${RENEW_NODE_CERTIFICATE:-false}
if [ ! -s "$certs/ca/ca.crt" ] || [ ! -s "$certs/ca-key/ca.key" ]; then
  es-gencert-cli create-ca -days "$ca_days" -out "$work/ca"
  # ca.crt goes last and the old node certificate first: a run cut short anywhere leaves ca.crt or the
  # node certificate missing, and the next run starts over instead of keeping a mismatched pair
  rm -f "$certs/node/node.crt" "$certs/node/node.key" "$certs/ca/ca.crt"
  put "$work/ca/ca.key" "$certs/ca-key/ca.key" 0400
  put "$work/ca/ca.crt" "$certs/ca/ca.crt" 0444
  echo "make-certs: new CA in $certs/ca/ca.crt"
fi

if [ "$renew" = true ] || [ ! -s "$certs/node/node.crt" ] || [ ! -s "$certs/node/node.key" ]; then
  es-gencert-cli create-node -ca-certificate "$certs/ca/ca.crt" -ca-key "$certs/ca-key/ca.key" \
    -days "$node_days" -dns-names "$dns_names" -ip-addresses 127.0.0.1 -out "$work/node"
  rm -f "$certs/node/node.crt" # goes last: a cut-short run leaves it missing rather than beside another key
  put "$work/node/node.key" "$certs/node/node.key" 0400 "$owner"
  put "$work/node/node.crt" "$certs/node/node.crt" 0444 "$owner"
  echo "make-certs: new node certificate for $dns_names in $certs/node/node.crt"
else
  echo "make-certs: keeping the CA and the node certificate in $certs"
fi
