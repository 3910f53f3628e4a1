package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ciRunSteps returns the shell lines of the run: steps of a GitHub Actions
// workflow, in order: `run: CMD` and `run: |` blocks (the lines indented
// deeper than the key). A minimal reader of the YAML this project writes,
// not a YAML parser.
func ciRunSteps(t *testing.T, workflow string) [][]string {
	t.Helper()
	key := regexp.MustCompile(`^(\s*)(?:- )?run: ?(.*)$`)
	lines := strings.Split(workflow, "\n")
	var steps [][]string
	for i := 0; i < len(lines); i++ {
		m := key.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		if v := strings.TrimSpace(m[2]); v != "|" {
			steps = append(steps, []string{v})
			continue
		}
		indent := len(m[1])
		var block []string
		for i+1 < len(lines) {
			next := lines[i+1]
			if strings.TrimSpace(next) != "" && len(next)-len(strings.TrimLeft(next, " ")) <= indent {
				break
			}
			if l := strings.TrimSpace(next); l != "" {
				block = append(block, l)
			}
			i++
		}
		steps = append(steps, block)
	}
	return steps
}

// ciCommand is one stressql line of a step: its arguments, the file
// its stdout goes to ("" for none), and the exit codes the line accepts.
type ciCommand struct {
	args   []string
	stdout string
	accept []int
}

// ciParseStressql reads `stressql ARGS [> FILE] [|| [ $? -eq N ]]`, the only
// forms the workflow uses; anything else fails the test.
func ciParseStressql(t *testing.T, line string) ciCommand {
	t.Helper()
	c := ciCommand{accept: []int{0}}
	if head, tail, ok := strings.Cut(line, "||"); ok {
		m := regexp.MustCompile(`^\s*\[ \$\? -eq (\d+) \]\s*$`).FindStringSubmatch(tail)
		if m == nil {
			t.Fatalf("unsupported shell form after || in %q", line)
		}
		n, _ := strconv.Atoi(m[1])
		c.accept = append(c.accept, n)
		line = head
	}
	if head, file, ok := strings.Cut(line, ">"); ok {
		c.stdout = strings.TrimSpace(file)
		line = head
	}
	if strings.ContainsAny(line, "|&;$`\"'<>") {
		t.Fatalf("unsupported shell form in %q", line)
	}
	c.args = strings.Fields(line)[1:]
	return c
}

// TestCIRecipe: the workflow of docs/ci.md is docs/examples/github-actions.yml,
// and the stressql commands of its run: steps work as the workflow uses
// them, against the real servers, in a checkout made of one small
// scenario, with a baseline from an earlier run of it. Commands this build
// lacks (diff, run --html: built on other branches) are skipped and said
// so; the lines that need GitHub (gh, go install, the summary) are not run.
func TestCIRecipe(t *testing.T) {
	pg, rd := servers(t)
	doc, err := os.ReadFile("../../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("../../docs/examples/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(doc)
	if m == nil || !bytes.Equal(m[1], file) {
		t.Fatal("docs/ci.md's workflow is not docs/examples/github-actions.yml")
	}
	for _, want := range []string{"actions/upload-artifact", "actions/cache/restore", "actions/cache/save", "services:", "pull_request"} {
		if !bytes.Contains(file, []byte(want)) {
			t.Errorf("the workflow lacks %s", want)
		}
	}
	scenario, err := os.ReadFile("testdata/compare/steady/ping.hcl")
	if err != nil {
		t.Fatal(err)
	}

	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "scenarios", "ping.hcl"), scenario, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	env := map[string]string{"STRESSQL_POSTGRES_URL": pg, "STRESSQL_REDIS_URL": rd}

	root := newRootCommand(&globalOptions{})
	hasDiff := false
	for _, c := range root.Commands() {
		hasDiff = hasDiff || c.Name() == "diff"
	}
	runCmd, _, _ := root.Find([]string{"run"})
	hasHTML := runCmd.Flags().Lookup("html") != nil
	if hasDiff {
		// origin/main as the checkout would have it: the same scenarios.
		for _, args := range [][]string{{"init", "-q"}, {"add", "scenarios"},
			{"-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qm", "main"},
			{"update-ref", "refs/remotes/origin/main", "HEAD"}} {
			if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	}
	// The baseline main stored: an earlier run of the same scenario.
	if err := os.MkdirAll("baseline", 0o755); err != nil {
		t.Fatal(err)
	}
	if r := cliEnv(t, env, "run", "scenarios/", "--json", "baseline/results.json", "--interval", "500ms"); r.code != 0 {
		t.Fatalf("baseline run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	ran := map[string]bool{}
	for _, step := range ciRunSteps(t, string(file)) {
		for _, line := range step {
			switch {
			case strings.HasPrefix(line, "mkdir -p "):
				for _, d := range strings.Fields(line)[2:] {
					if err := os.MkdirAll(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				continue
			case !strings.HasPrefix(line, "stressql "):
				t.Logf("not run here (needs GitHub or is no stressql command): %s", line)
				continue
			}
			c := ciParseStressql(t, line)
			name := c.args[0]
			if name == "diff" && !hasDiff {
				t.Logf("SKIPPED: this build has no diff command: %s", line)
				continue
			}
			if name == "run" {
				if !hasHTML {
					t.Logf("this build has no run --html: running %q without it", line)
					c.args = ciDropFlag(c.args, "--html")
				}
				// Five intervals of the 3 s scenario for compare.
				c.args = append(c.args, "--interval", "500ms")
			}
			var out, errb bytes.Buffer
			g := &globalOptions{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
				getenv: func(k string) string { return env[k] }}
			code := execute(context.Background(), g, c.args)
			accepted := false
			for _, a := range c.accept {
				accepted = accepted || code == a
			}
			if !accepted {
				t.Errorf("%s: exit %d, want one of %v\nstdout:\n%s\nstderr:\n%s", line, code, c.accept, out.String(), errb.String())
			}
			if c.stdout != "" {
				if err := os.WriteFile(c.stdout, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ran[name] = true
		}
	}
	for _, name := range []string{"validate", "run", "compare"} {
		if !ran[name] {
			t.Errorf("the workflow has no stressql %s step", name)
		}
	}
	for _, f := range []string{"out/results.json", "out/junit.xml", "out/compare.md"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the workflow's steps did not write %s: %v", f, err)
		}
	}
	if hasHTML {
		if _, err := os.Stat("out/report.html"); err != nil {
			t.Errorf("no HTML report: %v", err)
		}
	}
	if md, _ := os.ReadFile("out/compare.md"); !bytes.Contains(md, []byte("| part | metric |")) || !bytes.Contains(md, []byte("0 regressed")) {
		t.Errorf("out/compare.md has no table or a regression:\n%s", md)
	}
}

// ciDropFlag removes flag and its value from args.
func ciDropFlag(args []string, flag string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		if args[i] == flag {
			i++
			continue
		}
		out = append(out, args[i])
	}
	return out
}
