import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * deploy/eventstore/make-certs.sh, the one-shot that makes EventStoreDB's CA and node certificate in
 * docker-compose.yml, run here on three directories standing for its volumes. The image's
 * es-gencert-cli cannot run without Docker, so a double stands in for it: the two commands the script
 * uses, with the flags, files, modes and refusals of es-gencert-cli 1.0.2 (create-ca / create-node
 * -ca-certificate -ca-key -days -dns-names -ip-addresses -out; "output directory already exists";
 * .crt 0444, .key 0400), producing real certificates with openssl. What is tested is the script: what
 * it keeps, replaces, protects, and how it recovers from a run cut short.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'deploy/eventstore/make-certs.sh');
const onPath = (bin: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, bin)));
const runnable = onPath('openssl') && onPath('sh');

const GENCERT_DOUBLE = `#!/bin/sh
# es-gencert-cli 1.0.2's create-ca and create-node, on openssl (test double)
set -eu
cmd=$1; shift
days=0 out= ca_cert=./ca/ca.crt ca_key=./ca/ca.key ips= dns=
while [ $# -gt 0 ]; do
  case $1 in
    -days) days=$2 ;; -out) out=$2 ;; -ca-certificate) ca_cert=$2 ;; -ca-key) ca_key=$2 ;;
    -ip-addresses) ips=$2 ;; -dns-names) dns=$2 ;;
    *) echo "flag provided but not defined: $1" >&2; exit 1 ;;
  esac
  shift 2
done
[ -n "\${GENCERT_FAIL:-}" ] && [ "$GENCERT_FAIL" = "$cmd" ] && { echo "$cmd: failed (as asked)" >&2; exit 1; }
case $cmd in
  create-ca)
    out=\${out:-./ca}; [ "$days" -gt 0 ] || days=1825
    mkdir "$out" 2>/dev/null || { echo "output directory: $out already exists. please delete it and try again" >&2; exit 1; }
    openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=EventStoreDB CA $$/O=Event Store Ltd/C=UK" \\
      -addext basicConstraints=critical,CA:TRUE,pathlen:1 -addext keyUsage=critical,keyCertSign,cRLSign \\
      -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
    chmod 0444 "$out/ca.crt"; chmod 0400 "$out/ca.key" ;;
  create-node)
    [ -n "$ips$dns" ] || { echo "at least one IP address or DNS name needs to be specified" >&2; exit 1; }
    [ -n "$out" ] || out=./node1; [ "$days" -gt 0 ] || days=365
    mkdir "$out" 2>/dev/null || { echo "output directory: $out already exists. please delete it and try again" >&2; exit 1; }
    san=$( { for d in $(echo "$dns" | tr , ' '); do printf 'DNS:%s,' "$d"; done; for i in $(echo "$ips" | tr , ' '); do printf 'IP:%s,' "$i"; done; } | sed 's/,$//')
    openssl req -newkey rsa:2048 -nodes -subj /CN=eventstoredb-node -keyout "$out/node.key" -out "$out/node.csr" 2>/dev/null
    printf 'subjectAltName=%s\\nextendedKeyUsage=clientAuth,serverAuth\\nkeyUsage=digitalSignature,keyEncipherment\\nbasicConstraints=CA:FALSE\\n' "$san" > "$out/ext"
    openssl x509 -req -in "$out/node.csr" -CA "$ca_cert" -CAkey "$ca_key" -CAcreateserial -days "$days" -extfile "$out/ext" -out "$out/node.crt" 2>/dev/null
    rm -f "$out/node.csr" "$out/ext" "$out"/*.srl "$(dirname "$ca_cert")"/*.srl
    chmod 0444 "$out/node.crt"; chmod 0400 "$out/node.key" ;;
  *) echo "unknown command $cmd" >&2; exit 1 ;;
esac
`;

const describeWithOpenssl = runnable ? describe : describe.skip;
if (!runnable) console.warn('[tests] eventstore-certs (make-certs.sh): SKIPPED, openssl is not installed');

describeWithOpenssl('deploy/eventstore/make-certs.sh', () => {
  let dir: string;
  let certs: string;
  let env: NodeJS.ProcessEnv;
  const uid = process.getuid?.() === 0 ? 1000 : (process.getuid?.() ?? 0);
  const gid = process.getuid?.() === 0 ? 1000 : (process.getgid?.() ?? 0);

  const run = (extra: Record<string, string> = {}) => {
    const r = spawnSync('sh', [SCRIPT], { env: { ...env, ...extra }, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const file = (rel: string) => path.join(certs, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const mode = (rel: string) => (fs.statSync(file(rel)).mode & 0o777).toString(8);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const verifies = (ca: string, cert: string) => {
    const r = spawnSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', ca, cert], { encoding: 'utf8' });
    return r.status === 0;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-es-certs-'));
    certs = path.join(dir, 'certs');
    for (const d of ['ca', 'ca-key', 'node']) fs.mkdirSync(path.join(certs, d), { recursive: true });
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin/es-gencert-cli'), GENCERT_DOUBLE, { mode: 0o755 });
    env = { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, CERTS_DIR: certs, EVENTSTORE_UID: String(uid), EVENTSTORE_GID: String(gid), TMPDIR: dir };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes a CA and a node certificate for eventstore and localhost, keys apart and readable by the eventstore user only', () => {
    const r = run();
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/new CA/);
    expect(r.out).toMatch(/new node certificate for eventstore,localhost/);
    // the CA volume (mounted into the apps) holds the certificate only; the key is in its own volume
    expect(fs.readdirSync(file('ca'))).toEqual(['ca.crt']);
    expect(fs.readdirSync(file('ca-key'))).toEqual(['ca.key']);
    expect(fs.readdirSync(file('node')).sort()).toEqual(['node.crt', 'node.key']);
    expect([mode('ca/ca.crt'), mode('ca-key/ca.key'), mode('node/node.crt'), mode('node/node.key')]).toEqual(['444', '400', '444', '400']);
    expect(fs.statSync(file('node/node.key'))).toMatchObject({ uid, gid });
    expect(verifies(file('ca/ca.crt'), file('node/node.crt'))).toBe(true);
    const text = openssl('x509', '-in', file('node/node.crt'), '-noout', '-text');
    expect(text).toMatch(/DNS:eventstore, DNS:localhost, IP Address:127\.0\.0\.1/);
    // valid for NODE_CERTIFICATE_DAYS (825) from today, the CA for ten years
    const days = (cert: string) => (Date.parse(openssl('x509', '-in', cert, '-noout', '-enddate').replace('notAfter=', '').trim()) - Date.now()) / 86_400_000;
    expect(Math.round(days(file('node/node.crt')))).toBe(825);
    expect(Math.round(days(file('ca/ca.crt')))).toBe(3650);
    // no leftovers in the volumes
    expect(fs.readdirSync(dir).sort()).toEqual(['bin', 'certs']);
  });

  it('keeps what exists on every later start', () => {
    run();
    const before = ['ca/ca.crt', 'ca-key/ca.key', 'node/node.crt', 'node/node.key'].map(read);
    const r = run();
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/keeping the CA and the node certificate/);
    expect(['ca/ca.crt', 'ca-key/ca.key', 'node/node.crt', 'node/node.key'].map(read)).toEqual(before);
  });

  it('renews the node certificate from the same CA when asked', () => {
    run();
    const [ca, node] = [read('ca/ca.crt'), read('node/node.crt')];
    expect(run({ RENEW_NODE_CERTIFICATE: 'true' })).toMatchObject({ code: 0 });
    expect(read('ca/ca.crt')).toBe(ca);
    expect(read('node/node.crt')).not.toBe(node);
    expect(verifies(file('ca/ca.crt'), file('node/node.crt'))).toBe(true);
  });

  it('makes a new CA and a node certificate signed by it when the CA key is gone', () => {
    run();
    const oldCa = path.join(dir, 'old-ca.crt');
    fs.copyFileSync(file('ca/ca.crt'), oldCa);
    fs.rmSync(file('ca-key/ca.key'), { force: true });
    const r = run();
    expect(r.out).toMatch(/new CA/);
    expect(verifies(file('ca/ca.crt'), file('node/node.crt'))).toBe(true);
    expect(verifies(oldCa, file('node/node.crt'))).toBe(false);
  });

  it('recovers from a run cut short after a new CA: never keeps a node certificate of the old one', () => {
    run();
    fs.rmSync(file('ca-key/ca.key'), { force: true });
    const failed = run({ GENCERT_FAIL: 'create-node' });
    expect(failed.code).not.toBe(0);
    expect(fs.existsSync(file('node/node.crt'))).toBe(false);
    const r = run();
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/new node certificate/);
    expect(verifies(file('ca/ca.crt'), file('node/node.crt'))).toBe(true);
  });

  it('stops with a clear message when a volume is not mounted', () => {
    fs.rmSync(file('node'), { recursive: true });
    const r = run();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/make-certs: .*\/node is missing \(mount the volume there\)/);
    expect(fs.readdirSync(file('ca'))).toEqual([]);
  });
});
