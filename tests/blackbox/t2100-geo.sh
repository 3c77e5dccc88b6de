#!/bin/bash
# t2100-geo: the boundaries for the SVG maps: the demo stores a shape for its provinces and their
# communes; `areas import --shapes DIR` for all 34 provinces and 3,321 communes (insets for the
# archipelagos, nothing unmatched), replacing rather than adding; bad boundary files are refused
# before anything changes.
. "$(dirname "$0")/lib.sh"

DATA=$(cd "$(dirname "$0")/../../data" && pwd)
[ -r "$DATA/vn-wards-simplified.geojson" ] || bail "no boundary files in $DATA"

# --- the two-province demo: every province and commune it has gets a shape
make_demo
assert_match "map boundaries: 2 provinces and 294 communes \(.* points; 1 drawn in insets\); 3059 belong to provinces not in the database" \
	"$(cat "$T/demo.out")" "the demo reports the boundaries it stored and those it had no area for"
assert_eq "2" "$(sql "SELECT COUNT(*) FROM area_shape WHERE frame = 'VN'")" "a shape for each demo province on the national map"
assert_eq "01 79" "$(sql "SELECT a.code FROM area_shape s JOIN area a ON a.id = s.area_id WHERE s.frame = 'VN' ORDER BY a.code" | tr '\n' ' ' | sed 's/ $//')" \
	"the national map holds provinces 01 and 79"
assert_eq "294" "$(sql "SELECT COUNT(*) FROM area_shape s JOIN area a ON a.id = s.area_id WHERE a.level = 2")" \
	"a shape for each commune of the two provinces"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area a WHERE a.level IN (1, 2) AND NOT EXISTS (SELECT 1 FROM area_shape s WHERE s.area_id = a.id)")" \
	"no province or commune is left without a shape"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area_shape s JOIN area a ON a.id = s.area_id JOIN area p ON p.id = a.parent_id WHERE a.level = 2 AND s.frame <> p.code")" \
	"each commune is drawn in its province's frame"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area_shape s JOIN area a ON a.id = s.area_id WHERE a.level = 3")" \
	"synthetic villages have no shape"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area_shape WHERE points < 3 OR min_x < 0 OR min_y < 0 OR max_x > 1000 OR max_y > 1000 OR min_x > max_x OR min_y > max_y OR label_x < min_x OR label_x > max_x OR label_y < min_y OR label_y > max_y")" \
	"shapes lie in their 1000-unit frame, labels inside their box"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area_shape WHERE path NOT LIKE 'M%z'")" "paths are SVG path data, closed"
assert_eq "1000" "$(sql "SELECT MAX(max_y) FROM area_shape WHERE frame = '79'")" "a province's map spans its frame (HCMC is taller than wide)"
assert_eq "26732" "$(sql "SELECT a.code FROM area_shape s JOIN area a ON a.id = s.area_id WHERE s.inset = 1")" \
	"Côn Đảo, far out at sea, is drawn in an inset of the HCMC map"
assert_eq "1" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'areas.shapes'")" "the load is audited once"
assert_match "294 communes" "$(sql "SELECT detail FROM audit_log WHERE action = 'areas.shapes'")" "the audit record says what was stored"

# --- bad boundary files change nothing
before=$(sql "SELECT COUNT(*), SUM(loaded_at) FROM area_shape")
areas_before=$(sql "SELECT COUNT(*) FROM area")
dv areas import "$DATA/vn-units-2025.json" --shapes "$T/nowhere" --db "$DB" --key-file "$KEY"
assert_rc 2 "areas import --shapes with no boundary files"
assert_match "$T/nowhere/vn-provinces-simplified.geojson" "$(cat "$T/err")" "the message names the missing file"
mkdir -p "$T/bad"
cp "$DATA/vn-provinces-simplified.geojson" "$T/bad/"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","id":"00004","properties":{"province_code":"01"},"geometry":{"type":"Polygon","coordinates":[[[105.8,21.0],[0,0],[105.9,21.1],[105.8,21.0]]]}}]}' \
	>"$T/bad/vn-wards-simplified.geojson"
dv areas import "$DATA/vn-units-2025.json" --shapes "$T/bad" --db "$DB" --key-file "$KEY"
assert_rc 1 "areas import with a boundary outside Viet Nam"
assert_match "vn-wards-simplified.geojson: feature #1 \(code '00004'\): position 2 .* is not in Viet Nam" "$(cat "$T/err")" \
	"the message names the file, the feature and the position"
assert_eq "$areas_before" "$(sql "SELECT COUNT(*) FROM area")" "the refused import added no area"
assert_eq "$before" "$(sql "SELECT COUNT(*), SUM(loaded_at) FROM area_shape")" "the refused import changed no shape"

# --- the whole country: 34 provinces, 3,321 communes, the four archipelagos in insets
dv areas import "$DATA/vn-units-2025.json" --centroids "$DATA/vn-ward-centroids.csv" --shapes "$DATA" \
	--db "$DB" --key-file "$KEY"
assert_rc 0 "areas import of the whole country with --shapes"
assert_match "map boundaries: 34 provinces and 3321 communes \(.* points; 4 drawn in insets\); 0 belong to provinces not in the database" \
	"$(cat "$T/out")" "areas import reports every boundary stored"
grep -q "match no area code" "$T/out" && not_ok "a boundary matched no area: $(cat "$T/out")" ||
	ok "every boundary matched an area"
grep -q "have no boundary" "$T/out" && not_ok "an area has no boundary: $(cat "$T/out")" ||
	ok "every province and commune has a boundary"
grep -q "^shapes: 3355/3355" "$T/err" && ok "areas import shows progress for the shapes" || not_ok "no shapes progress on stderr"
assert_eq "34" "$(sql "SELECT COUNT(*) FROM area_shape WHERE frame = 'VN'")" "the 34 provinces on the national map"
assert_eq "3321" "$(sql "SELECT COUNT(*) FROM area_shape s JOIN area a ON a.id = s.area_id WHERE a.level = 2")" "the 3,321 communes"
assert_eq "34" "$(sql "SELECT COUNT(DISTINCT frame) FROM area_shape WHERE frame <> 'VN'")" "a frame per province"
assert_eq "11948 20333 22736 26732" "$(sql "SELECT a.code FROM area_shape s JOIN area a ON a.id = s.area_id WHERE s.inset = 1 ORDER BY a.code" | tr '\n' ' ' | sed 's/ $//')" \
	"insets: Bạch Long Vĩ, Hoàng Sa, Trường Sa, Côn Đảo"
assert_eq "0" "$(sql "SELECT COUNT(*) FROM area a WHERE a.level IN (1, 2) AND NOT EXISTS (SELECT 1 FROM area_shape s WHERE s.area_id = a.id)")" \
	"no province or commune without a shape"

# --- a second load replaces the shapes
dv areas import "$DATA/vn-units-2025.json" --shapes "$DATA" --db "$DB" --key-file "$KEY"
assert_rc 0 "areas import again"
assert_eq "3355" "$(sql "SELECT COUNT(*) FROM area_shape")" "reloading replaces the shapes, one per area"
assert_eq "3" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'areas.shapes'")" "each load is audited"

done_testing
