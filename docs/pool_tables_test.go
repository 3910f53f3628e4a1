package docs

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// poolTable returns the rows (attribute, type, default, meaning) of the
// table that follows the line "TITLE (" in dsl.md's pool section.
func poolTable(t *testing.T, title string) [][4]string {
	t.Helper()
	src, err := os.ReadFile("dsl.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	start := strings.Index(text, "\n## pool\n")
	end := strings.Index(text, "\n## load\n")
	if start < 0 || end < start {
		t.Fatal("dsl.md has no pool section before the load section")
	}
	lines := strings.Split(text[start:end], "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, title+" (") })
	if at < 0 {
		t.Fatalf("dsl.md's pool section has no table for %s (a line starting %q)", title, title+" (")
	}
	var rows [][4]string
	for _, l := range lines[at+1:] {
		l = strings.TrimSpace(l)
		if l == "" && len(rows) == 0 {
			continue
		}
		if !strings.HasPrefix(l, "|") {
			break
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		if len(cells) != 4 {
			t.Fatalf("%s table row %q: want 4 cells", title, l)
		}
		var row [4]string
		for i, c := range cells {
			row[i] = strings.TrimSpace(c)
		}
		if row[0] == "attribute" || strings.HasPrefix(row[0], "---") {
			continue
		}
		rows = append(rows, row)
	}
	return rows
}

// docDefault is how the table writes an attribute's default.
func docDefault(a drivers.PoolAttr) string {
	switch v := a.Default.(type) {
	case time.Duration:
		return fmt.Sprintf("`%q`", dsl.FormatDuration(v))
	case string:
		return fmt.Sprintf("`%q`", v)
	}
	return fmt.Sprintf("`%v`", a.Default)
}

// TestPoolTablesMatchDescriptors: each driver's pool table in dsl.md lists
// exactly its descriptor's attributes, in order, with their type, default
// and description, so the docs cannot drift from what validate and plan
// do.
func TestPoolTablesMatchDescriptors(t *testing.T) {
	for _, d := range registry.Default().All() {
		rows := poolTable(t, d.Title)
		var got, want []string
		for _, r := range rows {
			got = append(got, strings.Join(r[:], " | "))
		}
		for _, a := range d.Pool {
			want = append(want, strings.Join([]string{"`" + a.Name + "`", string(a.Type), docDefault(a), a.Description}, " | "))
		}
		if !slices.Equal(got, want) {
			t.Errorf("dsl.md's %s pool table differs from %s.Descriptor's attributes:\n--- docs\n%s\n--- descriptor\n%s",
				d.Title, d.Name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
