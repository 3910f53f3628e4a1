package scenarios_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// controlsDir holds the negative controls: one file per control, a copy
// of a seed scenario with one thing broken. `stressql run scenarios/`
// does not read it (directories are not loaded recursively).
const controlsDir = "controls"

// controlMarker is the first line of a control file:
//
//	# control-of: SEED_SCENARIO  must-fail: CHECK[; CHECK...]
var controlMarker = regexp.MustCompile(`^# control-of: (\S+)\s+must-fail: (.+)$`)

// control is one negative control as its file declares it.
type control struct {
	file     string   // path of the control file
	of       string   // the seed scenario it breaks
	mustFail []string // the checks that must fail (others may fail too)
}

// name is the control's scenario name: its file's base name and
// "__control". The file is named after the seed scenario it breaks
// (NAME.hcl), or NAME__WHAT.hcl for a further control of it.
func (c control) name() string {
	return strings.TrimSuffix(filepath.Base(c.file), ".hcl") + "__control"
}

// readControls parses the marker of every control file.
func readControls(t *testing.T) []control {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(controlsDir, "*.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	var out []control
	for _, f := range files {
		if filepath.Base(f) == "vars.hcl" {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		first := ""
		if sc.Scan() {
			first = sc.Text()
		}
		fh.Close()
		m := controlMarker.FindStringSubmatch(first)
		if m == nil {
			t.Errorf("%s: first line %q is not a marker `# control-of: NAME  must-fail: CHECK[; CHECK...]`", f, first)
			continue
		}
		c := control{file: f, of: m[1]}
		if base := strings.TrimSuffix(filepath.Base(f), ".hcl"); base != c.of && !strings.HasPrefix(base, c.of+"__") {
			t.Errorf("%s: a control of %s is named %s.hcl or %s__WHAT.hcl", f, c.of, c.of, c.of)
		}
		for _, name := range strings.Split(m[2], ";") {
			if name = strings.TrimSpace(name); name != "" {
				c.mustFail = append(c.mustFail, name)
			}
		}
		if len(c.mustFail) == 0 {
			t.Errorf("%s: the marker names no check that must fail", f)
		}
		out = append(out, c)
	}
	return out
}

// noControl returns the seed scenarios scenarios/README.md lists, with a
// reason, as having no negative control: the lines "- `NAME`: reason" of
// its section "Scenarios without a control".
func noControl(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	in := false
	item := regexp.MustCompile("^- `([^`]+)`: (.+)")
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "#") {
			in = strings.Contains(line, "Scenarios without a control")
			continue
		}
		if m := item.FindStringSubmatch(line); in && m != nil {
			out[m[1]] = m[2]
		}
	}
	return out
}

// TestControlsCoverSeed: every seed scenario has a control, or is listed
// in README.md with the reason none can exist; every control breaks a
// seed scenario, names checks that scenario has, and is that scenario's
// copy under its file's name and "__control". Needs no server.
func TestControlsCoverSeed(t *testing.T) {
	t.Parallel()
	seedPlan := compile(t, ".", "baseline")
	ctlPlan := compile(t, controlsDir)
	seedChecks := map[string][]string{} // "name: condition" of each check
	for _, sc := range seedPlan.Scenarios {
		for _, c := range sc.Checks {
			seedChecks[sc.Name] = append(seedChecks[sc.Name], c.Name+": "+c.Condition)
		}
	}
	ctlByName := map[string]*plan.Scenario{}
	for _, sc := range ctlPlan.Scenarios {
		ctlByName[sc.Name] = sc
	}

	controls := readControls(t)
	has := map[string]bool{}
	for _, c := range controls {
		has[c.of] = true
		names, ok := seedChecks[c.of]
		if !ok {
			t.Errorf("%s: control of %q, which is no seed scenario", c.file, c.of)
			continue
		}
		for _, f := range c.mustFail {
			if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, f+": ") }) {
				t.Errorf("%s: must-fail check %q is not a check of %s (%q)", c.file, f, c.of, names)
			}
		}
		sc := ctlByName[c.name()]
		if sc == nil {
			t.Errorf("%s: defines no scenario %q", c.file, c.name())
			continue
		}
		if filepath.Clean(sc.Source.Filename) != filepath.Clean(c.file) {
			t.Errorf("scenario %q is in %s, want %s", sc.Name, sc.Source.Filename, c.file)
		}
		var got []string
		for _, ch := range sc.Checks {
			got = append(got, ch.Name+": "+ch.Condition)
		}
		if !slices.Equal(got, names) {
			t.Errorf("%s: checks differ from the seed scenario's (a control keeps the checks and breaks the scenario; copy them again):\n got %q\nwant %q", c.file, got, names)
		}
	}
	if len(ctlPlan.Scenarios) != len(controls) {
		t.Errorf("%s defines %d scenarios for %d control files", controlsDir, len(ctlPlan.Scenarios), len(controls))
	}
	without := noControl(t)
	for _, s := range seed {
		why, listed := without[s.name]
		switch {
		case has[s.name] && listed:
			t.Errorf("%s has a control but README.md lists it without one (%s)", s.name, why)
		case !has[s.name] && !listed:
			t.Errorf("%s has no control in %s/ and README.md does not say why", s.name, controlsDir)
		}
	}
	for name := range without {
		if _, ok := seedChecks[name]; !ok {
			t.Errorf("README.md lists %q without a control: no such seed scenario", name)
		}
	}
}

// TestControlsFail runs every control against the real servers: each must
// fail, and among its failed checks must be every check its marker names
// (a control that passes, errors, or fails only other checks fails this
// test: the named check is the one shown able to notice the breakage;
// other checks the breakage also trips are logged). Each control is a
// subtest named after its file, run alone, so that one control runs
// with -run 'TestControlsFail/NAME' (NAME: the file's base name).
func TestControlsFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the controls against the servers")
	}
	targets := testenv.Targets(t, "postgres", "redis")
	controls := readControls(t)
	pl := compile(t, controlsDir)
	byName := map[string]*plan.Scenario{}
	for _, sc := range pl.Scenarios {
		byName[sc.Name] = sc
	}
	for _, c := range controls {
		t.Run(strings.TrimSuffix(filepath.Base(c.file), ".hcl"), func(t *testing.T) {
			sc := byName[c.name()]
			if sc == nil {
				t.Fatalf("%s: defines no scenario %s", c.file, c.name())
			}
			run := engine.Run(context.Background(), &plan.Plan{Scenarios: []*plan.Scenario{sc}}, engine.Options{Targets: targets, Seed: 1, Judge: checks.Evaluate})
			var s *results.ScenarioRun
			for _, r := range run.Scenarios {
				if r.Name == c.name() {
					s = r
				}
			}
			if s == nil {
				t.Fatalf("%s: control %s did not run", c.file, c.name())
			}
			var failed []string
			var why []string
			for _, ch := range s.Checks {
				if !ch.Passed {
					failed = append(failed, ch.Name)
					why = append(why, fmt.Sprintf("%q: %s", ch.Name, ch.Message))
				}
			}
			var missing []string
			for _, name := range c.mustFail {
				if !slices.Contains(failed, name) {
					missing = append(missing, name)
				}
			}
			switch {
			case s.Status == results.StatusPass:
				t.Errorf("%s: control passed: no check of %s notices what the control broke (want %q to fail)", c.file, c.of, c.mustFail)
			case s.Status != results.StatusFail:
				t.Errorf("%s: control ended %s, want fail by %q: %v", c.file, s.Status, c.mustFail, s.Errors)
			case len(missing) > 0:
				t.Errorf("%s: control failed %q but not %q: the wrong check caught it; %s", c.file, failed, missing, strings.Join(why, "; "))
			default:
				t.Logf("%s: failed %q as it must (%.1fs); %s", c.file, failed, s.DurationMs/1000, strings.Join(why, "; "))
			}
		})
	}
}
