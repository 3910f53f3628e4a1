package dsl_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

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

// TestDocsDangerousCommands: docs/dsl.md lists exactly the commands that
// need allow_dangerous.
func TestDocsDangerousCommands(t *testing.T) {
	t.Parallel()
	text := docSection(t, "Dangerous commands")
	var listed []string
	for _, m := range regexp.MustCompile("`([A-Z]+)`").FindAllStringSubmatch(text, -1) {
		listed = append(listed, m[1])
	}
	if got, want := strings.Join(listed, " "), strings.Join(dsl.DangerousCommands, " "); got != want {
		t.Errorf("docs list dangerous commands\n%s\nbut the code rejects\n%s", got, want)
	}
}
