#!/usr/bin/env python3
"""Checks the example workflow docs/examples/awf-diag-preflight.yml (python3-yaml) for the fields the
CI recipe in docs/ci.md depends on. Prints one line per problem; exit 0 when there is none.

  check_workflow.py WORKFLOW.yml"""
import re
import sys

import yaml


def main(argv):
    wf = yaml.safe_load(open(argv[1]))
    problems = []

    def need(cond, what):
        if not cond:
            problems.append(what)

    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    need(isinstance(triggers, dict) and "workflow_dispatch" in triggers, "on: workflow_dispatch")
    need(wf.get("permissions", {}).get("issues") == "write", "permissions.issues: write (gh issue create)")
    report_dir = wf.get("env", {}).get("REPORT_DIR", "")
    need(report_dir.startswith("/tmp/"), "env.REPORT_DIR on the runner's /tmp (visible in awf's chroot)")
    jobs = wf.get("jobs", {})
    need(len(jobs) == 1, "one job")
    steps = next(iter(jobs.values()), {}).get("steps", []) if jobs else []
    runs = [s.get("run", "") for s in steps]

    def step_with(pattern):
        for s in steps:
            if re.search(pattern, s.get("run", ""), re.S):
                return s
        return None

    install = step_with(r"install -m 0755 awf-diag /usr/")
    need(install is not None, "a step installs awf-diag under /usr (host /usr is bind-mounted into the chroot)")
    pre = step_with(r"\bawf\b.*\s--\s")
    need(pre is not None, "a step runs `awf ... -- <command>`")
    if pre:
        run = pre["run"]
        cmd = run.split(" -- ", 1)[1] if " -- " in run else ""
        need(re.search(r"/usr/local/bin/awf-diag check-chain -o json", cmd), "awf's command is awf-diag check-chain -o json")
        need("$REPORT_DIR/report.json" in cmd, "the JSON lands in $REPORT_DIR/report.json inside the sandbox")
        need("--junit-file $REPORT_DIR/junit.xml" in cmd, "--junit-file beside the JSON")
        need("ANTHROPIC_API_KEY" in pre.get("env", {}), "the real key goes to awf (sidecar), via the step env")
        need(re.search(r"sudo -E awf", run), "awf runs with sudo -E (keeps the key in its environment)")
        need("--proxy-logs-dir" in run, "--proxy-logs-dir keeps Squid/api-proxy logs for analyze")
    summary = step_with(r"awf-diag report \"\$REPORT_DIR/report.json\" -o github")
    need(summary is not None and summary.get("if") == "always()" and summary.get("id"),
         "an always() step with an id re-renders the report with -o github (annotations + $GITHUB_STEP_SUMMARY)")
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@v")]
    need(len(upload) == 1 and upload[0].get("if") == "always()", "upload-artifact runs always()")
    if upload:
        need(upload[0].get("with", {}).get("path", "").rstrip("/") == report_dir.rstrip("/"),
             "the artifact is REPORT_DIR (report.json, junit.xml, firewall-logs)")
    issue = step_with(r"gh issue create")
    need(issue is not None, "a step opens an issue with gh issue create")
    if issue:
        need("--body-file" in issue["run"], "gh issue create --body-file")
        need(re.search(r"-o markdown > \"\$RUNNER_TEMP/awf-diag-issue.md\"", issue["run"]), "the body is -o markdown")
        need("GH_TOKEN" in issue.get("env", {}), "GH_TOKEN for gh")
        sid = summary.get("id") if summary else None
        need(sid and f"steps.{sid}.outputs.exit_code != '0'" in str(issue.get("if", "")),
             "the issue step runs when the report's exit code is not 0")
    need(any("exit ${{ steps." in r for r in runs), "the job fails with awf-diag's exit code")
    for p in problems:
        print("workflow: missing or wrong:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
