package format

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// line is one line of formatted source with what the blank-line rules need
// to know about it.
type line struct {
	text []byte
	// verbatim lines lie inside a heredoc or a block comment: kept as is.
	verbatim bool
	blank    bool
	opens    bool // its last token is "{", "[" or "("
	closes   bool // its first token is "}", "]" or ")"
}

// normalizeBlankLines applies the blank-line rules to src, which must lex.
func normalizeBlankLines(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	lines, diags := splitLines(src, filename)
	if diags.HasErrors() {
		return nil, diags
	}
	var out []*line
	lastIsBlank := func() bool { return len(out) > 0 && out[len(out)-1].blank }
	for _, l := range lines {
		switch {
		case l.verbatim:
		case l.blank:
			if len(out) == 0 || lastIsBlank() || out[len(out)-1].opens {
				continue
			}
		case l.closes && lastIsBlank():
			out = out[:len(out)-1]
		}
		out = append(out, l)
	}
	for lastIsBlank() {
		out = out[:len(out)-1]
	}
	var b bytes.Buffer
	for _, l := range out {
		b.Write(l.text)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// splitLines cuts src into lines and classifies them from its tokens.
func splitLines(src []byte, filename string) ([]*line, hcl.Diagnostics) {
	tokens, diags := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	texts := bytes.Split(bytes.TrimSuffix(src, []byte("\n")), []byte("\n"))
	if len(src) == 0 {
		texts = nil
	}
	lines := make([]*line, len(texts))
	for i, t := range texts {
		lines[i] = &line{text: t, blank: len(bytes.TrimSpace(t)) == 0}
	}
	at := func(n int) *line { // n is a 1-based line number
		if n < 1 || n > len(lines) {
			return nil
		}
		return lines[n-1]
	}
	seen := map[*line]bool{}
	var heredocStart int
	for _, tok := range tokens {
		r := tok.Range
		switch {
		case tok.Type == hclsyntax.TokenOHeredoc:
			heredocStart = r.Start.Line
		case tok.Type == hclsyntax.TokenCHeredoc:
			markVerbatim(lines, heredocStart+1, r.Start.Line)
		case tok.Type == hclsyntax.TokenComment && bytes.HasPrefix(tok.Bytes, []byte("/*")):
			markVerbatim(lines, r.Start.Line+1, r.End.Line)
		}
		if tok.Type == hclsyntax.TokenNewline || tok.Type == hclsyntax.TokenEOF {
			continue
		}
		l := at(r.Start.Line)
		if l == nil {
			continue
		}
		if !seen[l] {
			seen[l] = true
			l.closes = isCloser(tok.Type)
		}
		if tok.Type != hclsyntax.TokenComment {
			l.opens = isOpener(tok.Type)
		}
	}
	return lines, nil
}

// markVerbatim marks lines from..to (1-based, inclusive) verbatim.
func markVerbatim(lines []*line, from, to int) {
	for n := from; n <= to && n <= len(lines); n++ {
		if n >= 1 {
			lines[n-1].verbatim = true
			lines[n-1].blank = false
		}
	}
}

func isOpener(t hclsyntax.TokenType) bool {
	return t == hclsyntax.TokenOBrace || t == hclsyntax.TokenOBrack || t == hclsyntax.TokenOParen
}

func isCloser(t hclsyntax.TokenType) bool {
	return t == hclsyntax.TokenCBrace || t == hclsyntax.TokenCBrack || t == hclsyntax.TokenCParen
}
