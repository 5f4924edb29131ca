#!/usr/bin/env python3
"""An independent computation of the agreement figures of cases.json, written to
expected.json, which tests/agreement_reference.rs compares Dossier's figures with.

Run once (CI does not need Python):  pip install krippendorff scikit-learn
                                     python3 tests/agreement_reference/check.py

Unlike Dossier, which sweeps over span boundaries, this builds one value per char: for
each tag and coder, 1 where an annotation of that coder carrying the tag or one of its
sub-tags covers the char, else 0, over the concatenated documents that every compared
coder coded (made an annotation in, or listed in coded_by). Krippendorff's alpha (nominal)
comes from the `krippendorff` package, Cohen's kappa from scikit-learn's
`cohen_kappa_score`; percent agreement is the mean over pairs of coders of the share of
chars they agree on.
"""

import importlib.metadata
import itertools
import json
import math
import pathlib
import warnings

import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score

HERE = pathlib.Path(__file__).parent


def descendants(tags, name):
    """The tag and every tag below it."""
    out = [name]
    for current in out:
        out.extend(t["name"] for t in tags if t["parent"] == current)
    return set(out)


def figures(case):
    annotations = case["annotations"]
    coders = case.get("coders") or sorted(
        {a["coder"] for a in annotations}
        | {c for cs in case.get("coded_by", {}).values() for c in cs}
    )
    coded = {doc: set(case.get("coded_by", {}).get(doc, [])) for doc in case["documents"]}
    for a in annotations:
        coded[a["document"]].add(a["coder"])
    documents = [d for d in sorted(case["documents"]) if set(coders) <= coded[d]]
    offset, total = {}, 0
    for d in documents:
        offset[d] = total
        total += case["documents"][d]
    rows = []
    for tag in case["tags"]:
        wanted = descendants(case["tags"], tag["name"])
        values = np.zeros((len(coders), total), dtype=int)
        for a in annotations:
            if a["document"] in offset and a["coder"] in coders and wanted & set(a["tags"]):
                base = offset[a["document"]]
                values[coders.index(a["coder"]), base + a["start"] : base + a["end"]] = 1
        pairs = list(itertools.combinations(range(len(coders)), 2))
        percent = 100 * sum((values[i] == values[j]).mean() for i, j in pairs) / len(pairs)
        kappa = alpha = None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if len(coders) == 2:
                kappa = float(cohen_kappa_score(values[0], values[1]))
            try:
                alpha = float(
                    krippendorff.alpha(reliability_data=values, level_of_measurement="nominal")
                )
            except (ValueError, ZeroDivisionError):
                alpha = None  # one value only: the package refuses
        rows.append(
            {
                "tag": tag["name"],
                "characters": int(values.max(axis=0).sum()),
                "percent_agreement": float(percent),
                "cohen_kappa": None if kappa is None or math.isnan(kappa) else kappa,
                "krippendorff_alpha": None if alpha is None or math.isnan(alpha) else alpha,
            }
        )
    return {"coders": coders, "documents": len(documents), "tags": rows}


def main():
    cases = json.loads((HERE / "cases.json").read_text())["cases"]
    expected = {
        "computed_with": {
            "krippendorff": importlib.metadata.version("krippendorff"),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
        },
        "cases": {case["name"]: figures(case) for case in cases},
    }
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(json.dumps(expected, indent=2))


if __name__ == "__main__":
    main()
