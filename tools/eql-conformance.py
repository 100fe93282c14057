#!/usr/bin/env python3
"""Runs Elasticsearch's own EQL spec tests against `iplookup-sensor rules eval`.

Give it the query file and the data from an Elasticsearch checkout (they are not part of this repository):
  x-pack/plugin/eql/qa/common/src/main/resources/test_queries.toml
  x-pack/plugin/eql/qa/common/src/main/resources/test_data.json

  tools/eql-conformance.py test_queries.toml test_data.json [--sensor "dotnet .../iplookup-sensor.dll"] [--strict]

Every single-event query is run with --category-field event_type (the data's category field) and its
matches compared with expected_event_ids. sequence and sample queries are counted as skipped: the sensor
refuses them by name. Ends with "N passed, N failed, N skipped"; exits 1 if any failed.
"""
import argparse
import json
import shlex
import subprocess
import sys
import tomllib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("queries")
    parser.add_argument("data")
    parser.add_argument("--sensor", default="dotnet src/Sensor/bin/Debug/net10.0/iplookup-sensor.dll")
    parser.add_argument("--strict", action="store_true", help="run with --strict-null-logic")
    args = parser.parse_args()

    with open(args.queries, "rb") as f:
        queries = tomllib.load(f)["queries"]

    passed = failed = skipped = 0
    for case in queries:
        query = case["query"].strip()
        if query.split(None, 1)[0] in ("sequence", "sample"):
            skipped += 1
            continue
        command = shlex.split(args.sensor) + ["rules", "eval", "--query", query, "--category-field", "event_type", args.data]
        if args.strict:
            command.append("--strict-null-logic")
        run = subprocess.run(command, capture_output=True, text=True)
        got = [json.loads(line)["serial_event_id"] for line in run.stdout.splitlines() if line.strip()]
        if run.returncode == 0 and got == case["expected_event_ids"]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case['name']}: expected {case['expected_event_ids']}, got {got} {run.stderr.strip()}")

    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
