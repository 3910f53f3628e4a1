package format

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Source returns src in canonical layout. filename names the source in
// diagnostics. When src does not parse, Source returns nil and the syntax
// errors; src must then be left alone.
func Source(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if _, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos); diags.HasErrors() {
		return nil, diags
	}
	out := hclwrite.Format(src)
	out, diags := normalizeBlankLines(out, filename)
	if diags.HasErrors() {
		// hclwrite turned a valid file into an invalid one: a bug in the
		// formatter, not in the user's file.
		panic("format: formatted source no longer lexes: " + diags.Error())
	}
	return out, nil
}
