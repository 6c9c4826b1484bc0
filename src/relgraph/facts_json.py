"""``DocFacts`` as the flat facts JSON of ``../shared/eval/FORMAT.md`` (one object per document).

The RDF graph is the product; this export carries the same facts for scripts, spreadsheets and the
scorer. Negated ties are left out here (they did not happen) but stay in the RDF with their modality.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from relgraph.model import DocFacts

__all__ = ["facts_to_json", "write_facts_jsonl"]


def facts_to_json(facts: DocFacts) -> dict[str, Any]:
    entities = []
    for e in facts.entities:
        entities.append({
            "id": e.id, "type": e.type, "label": e.label, "label_en": e.label_en, "wikidata": e.wikidata,
            "key": e.key,
            **({"office": e.office} if e.office else {}),
            **({"state": e.state} if e.state else {}),
            **({"attributes": [list(a) for a in e.attributes]} if e.attributes else {}),
            "mentions": [{"start": m.start, "end": m.end, "text": m.text, "method": m.method,
                          "confidence": round(m.confidence, 3)} for m in e.mentions],
        })
    relations = []
    for r in facts.relations:
        if r.modality == "negated":
            continue
        relations.append({
            "type": r.type, "source": r.source, "target": r.target, "date": r.date, "cameo": r.cameo,
            "plover": r.plover, "modality": r.modality,
            **({"role": r.role} if r.role else {}),
            **({"speaker": r.speaker} if r.speaker else {}),
            **({"place": r.place} if r.place else {}),
            "evidence": {"start": r.evidence.start, "end": r.evidence.end, "text": r.evidence.text,
                         "sentence": r.evidence.sentence, "method": r.evidence.method,
                         "confidence": round(r.evidence.confidence, 3)},
        })
    return {
        "doc": facts.doc.id,
        "entities": entities,
        "relations": relations,
        "dates": [{"start": t.start, "end": t.end, "text": t.text, "value": t.value} for t in facts.times],
        "quantities": [{"start": q.start, "end": q.end, "text": q.text, "value": q.value, "unit": q.unit}
                       for q in facts.quantities],
    }


def write_facts_jsonl(all_facts: Iterable[DocFacts], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for f in all_facts:
            fh.write(json.dumps(facts_to_json(f), ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n
