"""Prints the facts of a sysopt-scan SARIF file that scan-ci.test checks."""
import json
import sys

run = json.load(open(sys.argv[1]))["runs"][0]
driver = run["tool"]["driver"]
print("version", driver["version"], driver["semanticVersion"])
rules = driver["rules"]
print("rules", len(rules), "all-described",
      all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules),
      "all-help", all(r.get("helpUri") and r["help"]["markdown"] for r in rules))
for r in rules:
    if r["id"] == "sysopt-redundant-copy":
        print("rule", r["id"], "tags", r["properties"]["tags"])
print("srcroot", run["originalUriBaseIds"]["%SRCROOT%"]["uri"])
for res in run["results"]:
    loc = res["locations"][0]["physicalLocation"]
    print("result", res["ruleId"], loc["artifactLocation"]["uri"],
          loc["artifactLocation"]["uriBaseId"], loc["region"]["startLine"],
          "fingerprint", len(res["partialFingerprints"]["sysoptFindingHash/v1"]))
