#!/usr/bin/env python3
"""Writes src/compile/mappings/<name>.json, detctl's own step format, from the pipeline facts in
../shared/corpus/mappings/. Run by hand when those facts change; the output is committed."""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', '..', 'shared', 'corpus', 'mappings')
OUT = os.path.join(HERE, '..', 'src', 'compile', 'mappings')

def when(item):
    conds = item['rule_conditions']['conditions']
    out = {}
    for c in conds:
        assert c['type'] == 'LogsourceCondition'
        for k in ('category', 'product', 'service'):
            if c[k] is not None:
                out[k] = c[k]
    return out

def fields_of(group, kind):
    return [f for c in group['conditions'] if c['type'] == 'IncludeFieldCondition' and c['mode'] == kind for f in c['fields']]

def step(item):
    t = item['transformation']
    kind = t['type']
    base = {'id': item['id'], 'when': when(item)}
    if kind == 'AddConditionTransformation':
        assert not t['template'] and not t['negated']
        (field, values), = t['conditions'].items()
        return {**base, 'type': 'add-condition', 'field': field, 'values': values if isinstance(values, list) else [values]}
    if kind == 'FieldMappingTransformation':
        return {**base, 'type': 'rename', 'mapping': t['mapping']}
    if kind == 'AddFieldnamePrefixTransformation':
        group = item['field_name_conditions']
        assert group['linking'] == 'any' and group['negated']
        renamed = [c['processing_item_id'] for c in group['conditions'] if c['type'] == 'FieldNameProcessingItemAppliedCondition']
        return {**base, 'type': 'prefix', 'prefix': t['prefix'], 'unlessRenamedBy': renamed, 'unlessFieldMatches': fields_of(group, 're')}
    if kind == 'SetValueTransformation':
        cond, = item['detection_item_conditions']['conditions']
        assert cond['type'] == 'MatchValueCondition' and cond['cond'] == 'all'
        return {**base, 'type': 'set-value', 'fields': fields_of(item['field_name_conditions'], 'plain'), 'ifAllValuesEqual': cond['value'], 'value': t['sigma_value']['value']}
    if kind == 'ConvertTypeTransformation':
        assert t['target_type'] == 'str'
        return {**base, 'type': 'numbers-to-strings', 'exceptFields': fields_of(item['field_name_conditions'], 'plain'), 'unlessAnyValueNull': True}
    raise SystemExit(f'unknown transformation {kind}')

for name in ('ecs_windows', 'splunk_windows'):
    data = json.load(open(os.path.join(SRC, f'{name}.json')))
    out = {
        'name': name,
        'description': data['pipeline']['name'],
        'derivedFrom': {k: v for k, v in data['source'].items() if isinstance(v, dict)},
        'steps': [step(i) for i in data['items']],
    }
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print(name, len(out['steps']), 'steps')
