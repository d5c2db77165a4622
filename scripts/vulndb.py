#!/usr/bin/env python3
"""Builds a local Go vulnerability database (the v1 layout govulncheck reads with -db file://)
from the OSV entries of the golang.org/x/vulndb module, which the Go module proxy serves.
This machine cannot reach vuln.go.dev; the entries are the same ones it publishes.

usage: vulndb.py VULNDB_MODULE_DIR OUT_DIR"""
import json, os, re, sys

def semver_key(v):
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?", v)
    if not m:
        return (0, 0, 0, 0, "")
    major, minor, patch, pre = int(m[1]), int(m[2]), int(m[3]), m[4]
    return (major, minor, patch, 0 if pre else 1, pre or "")

def main(src, out):
    osv_dir = os.path.join(src, "data", "osv")
    os.makedirs(os.path.join(out, "index"), exist_ok=True)
    os.makedirs(os.path.join(out, "ID"), exist_ok=True)
    modules, vulns, latest = {}, [], ""
    for name in sorted(os.listdir(osv_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(osv_dir, name)) as f:
            entry = json.load(f)
        with open(os.path.join(out, "ID", name), "w") as f:
            json.dump(entry, f)
        mod = entry["modified"]
        latest = max(latest, mod)
        vulns.append({"id": entry["id"], "modified": mod, "aliases": entry.get("aliases", [])})
        for aff in entry.get("affected", []):
            path = aff["package"]["name"]
            fixed = ""
            for r in aff.get("ranges", []):
                for ev in r.get("events", []):
                    if "fixed" in ev and semver_key(ev["fixed"]) > semver_key(fixed or "0.0.0"):
                        fixed = ev["fixed"]
            mv = {"id": entry["id"], "modified": mod}
            if fixed:
                mv["fixed"] = fixed
            modules.setdefault(path, {}).setdefault(entry["id"], mv)
    with open(os.path.join(out, "index", "db.json"), "w") as f:
        json.dump({"modified": latest}, f)
    with open(os.path.join(out, "index", "modules.json"), "w") as f:
        json.dump([{"path": p, "vulns": list(v.values())} for p, v in sorted(modules.items())], f)
    with open(os.path.join(out, "index", "vulns.json"), "w") as f:
        json.dump(vulns, f)
    print("vulndb: %d entries, %d modules, modified %s" % (len(vulns), len(modules), latest))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
