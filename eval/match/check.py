"""Consistency check for the hand-labelled policy-matcher set (stdlib only).

Run from /work/main:  python eval/match/check.py
Exit code 0 = all checks pass, 1 = at least one check failed (details printed).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_DIR = '/work/shared/data/crud-rag-news/data/80000_docs'  # read-only source; verbatim check skipped if absent

# Targets from the brief.
MIN_LOCAL_ITEMS = 300
MIN_LOCAL_PLACES = 30

LEVELS = {'national', 'province', 'city', 'county'}
INSTRUMENTS = {'subsidy', 'award', 'tax', 'fee_relief', 'rent', 'loan', 'talent', 'land', 'service', 'other'}
PROFILE_KEYS = {'region', 'province', 'industry', 'size', 'employees', 'founded_year', 'revenue_wan', 'rd_ratio',
                'qualifications', 'talent', 'needs'}
SIZES = {'大型', '中型', '小型', '微型'}

# Administrative parents for the places used by profiles (place -> containing place); province-level units map to None.
# Used only to re-check the hard region rule of the labels.
PARENT = {
    '鼓楼区': '南京市', '南京市': '江苏省',
    '常山县': '衢州市', '衢江区': '衢州市', '衢州市': '浙江省', '嘉兴市': '浙江省',
    '浦东新区': '上海市', '杨浦区': '上海市',
    '渝北区': '重庆市',
    '成都市': '四川省', '长沙市': '湖南省', '郑州市': '河南省', '赣州市': '江西省', '青岛市': '山东省',
    '龙岗区': '深圳市', '深圳市': '广东省',
    '南宁市': '广西壮族自治区', '朝阳区': '北京市',
}

errors = []


def err(msg):
    errors.append(msg)


def chain(place):
    out = []
    while place:
        out.append(place)
        place = PARENT.get(place)
    return out + ['全国']


def main():
    news = []
    with open(os.path.join(HERE, 'news.jsonl'), encoding='utf-8') as f:
        for ln, line in enumerate(f, 1):
            r = json.loads(line)
            if list(r) != ['file', 'from', 'issuer_place', 'province', 'level', 'measures']:
                err(f'news.jsonl:{ln} field order/keys {list(r)}')
            news.append(r)

    by_file = {}
    files_seen = set()
    src_cache = {}
    bodies = set()
    for r in news:
        fn = r['file']
        if fn in files_seen:
            err(f'duplicate file entry {fn}')
        files_seen.add(fn)
        path = os.path.join(HERE, 'news', fn)
        if not os.path.exists(path):
            err(f'missing file {fn}')
            continue
        text = open(path, encoding='utf-8').read()
        if not text.endswith('\n') or text.endswith('\n\n'):
            err(f'{fn}: must end with exactly one newline')
        body = text[:-1] if text.endswith('\n') else text
        if body in bodies:
            err(f'{fn}: duplicate body')
        bodies.add(body)
        # verbatim check against the source line
        src, _, line_no = r['from'].rpartition(':')
        sp = os.path.join(SRC_DIR, src)
        if os.path.exists(sp):
            if src not in src_cache:
                src_cache[src] = open(sp, encoding='utf-8').read().split('\n')
            line = src_cache[src][int(line_no) - 1]
            k = line.find('，正文：')
            if k < 0 or line[k + 4:] != body:
                err(f'{fn}: text differs from {r["from"]}')
        if r['level'] not in LEVELS:
            err(f'{fn}: bad level {r["level"]}')
        if (r['level'] == 'national') != (r['issuer_place'] == '全国'):
            err(f'{fn}: national level must go with issuer_place 全国')
        if r['level'] == 'national' and r['province'] != '':
            err(f'{fn}: national item must have empty province')
        if not 1 <= len(r['measures']) <= 6:
            err(f'{fn}: {len(r["measures"])} measures (need 1-6)')
        for m in r['measures']:
            if list(m) != ['quote', 'for', 'instrument']:
                err(f'{fn}: measure keys {list(m)}')
            if m['instrument'] not in INSTRUMENTS:
                err(f'{fn}: bad instrument {m["instrument"]}')
            if not m['quote'] or m['quote'] not in text:
                err(f'{fn}: quote not in file: {m["quote"][:40]}')
        by_file[fn] = r

    on_disk = {x for x in os.listdir(os.path.join(HERE, 'news')) if x.endswith('.txt')}
    for extra in sorted(on_disk - files_seen):
        err(f'file on disk not in news.jsonl: {extra}')

    profiles = []
    with open(os.path.join(HERE, 'profiles.jsonl'), encoding='utf-8') as f:
        for line in f:
            profiles.append(json.loads(line))
    pairs = 0
    regions = set()
    for p in profiles:
        pid = p['id']
        if list(p) != ['id', 'profile', 'applicable', 'note']:
            err(f'{pid}: keys {list(p)}')
        bad = set(p['profile']) - PROFILE_KEYS
        if bad:
            err(f'{pid}: unknown profile keys {bad}')
        if 'size' in p['profile'] and p['profile']['size'] not in SIZES:
            err(f'{pid}: bad size')
        region = p['profile'].get('region')
        regions.add(region)
        allowed = chain(region) if region in PARENT or region is None else None
        if allowed is None:
            err(f'{pid}: region {region} not in PARENT map of check.py')
        seen = set()
        for a in p['applicable']:
            pairs += 1
            r = by_file.get(a['file'])
            if r is None:
                err(f'{pid}: unknown file {a["file"]}')
                continue
            if a['quote'] not in [m['quote'] for m in r['measures']]:
                err(f'{pid}: quote is not a measure quote of {a["file"]}: {a["quote"][:40]}')
            if (a['file'], a['quote']) in seen:
                err(f'{pid}: duplicate label {a["file"]}')
            seen.add((a['file'], a['quote']))
            if allowed is not None and r['issuer_place'] not in allowed:
                err(f'{pid}: region rule violated: {region} vs issuer {r["issuer_place"]} ({a["file"]})')

    local = [r for r in news if r['level'] != 'national']
    places = {(r['province'], r['issuer_place']) for r in local}
    provinces = {r['province'] for r in local}
    n_meas = sum(len(r['measures']) for r in news)
    from collections import Counter
    lv = Counter(r['level'] for r in news)
    print(f'items: {len(news)}  (local {len(local)}, national {len(news) - len(local)}; by level {dict(lv)})')
    print(f'measures: {n_meas}')
    print(f'distinct local issuing places: {len(places)}  provinces (incl. municipalities/regions): {len(provinces)}')
    print(f'profiles: {len(profiles)}  distinct profile regions: {len(regions)}  labelled pairs: {pairs}  '
          f'empty-label profiles: {sum(1 for p in profiles if not p["applicable"])}')

    if len(places) < MIN_LOCAL_PLACES:
        err(f'only {len(places)} local places (target >= {MIN_LOCAL_PLACES})')
    if len(local) < MIN_LOCAL_ITEMS:
        err(f'only {len(local)} local items (target >= {MIN_LOCAL_ITEMS}) -- see README "Shortfall"')

    if errors:
        print(f'\nFAILED checks ({len(errors)}):')
        for e in errors:
            print('  -', e)
        return 1
    print('\nall checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
