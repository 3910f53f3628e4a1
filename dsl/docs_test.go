package dsl_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stressql/stressql/drivers/redis/rediscmd"
	"github.com/stressql/stressql/dsl"
)

// docSection returns the text of docs/dsl.md from the first line holding
// start to the next blank line.
func docSection(t *testing.T, start string) string {
	t.Helper()
	doc, err := os.ReadFile("../docs/dsl.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.Index(text, start)
	if i < 0 {
		t.Fatalf("docs/dsl.md has no %q", start)
	}
	text = text[i:]
	if j := strings.Index(text, "\n\n"); j >= 0 {
		text = text[:j]
	}
	return text
}

var codeSpan = regexp.MustCompile("`([a-zA-Z_]+)`")

// TestDocsFunctions: docs/dsl.md lists exactly the functions scenarios may
// call.
func TestDocsFunctions(t *testing.T) {
	t.Parallel()
	text := docSection(t, "- **Functions**")
	text = text[:strings.Index(text, "They are cty's")]
	var listed []string
	for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
		listed = append(listed, m[1])
	}
	slices.Sort(listed)
	if got, want := strings.Join(listed, " "), strings.Join(dsl.FunctionNames(), " "); got != want {
		t.Errorf("docs list functions\n%s\nbut scenarios may call\n%s", got, want)
	}
}

// TestDocsCommandPolicy: the Redis steps section of docs/dsl.md lists
// exactly the allowed commands of drivers/redis/rediscmd, by category in order,
// and every dangerous group with its commands and the reason the
// diagnostics give.
func TestDocsCommandPolicy(t *testing.T) {
	t.Parallel()
	spans := regexp.MustCompile("`([A-Z_-]+(?: [A-Z]+)?)`")
	rows := func(start string) [][]string {
		var out [][]string
		for _, line := range strings.Split(docSection(t, start), "\n")[2:] {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			out = append(out, cells)
		}
		return out
	}
	allowed := rows("| category | allowed commands |")
	if len(allowed) != len(rediscmd.Categories) {
		t.Fatalf("docs list %d categories, the table has %d", len(allowed), len(rediscmd.Categories))
	}
	for i, cat := range rediscmd.Categories {
		var want, got []string
		for _, c := range rediscmd.Table {
			if c.Category == cat {
				want = append(want, c.FullName())
			}
		}
		for _, m := range spans.FindAllStringSubmatch(allowed[i][1], -1) {
			got = append(got, m[1])
		}
		if allowed[i][0] != string(cat) || !slices.Equal(got, want) {
			t.Errorf("docs row %d: %s: %v\nthe table: %s: %v", i+1, allowed[i][0], got, cat, want)
		}
	}
	groups := rows("| group | commands | refused because |")
	if len(groups) != len(rediscmd.Groups) {
		t.Fatalf("docs list %d dangerous groups, the policy has %d", len(groups), len(rediscmd.Groups))
	}
	lead := regexp.MustCompile("^(?:`[A-Z_-]+` ?)*")
	for i, g := range rediscmd.Groups {
		var got []string
		for _, m := range spans.FindAllStringSubmatch(lead.FindString(groups[i][1]), -1) {
			got = append(got, m[1])
		}
		if groups[i][0] != g.Name || !slices.Equal(got, g.Commands) || groups[i][2] != g.Reason {
			t.Errorf("docs row %d: %q %v %q\nthe policy: %q %v %q", i+1, groups[i][0], got, groups[i][2], g.Name, g.Commands, g.Reason)
		}
	}
}
