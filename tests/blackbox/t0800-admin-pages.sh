#!/bin/bash
# t0800-admin-pages: administrators create, edit and move units and create, disable, enable and
# reset users through the HTML forms; output is escaped; scope holds for writes too.
. "$(dirname "$0")/lib.sh"
make_demo
start_server

pick_user ADMIN administrator 0 ""
pick_user OFFICER officer 2 01
pick_user HCM officer 2 79
parent=$(unit_of "$OFFICER")
hcm_unit=$(unit_of "$HCM")
home=$(sql "SELECT a.code FROM unit n JOIN area a ON a.id = n.home_area_id WHERE n.id = ?" "$parent")
login "$ADMIN"

# --- the forms are there
sget "/units/new?parent=$parent"
assert_status 200 "GET /units/new?parent=$parent"
for f in parent_id kind name name_en home_area csrf; do assert_contains "name=\"$f\"" "the new-unit form"; done
sget /users/new
assert_status 200 "GET /users/new"
for f in login display_name unit_id role password csrf; do assert_contains "name=\"$f\"" "the new-user form"; done

# --- create a unit (with characters that need escaping)
evil='Tổ <b>dân</b> vận "Hòa" & <script>alert(1)</script>'
spost /units "parent_id=$parent" "kind=village-team" "name=$evil" "name_en=Village team" "home_area=$home"
assert_status 303 "POST /units"
assert_header Location '^/units/[0-9]+$' "POST /units"
new=$(hdr Location | sed 's|.*/||')
assert_eq 1 "$(sql "SELECT count(*) FROM unit WHERE id = ? AND name = ? AND parent_id = ?" "$new" "$evil" "$parent")" "the unit is stored as typed"
sget "/units/$new"
assert_status 200 "GET /units/$new"
assert_contains 'Tổ &lt;b&gt;dân&lt;/b&gt; vận' "the unit page escapes the name"
assert_not_contains '<script>alert(1)</script>' "the unit page has no raw script"
assert_not_contains '<b>dân</b>' "the unit page has no raw tag"
sget "/units/$parent"
assert_contains 'Tổ &lt;b&gt;dân' "the parent page lists the new child, escaped"
assert_eq 1 "$(sql "SELECT count(*) FROM unit_closure WHERE ancestor = ? AND descendant = ? AND depth = 1" "$parent" "$new")" "closure: parent -> child"
n_anc=$(sql "SELECT count(*) FROM unit_closure WHERE descendant = ?" "$new")
assert_eq "$(( $(sql "SELECT count(*) FROM unit_closure WHERE descendant = ?" "$parent") + 1 ))" "$n_anc" "closure: the child has its parent's ancestors and itself"
audit_n=$(sql "SELECT count(*) FROM audit_log")
assert_match '^[1-9]' "$audit_n" "writes are audited"

# a refused form comes back with the message and changes nothing
before=$(db_fingerprint)
spost /units "parent_id=$parent" "kind=spaceship" "name=Không hợp lệ" "home_area=$home"
assert_status 400 "POST /units with an unknown kind"
assert_contains 'Không hợp lệ' "the refused form keeps what was typed"
spost /units "parent_id=$parent" "kind=village-team" "name=" "home_area=$home"
assert_status 400 "POST /units with an empty name"
spost /units "parent_id=$parent" "kind=village-team" "name=Không có địa bàn" "home_area=99999"
assert_status 400 "POST /units with an unknown home area"
assert_eq "$before" "$(db_fingerprint)" "refused forms changed nothing"

# --- edit
spost "/units/$new" "kind=village-team" "name=Tổ dân vận đã sửa" "name_en=Edited team" "home_area=$home"
assert_status 303 "POST /units/$new (edit)"
assert_eq "Tổ dân vận đã sửa" "$(sql "SELECT name FROM unit WHERE id = ?" "$new")" "the name was changed"
sget "/units/$new/edit"
assert_status 200 "GET /units/$new/edit"
assert_contains 'Tổ dân vận đã sửa' "the edit form shows the current name"

# --- move: under another unit, then refuse a cycle
spost /units "parent_id=$new" "kind=village-team" "name=Tổ con" "home_area=$home"
assert_status 303 "POST /units (a grandchild)"
child=$(hdr Location | sed 's|.*/||')
sibling=$(sql "SELECT id FROM unit WHERE parent_id = (SELECT parent_id FROM unit WHERE id = ?) AND id <> ? ORDER BY id LIMIT 1" "$parent" "$parent")
[ -n "$sibling" ] || sibling=$(sql "SELECT parent_id FROM unit WHERE id = ?" "$parent")
spost "/units/$new/move" "new_parent=$sibling"
assert_status 303 "POST /units/$new/move under $sibling"
assert_eq "$sibling" "$(sql "SELECT parent_id FROM unit WHERE id = ?" "$new")" "the unit moved"
assert_eq 0 "$(sql "SELECT count(*) FROM unit_closure WHERE ancestor = ? AND descendant IN (?, ?)" "$parent" "$new" "$child")" "closure: no rows left under the old parent"
assert_eq 1 "$(sql "SELECT count(*) FROM unit_closure WHERE ancestor = ? AND descendant = ? AND depth = 2" "$sibling" "$child")" "closure: the grandchild moved along (depth 2)"
before=$(db_fingerprint)
spost "/units/$new/move" "new_parent=$child"
assert_status 400 "POST /units/$new/move under its own child"
spost "/units/$new/move" "new_parent=$new"
assert_status 400 "POST /units/$new/move under itself"
spost "/units/$new/move" "new_parent=abc"
assert_status 400 "POST /units/$new/move new_parent=abc"
assert_eq "$before" "$(db_fingerprint)" "refused moves changed nothing"

# --- users
upw='Mật khẩu người mới 2025'
spost /users "login=nguoi-moi" "display_name=Người Mới <i>x</i>" "unit_id=$new" "role=officer" "password=$upw"
assert_status 303 "POST /users"
uid=$(sql "SELECT id FROM app_user WHERE login = 'nguoi-moi'")
assert_match '^[0-9]+$' "$uid" "the user exists"
sget /users
assert_contains 'nguoi-moi' "GET /users lists the new user"
assert_contains 'Người Mới &lt;i&gt;x&lt;/i&gt;' "GET /users escapes the display name"
before=$(db_fingerprint)
spost /users "login=nguoi-moi" "display_name=Trùng" "unit_id=$new" "role=officer" "password=$upw"
assert_status_in "400 409" "POST /users with a login that exists"
spost /users "login=ngan" "display_name=Ngắn" "unit_id=$new" "role=officer" "password=ngan"
assert_status 400 "POST /users with a 4-character password"
spost /users "login=vua" "display_name=Vua" "unit_id=$new" "role=emperor" "password=$upw"
assert_status 400 "POST /users with an unknown role"
spost /users "login=xa" "display_name=Xa" "unit_id=987654321" "role=officer" "password=$upw"
assert_status_in "400 404" "POST /users into a unit that does not exist"
assert_eq "$before" "$(db_fingerprint)" "refused users changed nothing"
printf 'nguoi-moi\t%s\tofficer\tx\n' "$upw" >>"$LOGINS"
ADMIN_COOKIE=$COOKIE ADMIN_CSRF=$CSRF
login nguoi-moi "$upw"
ok "the user made by the form signs in"
USER_COOKIE=$COOKIE
COOKIE=$ADMIN_COOKIE CSRF=$ADMIN_CSRF
spost "/users/$uid/disable"
assert_status 303 "POST /users/$uid/disable"
assert_eq 0 "$(sql "SELECT active FROM app_user WHERE id = ?" "$uid")" "the user is disabled"
req GET /api/v1/me -H "Cookie: $USER_COOKIE"
assert_problem 401 unauthorized "the disabled user's session ended"
spost "/users/$uid/enable"
assert_status 303 "POST /users/$uid/enable"
upw2='Một mật khẩu khác hẳn 99'
spost "/users/$uid/password" "password=$upw2"
assert_status 303 "POST /users/$uid/password"
login nguoi-moi "$upw2"
ok "the reset password works"

# --- own password change through /account
spost /account/password "old=wrong password here" "new=Mật khẩu riêng mới 123" "confirm=Mật khẩu riêng mới 123"
assert_status_in "400 401 403" "POST /account/password with a wrong current password"
spost /account/password "old=$upw2" "new=Mật khẩu riêng mới 123" "confirm=Mật khẩu khác"
assert_status 400 "POST /account/password with a mismatched confirmation"
spost /account/password "old=$upw2" "new=Mật khẩu riêng mới 123" "confirm=Mật khẩu riêng mới 123"
assert_status 303 "POST /account/password"
login nguoi-moi "Mật khẩu riêng mới 123"
ok "the changed password works"

# --- an officer gets no write forms and no writes
login "$OFFICER"
before=$(db_fingerprint)
sget "/units/new?parent=$parent"
assert_status 403 "officer GET /units/new"
spost /units "parent_id=$parent" "kind=village-team" "name=Của cán bộ" "home_area=$home"
assert_status 403 "officer POST /units"
spost "/units/$parent" "kind=village-team" "name=Đổi tên" "home_area=$home"
assert_status 403 "officer POST /units/$parent (edit)"
spost /users "login=x2" "display_name=X" "unit_id=$parent" "role=officer" "password=$upw"
assert_status 403 "officer POST /users"
assert_eq "$before" "$(db_fingerprint)" "the officer changed nothing"

done_testing
