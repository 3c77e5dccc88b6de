#!/usr/bin/env python3
# seeds.py: writes the seed corpus fuzz/corpus/<harness>/ (run once; the files are committed).
import io, os, sys, zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')

def put(h, name, data):
    d = os.path.join(ROOT, h)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

# ---- url: request targets
urls = ['/', '/healthz', '/login?next=%2Fcases', '/static/app.css', '/lang/en?back=%2F',
        '/areas/01', '/units/12/edit', '/api/v1/areas/00004', '/api/v1/units?limit=50&offset=100',
        '/cases?q=%C4%91%E1%BA%A5t+%C4%91ai&status=received&page=2', '/cases/7/act',
        '/portal/79/figures.json?period=2026-Q2', '/track/AB12-CD34-EF56', '/activities?from=2026-01-01&to=2026-06-30&area=01',
        '/activities/import', '/plans/3/targets/9/delete', '/config/holidays/2026-09-02/delete',
        '/open311/v2/requests.json?jurisdiction_id=danvan&status=open', '/api/v1/cases?limit=1&offset=0&sort=-received_at',
        '/dashboard?area=01&year=2026&x=%2B%20%25', '/units/%31', '/areas/%E1%BA%A1', '/a//b/../c?&&=&a', '/x?%zz=1',
        '/search?q=Ph%C6%B0%E1%BB%9Dng+B%E1%BA%BFn+Ngh%C3%A9']
for i, u in enumerate(urls):
    put('url', '%02d' % i, u)

# ---- form: Content-Type line, then the body
WK = '----WebKitFormBoundary7MA4YWxkTrZu0gW'
forms = [
    'application/x-www-form-urlencoded\ncsrf=abc123&login=canbo.badinh&password=m%E1%BA%ADt+kh%E1%BA%A9u',
    'application/x-www-form-urlencoded\ntitle=H%E1%BB%8Dp+d%C3%A2n&count=1.500&day=02%2F09%2F2026&note=',
    'application/x-www-form-urlencoded\na=1&a=2&&b&c=%2B%26%3D',
    'multipart/form-data; boundary=' + WK + '\n--' + WK + '\r\nContent-Disposition: form-data; name="csrf"\r\n\r\ntok-123\r\n--' + WK +
    '\r\nContent-Disposition: form-data; name="file"; filename="C:\\Users\\an\\bao cao.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n--\r\n--' + WK + '--\r\n',
    'multipart/form-data; boundary="a b"\n--a b\nContent-Disposition: form-data; name="x"\n\n1\n--a b\nContent-Disposition: form-data; name="f"; filename=""\n\n\n--a b--\n',
    'multipart/form-data; boundary=XyZ\npreamble\r\n--XyZ\r\nContent-Disposition: form-data; name="t\\"q"; filename="..\\\\..\\\\x.csv"\r\n\r\nloai,don_vi\r\n--XyZ--\r\nepilogue',
    'multipart/form-data; charset=utf-8; boundary=----b\n------b\r\nContent-Disposition: form-data; name="m\xc3\xb4 t\xe1\xba\xa3"\r\n\r\nH\xc3\xa0 N\xe1\xbb\x99i\r\n------b--',
]
for i, f in enumerate(forms):
    put('form', '%02d' % i, f.encode('latin-1') if '\xc3' in f else f)

# ---- cookie: one header value (Cookie or Authorization)
cookies = ['__Host-dv_session=q9Xv3RkLzT0aV8bN2mYc; dv_lang=en', 'dv_lang=vi; __Host-dv_csrf="abcDEF123"',
           ' a = 1 ;b=2;;c;=d; e="" ', 'Bearer dv_3f9a0c1e2b.TOKEN-value_~+/=', 'bearer  abc', 'Basic dXNlcjpwYXNz',
           '__Host-dv_session=x; __Host-dv_session=y; dv_lang=xx']
for i, c in enumerate(cookies):
    put('cookie', '%02d' % i, c)

# ---- json: API bodies
jsons = ['{"title":"Họp dân khu phố 3","count":12,"value":1500000.5,"done":true}',
         '{"day":"2026-09-02","id":7,"unit_id":"12","note":"","amount":"1.500.000"}',
         '{"criteria":{"code":"A1","weight":0.25,"max":10},"items":[{"code":"x"},{"code":"1,5"},3]}',
         '{"title":null}', '[]', '{"title":"a","title":"b"}', '{"unknown":1}', '{"count":"12"}',
         '{"day":"31/12/2026","amount":"1,500,000","value":1e308}', '{"items":[{"max":-1},{"weight":"x"}]}',
         '{"title":"\\u0000\\ud800"}', '{"id":9223372036854775807,"count":-9223372036854775808}']
for i, j in enumerate(jsons):
    put('json', '%02d' % i, j)

# ---- open311: document, then the query or form
o311 = ['requests.json\njurisdiction_id=danvan&start_date=2026-01-01T00:00:00Z&end_date=2026-06-30T23:59:59%2B07:00&status=open',
        'requests.xml\nservice_request_id=AB12-CD34-EF56,ab12cd34ef56,xx&status=open,closed',
        'requests.json\napi_key=k&service_code=ROAD&lat=21.0285&long=105.8542&description=%E1%BB%95+g%C3%A0%0Ad%C3%B2ng+2&first_name=An',
        'requests.json\nlat=91&long=0&attribute%5Barea_code%5D=00004&address_string=s%E1%BB%91+1',
        'services.xml\njurisdiction_id=other', 'discovery.json\n', 'servicerequestupdates.json\nstart_date=2026-02-30&end_date=2026-01-01',
        'requests.json\nstart_date=2026-01-01T10:00:00.123-05:30&end_date=2026-01-01', 'x.\nlat=-0x1p3&long=inf',
        'requests.json\nstart_date=2027-01-01']
for i, o in enumerate(o311):
    put('open311', '%02d' % i, o)

# ---- csv: first byte picks the separator and limits
csvs = [(0, 'type,lead_unit,area,start_on,title\nmeeting,1,VN,2026-01-05,Họp dân\n'),
        (1, '\ufeffLoại hoạt động;Đơn vị chủ trì;Mã địa bàn\r\nmeeting;1;VN\r\n'),
        (2, 'a\tb\tc\n"x\ty"\t"q""q"\t\n\n\nz\n'),
        (3, 'a|b\r"multi\nline"|c\rd'), (4, 'a,b,c,d,e\n123456789,1\n1\n2\n3\n4\n5\n'),
        (0, '"unclosed,\n'), (0, 'a"b,c\n"x"y\n'), (0, ',,,\n,,x,,\n')]
for i, (b, c) in enumerate(csvs):
    put('csv', '%02d' % i, bytes([b]) + c.encode('utf-8'))

# ---- xlsx: parts ("@@ NAME" lines) and real files
NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
NS_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
def rel(i, t, target): return '<Relationship Id="%s" Type="%s/%s" Target="%s"/>' % (i, NS_REL, t, target)
def rels(items): return DECL + '<Relationships xmlns="%s">%s</Relationships>' % (NS_PKG, items)
def workbook(sheets): return DECL + '<workbook xmlns="%s" xmlns:r="%s">\n<sheets>%s</sheets></workbook>' % (NS_MAIN, NS_REL, sheets)
def sheet_el(name, i): return '<sheet name="%s" sheetId="1" r:id="%s"/>' % (name, i)
def sheet(rows): return DECL + '<worksheet xmlns="%s"><sheetData>\n%s</sheetData></worksheet>' % (NS_MAIN, rows)
def sst(items): return DECL + '<sst xmlns="%s">\n%s</sst>' % (NS_MAIN, items)
def book(sheet_xml, sst_xml=None, wb=None):
    parts = [('[Content_Types].xml', '<Types/>'), ('_rels/.rels', rels(rel('rId1', 'officeDocument', 'xl/workbook.xml'))),
             ('xl/workbook.xml', wb or workbook(sheet_el('Trang 1', 'rId1'))),
             ('xl/_rels/workbook.xml.rels', rels(rel('rId1', 'worksheet', 'worksheets/sheet1.xml') +
                                                 (rel('rId2', 'sharedStrings', 'sharedStrings.xml') if sst_xml else '')))]
    if sst_xml:
        parts.append(('xl/sharedStrings.xml', sst_xml))
    parts.append(('xl/worksheets/sheet1.xml', sheet_xml))
    return parts
def as_parts(parts): return ''.join('@@ %s\n%s\n' % (n, d) for n, d in parts)
def as_zip(parts, deflate=True):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        for n, d in parts:  # a fixed date, so that the seeds do not change when rewritten
            z.writestr(zipfile.ZipInfo(n, (2026, 7, 1, 0, 0, 0)), d,
                       zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
    return b.getvalue()
S1 = sst('<si><t>Họ và tên</t></si><si><t xml:space="preserve"> Ngày </t></si><si><r><t>Hà</t></r><r><t> Nội</t></r></si><si><t>_x000D_x_x0041_</t></si>')
R1 = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Số</t></is></c></row>\n'
      '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>45992.75</v></c><c r="C3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c></row>\n'
      '<row><c t="str"><f>A1</f><v>x</v></c><c r="BL4"><v>1</v></c></row>\n')
xl = [book(sheet(R1), S1), book(sheet('<row r="1"><c r="A1" t="s"><v>3</v></c></row>'), S1),
      book(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c></row><row r="2"><c r="A2" t="s"><v>99</v></c></row>'), S1),
      book(sheet(''), None, workbook(sheet_el('Dữ liệu', 'rId1') + sheet_el('B', 'rId9'))),
      book('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c><v>&e;</v></c></row></sheetData></worksheet>')]
for i, p in enumerate(xl):
    put('xlsx', 'p%02d' % i, as_parts(p))
put('xlsx', 's00', '@! small\n' + as_parts(xl[0]))
put('xlsx', 's01', '@! sheet Dữ liệu\n' + as_parts(xl[3]))
put('xlsx', 's02', '@! sheet Nope\n' + as_parts(xl[0]))
put('xlsx', 'z00', as_zip(xl[0]))
put('xlsx', 'z01', as_zip(xl[1], False))

# ---- import: first byte picks the mode (odd: valid rows), then a CSV or XLSX file
hdr = 'type,lead_unit,units,area,start_on,end_on,title,description,participants,workdays,households,persons,value_cash,value_kind,working_group,target,measures\n'
imports = [(1, hdr + 'dialogue,1,,VN,2026-01-05,2026-01-05,Họp dân khu phố,Bàn về vệ sinh,25,1,10,30,"1.500.000",0,,,questions=12\n'),
           (0, hdr + 'house,1,1,VN,05/01/2026,,Họp,,1.000,"2,5",,,,,,,houses_built=2;houses_repaired=1\nx,999,,ZZ,2026-13-01,,,,abc,-1,,,,,,,bad\n'),
           (1, 'Loại hoạt động,Đơn vị chủ trì,Mã địa bàn,Ngày bắt đầu,Tên hoạt động,Kết quả đo\ninfrastructure,1,VN,2026-02-01,A,road_km=2.5;bridges=1\n'),
           (1, 'Type,Lead unit,Area code,Start date,Title\n,,,,\npropaganda,1,VN,46000,Excel date\n'),
           (0, 'no,header,here\n1,2,3\n'), (1, '')]
for i, (b, c) in enumerate(imports):
    put('import', '%02d' % i, bytes([b]) + c.encode('utf-8'))
imp_x = book(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c><c r="B1" t="inlineStr"><is><t>lead_unit</t></is></c>'
                   '<c r="C1" t="inlineStr"><is><t>area</t></is></c><c r="D1" t="inlineStr"><is><t>start_on</t></is></c><c r="E1" t="inlineStr"><is><t>title</t></is></c></row>'
                   '<row r="2"><c r="A2" t="inlineStr"><is><t>health</t></is></c><c r="B2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>VN</t></is></c><c r="D2"><v>46000</v></c><c r="E2" t="inlineStr"><is><t>Họp</t></is></c></row>'))
put('import', 'x00', bytes([1]) + as_zip(imp_x))

# ---- config: files
confs = ['# danvan.conf\nlisten = 127.0.0.1:8080\ndb = sqlite:var/danvan.db\nthreads = 8\nlog-level = info\n',
         'db_read = "postgresql://ro@localhost/danvan"\nsession_idle=1800\nsession-absolute = 43200\naccess_log = ""\n',
         'notify = smtp\nsmtp-url = smtps://mail.example.vn:465\nsmtp_from = "danvan@example.vn"\nmax-body = 1048576\n',
         'listen = [::1]:8443\n\n   # indented comment\nmax-upload=99999999999999999999\n', 'unknown = 1\n', 'threads\n', 'listen = host:99999\n',
         'public-min-count = -1\r\nlog_level = "debug"\r\n']
for i, c in enumerate(confs):
    put('config', '%02d' % i, c)
# ---- areas: the units JSON, then "@@ centroids" and the centroid CSV ("@@ only" first: a filter)
def ward(code, prov, name):
    return {'Type': 'ward', 'Code': code, 'Name': name, 'NameEn': name, 'FullName': 'Phường ' + name,
            'FullNameEn': name + ' Ward', 'ProvinceCode': prov, 'AdministrativeUnitId': 3,
            'AdministrativeUnitShortName': 'Phường', 'AdministrativeUnitShortNameEn': 'Ward'}
def prov(code, name, wards):
    return {'Type': 'province', 'Code': code, 'Name': name, 'NameEn': name, 'FullName': 'Thành phố ' + name,
            'FullNameEn': name + ' City', 'AdministrativeUnitId': 1, 'AdministrativeUnitShortName': 'Thành phố',
            'AdministrativeUnitShortNameEn': 'City', 'Wards': wards}
import json
units = [prov('01', 'Hà Nội', [ward('00004', '01', 'Ba Đình'), ward('00008', '01', 'Ngọc Hà')]),
         prov('79', 'Hồ Chí Minh', [ward('26734', '79', 'Sài Gòn')])]
CEN = 'ward_code,province_code,lon,lat,area_km2\n00004,01,105.83806,21.03853,2.96\n00008,01,105.81631,21.03812,2.63\n'
areas = [json.dumps(units, ensure_ascii=False, indent=1),
         json.dumps(units, ensure_ascii=False) + '\n@@ centroids\n' + CEN,
         '@@ only 79, 01\n' + json.dumps(units, ensure_ascii=False) + '\n@@ centroids\n' + CEN + '26734,79,106.7,10.77,1\n',
         json.dumps([prov('1', 'X', [])]), json.dumps([prov('02', 'Y', [ward('00004', '03', 'Z')])]),
         json.dumps(units) + '\n@@ centroids\n' + 'ward_code,province_code,lon,lat,area_km2\r\n00004,01,1e400,nan,-0\n,,,,,\n',
         '[]', '[{"Code":"01","Wards":{}}]']
for i, a in enumerate(areas):
    put('areas', '%02d' % i, a)
print('seeds written under', ROOT)
