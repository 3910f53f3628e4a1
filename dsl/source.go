package dsl

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// source returns the text of r as written, or "" when it is not in a
// loaded file.
func (g *globals) source(r hcl.Range) string {
	f := g.files[r.Filename]
	if f == nil || r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(r.SliceBytes(f.Bytes))
}

// canonical formats expression text the way `stressql fmt` would and
// puts it on one line: the form plans and reports print.
func canonical(src string) string {
	formatted := string(hclwrite.Format([]byte(src)))
	var parts []string
	for _, l := range strings.Split(formatted, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
