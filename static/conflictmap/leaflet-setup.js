// conflictmap: Leaflet's default marker images come from the vendored copy, never a CDN.
L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/";
