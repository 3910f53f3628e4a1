package format

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Diff returns a unified diff from the file as read to its canonical form
// ("" when nothing changes or the file has syntax errors).
func (r *Result) Diff() (string, error) {
	if !r.Changed() {
		return "", nil
	}
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        diffLines(r.Old),
		B:        diffLines(r.New),
		FromFile: "old/" + diffName(r.Filename),
		ToFile:   "new/" + diffName(r.Filename),
		Context:  3,
	})
	if err != nil {
		return "", fmt.Errorf("format: diff %s: %w", r.Filename, err)
	}
	return d, nil
}

// diffName is filename as a relative slash path, for old/ and new/ prefixes
// that patch -p1 understands.
func diffName(filename string) string {
	return strings.TrimLeft(filepath.ToSlash(filepath.Clean(filename)), "/")
}

// diffLines cuts src into lines that each end with a newline (difflib's
// SplitLines adds an empty last line to text that ends with one).
func diffLines(src []byte) []string {
	lines := strings.SplitAfter(string(src), "\n")
	if last := len(lines) - 1; lines[last] == "" {
		lines = lines[:last]
	} else {
		lines[last] += "\n"
	}
	return lines
}
