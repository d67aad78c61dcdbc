#!/usr/bin/env bash
# Rebuilds static/vendor/ from npm packages (and folium's own plugin JS from its wheel) so the
# map page loads nothing from the internet. Only maintainers run this; the output is committed,
# so a fresh clone needs no npm. Versions follow DESIGN.md §5 (and folium 0.20's plugin pins).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version | files to keep (paths inside the tarball's package/ folder) -> OUT/<dir>
pkgs=(
  "leaflet@1.9.4|leaflet|LICENSE dist/leaflet.js dist/leaflet.css dist/images"
  "leaflet.markercluster@1.5.3|leaflet.markercluster|MIT-LICENCE.txt dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css"
  "leaflet.awesome-markers@2.0.5|leaflet.awesome-markers|LICENSE dist/leaflet.awesome-markers.js dist/leaflet.awesome-markers.css dist/images"
  "jquery@3.7.1|jquery|LICENSE.txt dist/jquery.min.js"
  "bootstrap@5.2.2|bootstrap|LICENSE dist/js/bootstrap.bundle.min.js dist/css/bootstrap.min.css"
  "@fortawesome/fontawesome-free@6.2.0|fontawesome-free|LICENSE.txt css/all.min.css webfonts"
  "leaflet.timeline@1.6.0|leaflet.timeline|LICENSE dist/leaflet.timeline.js"
  "moment@2.18.1|moment|LICENSE min/moment.min.js"
)

rm -rf "$OUT"
mkdir -p "$OUT"
for entry in "${pkgs[@]}"; do
  IFS='|' read -r spec dir files <<<"$entry"
  tarball=$(cd "$work" && npm pack --silent "$spec" | tail -n 1)
  mkdir -p "$work/$dir"
  tar xzf "$work/$tarball" -C "$work/$dir"
  for f in $files; do
    # keep the package's own layout (css/../webfonts references stay valid), minus "dist/"
    target="$OUT/$dir/${f#dist/}"
    mkdir -p "$(dirname "$target")"
    cp -R "$work/$dir/package/$f" "$target"
  done
  echo "$spec" >"$OUT/$dir/VERSION"
done

# folium ships its heat-map plugin JS inside the wheel; copy it with folium's licence.
folium_dir=$("$PY" -c 'import folium, os; print(os.path.dirname(folium.__file__))')
folium_ver=$("$PY" -c 'import folium; print(folium.__version__)')
mkdir -p "$OUT/folium"
cp "$folium_dir/templates/leaflet_heat.min.js" "$OUT/folium/"
cp "$(dirname "$folium_dir")/folium-$folium_ver.dist-info/licenses/LICENSE.txt" "$OUT/folium/"
echo "folium@$folium_ver (wheel)" >"$OUT/folium/VERSION"

# Source-map comments would make devtools ask for files we do not ship.
find "$OUT" \( -name '*.js' -o -name '*.css' \) -exec sed -i -E '/^\/[\/*]# sourceMappingURL=/d' {} +
du -sh "$OUT"
