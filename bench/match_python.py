"""Solve a singles-only instance with the Python `matching` package, for a
side-by-side comparison with `matchready match run` (bench/match.sh).

    python3 bench/match_python.py INSTANCE.json [RESULT.json]

Prints the solver time (construction excluded, as the package's own
`solve`), the whole run time, and how many applicants it matched. With a
second argument, checks that every applicant got the same program as in
RESULT.json (the applicant-optimal stable matching is unique).
"""
import json
import sys
import threading
import time

from matching.games import HospitalResident


def main():
    start = time.perf_counter()
    with open(sys.argv[1]) as f:
        instance = json.load(f)
    if instance.get("couples"):
        sys.exit("the matching package has no couples: use an instance generated with --couples 0")

    # The package needs mutual acceptability spelled out: keep only pairs that rank each other.
    ranked_by = {p["id"]: set(p["ranks"]) for p in instance["programs"]}
    resident_prefs = {a["id"]: [p for p in a["ranks"] if a["id"] in ranked_by[p]] for a in instance["applicants"]}
    wants = {a: set(ps) for a, ps in resident_prefs.items()}
    hospital_prefs = {p["id"]: [a for a in p["ranks"] if p["id"] in wants.get(a, ())] for p in instance["programs"]}
    capacities = {p["id"]: p["capacity"] for p in instance["programs"]}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    built = time.perf_counter()
    matching = game.solve(optimal="resident")
    solved = time.perf_counter()

    assignments = {}
    for hospital, residents in matching.items():
        for r in residents:
            assignments[r.name] = hospital.name
    print(f"python matching {__import__('matching').__version__}: solve {solved - built:.2f} s, whole run {solved - start:.2f} s, matched {len(assignments)}")

    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            ours = json.load(f)["assignments"]
        differ = sum(1 for a, p in ours.items() if assignments.get(a) != p)
        print(f"applicants placed differently from matchready: {differ}")


# The package deep-copies its object graph recursively: at NRMP scale that
# needs a deep stack.
sys.setrecursionlimit(10_000_000)
threading.stack_size(1 << 29)
worker = threading.Thread(target=main)
worker.start()
worker.join()
