#!/usr/bin/env python3
"""Resolves merge conflicts in the Go model files where both sides only added fields or
edited comments near each other: keeps the union of the field declarations, preferring the
side that has more of them (and its comments). Prints the hunks it could not decide."""
import re, sys

def fields(lines):
    out = set()
    for l in lines:
        s = l.strip()
        if not s or s.startswith("//"):
            continue
        out.add(re.sub(r"\s+", " ", s))
    return out

def resolve(path):
    src = open(path).read().split("\n")
    out, i, undecided = [], 0, 0
    while i < len(src):
        if not src[i].startswith("<<<<<<< "):
            out.append(src[i]); i += 1; continue
        j = src.index("=======", i)
        k = next(n for n in range(j, len(src)) if src[n].startswith(">>>>>>> "))
        ours, theirs = src[i+1:j], src[j+1:k]
        fo, ft = fields(ours), fields(theirs)
        if ft <= fo:
            out += ours
        elif fo <= ft:
            out += theirs
        else:
            # Both added different fields: ours, then the field lines only theirs has (with
            # the comment lines just above them).
            out += ours
            block = []
            for l in theirs:
                block.append(l)
                s = l.strip()
                if s and not s.startswith("//"):
                    if re.sub(r"\s+", " ", s) not in fo:
                        out += block
                    block = []
            undecided += 1
            print("merged both sides of a hunk in %s at line %d: check it" % (path, len(out)))
        i = k + 1
    open(path, "w").write("\n".join(out))

for p in sys.argv[1:]:
    resolve(p)
