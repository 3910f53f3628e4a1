package results

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
)

// dslDoc is docs/dsl.md.
func dslDoc(t *testing.T) string {
	t.Helper()
	b, err := readDoc("../docs/dsl.md")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readDoc(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// docTable returns the rows of the docs/dsl.md table under header.
func docTable(t *testing.T, doc, header string) []string {
	t.Helper()
	i := strings.Index(doc, header)
	if i < 0 {
		t.Fatalf("docs/dsl.md has no table starting %q", header)
	}
	text := doc[i+len(header):]
	if j := strings.Index(text, "\n\n"); j >= 0 {
		text = text[:j]
	}
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}

func codeList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return strings.Join(quoted, ", ")
}

// TestErrorKindTable: names unique, precedences a permutation of 1..n,
// every kind documented, at least one kind not retried by default (a
// retry of everything would retry an open breaker's rejections).
func TestErrorKindTable(t *testing.T) {
	t.Parallel()
	var ranks []int
	seen := map[string]bool{}
	for _, k := range ErrorKindTable {
		if seen[k.Name] || k.Name == "" || k.Doc == "" {
			t.Errorf("kind %q: empty, duplicate or undocumented", k.Name)
		}
		seen[k.Name] = true
		ranks = append(ranks, k.Precedence)
	}
	sort.Ints(ranks)
	for i, r := range ranks {
		if r != i+1 {
			t.Fatalf("precedences %v are not 1..%d", ranks, len(ranks))
		}
	}
	if len(RetriedByDefault())+len(NotRetriedByDefault()) != len(ErrorKinds) || len(NotRetriedByDefault()) == 0 {
		t.Errorf("retried %v, not retried %v", RetriedByDefault(), NotRetriedByDefault())
	}
	if !slices.Contains(NotRetriedByDefault(), "breaker_open") {
		t.Error("breaker_open must not be retried by default")
	}
}

// TestErrorKindDocs: docs/dsl.md's error kind table has the table's rows
// in precedence order, and every place of docs/dsl.md that lists the
// kinds lists all of them, in report order.
func TestErrorKindDocs(t *testing.T) {
	t.Parallel()
	doc := dslDoc(t)
	byRank := slices.Clone(ErrorKindTable)
	slices.SortFunc(byRank, func(a, b ErrorKind) int { return a.Precedence - b.Precedence })
	var want []string
	for _, k := range byRank {
		want = append(want, "| `"+k.Name+"` | "+k.Doc+" |")
	}
	got := docTable(t, doc, "| kind | the iteration failed because |\n|---|---|\n")
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("error kind table row %d:\n docs  %s\n table %s", i+1, g, w)
		}
	}
	// The lists of kinds may wrap across lines in the docs.
	flat := strings.Join(strings.Fields(doc), " ")
	for _, want := range []string{
		"`on` names one or more [error kinds](#error-kinds) (" + codeList(ErrorKinds) + ")",
		"| `errors.KIND` | failed iterations by [kind](#error-kinds): " + codeList(ErrorKinds) + " |",
		"# error kinds retried (default: all but " + strings.Join(NotRetriedByDefault(), ", ") + ")",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("docs/dsl.md lacks %q", want)
		}
	}
}
