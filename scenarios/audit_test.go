package scenarios_test

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAuditTableNamesChecks keeps scenarios/README.md's audit table true
// to the files: every line number a scenario's row cites (":NNN") is the
// line of one of that scenario's checks, so a reviewer following a
// reference lands on the check it names. Edits that move checks must
// update the table.
func TestAuditTableNamesChecks(t *testing.T) {
	checks := map[string]map[int]string{} // scenario → line → check name
	scenarioRe := regexp.MustCompile(`^scenario "([^"]+)"`)
	checkRe := regexp.MustCompile(`^\s+check "([^"]+)"`)
	for _, f := range []string{"postgres.hcl", "redis.hcl", "edge.hcl"} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		var scenario string
		for n := 1; sc.Scan(); n++ {
			if m := scenarioRe.FindStringSubmatch(sc.Text()); m != nil {
				scenario = m[1]
				checks[scenario] = map[int]string{}
			}
			if m := checkRe.FindStringSubmatch(sc.Text()); m != nil && scenario != "" {
				checks[scenario][n] = m[1]
			}
		}
		fh.Close()
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rowRe := regexp.MustCompile("^\\| `([^`]+)` \\|")
	refRe := regexp.MustCompile(`(?:\w+\.hcl)?:(\d+)\b`)
	rows := 0
	for _, line := range strings.Split(string(readme), "\n") {
		m := rowRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		byLine, ok := checks[m[1]]
		if !ok {
			continue // a row of another table (baselines, simulations)
		}
		refs := refRe.FindAllStringSubmatch(line, -1)
		if len(refs) == 0 {
			continue
		}
		rows++
		for _, r := range refs {
			n, _ := strconv.Atoi(r[1])
			if _, ok := byLine[n]; !ok {
				t.Errorf("README.md's row for %s cites line %d, which is not one of its checks (its checks are on lines %v)", m[1], n, keys(byLine))
			}
		}
	}
	if rows < 40 {
		t.Fatalf("found %d audit rows citing lines; the audit table covers the 50 scenarios", rows)
	}
}

func keys(m map[int]string) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
