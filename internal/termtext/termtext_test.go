package termtext

import (
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, line, block string }{
		{"", "", ""},
		{"plain ascii: a <= b, 100%", "plain ascii: a <= b, 100%", "plain ascii: a <= b, 100%"},
		{"unicode é 日本 …", "unicode é 日本 …", "unicode é 日本 …"},
		{`back\slash \n`, `back\slash \n`, `back\slash \n`},
		{"\x1b[2J\nPASS fake", `\x1b[2J\nPASS fake`, "\\x1b[2J\nPASS fake"},
		{"a\tb\r\nc", `a\tb\r\nc`, "a\tb\\r\nc"},
		{"bel\a bs\b ff\f vt\v nul\x00 us\x1f", `bel\a bs\b ff\f vt\v nul\x00 us\x1f`, `bel\a bs\b ff\f vt\v nul\x00 us\x1f`},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"c1 \u0085 \u009b31m", `c1 \u0085 \u009b31m`, `c1 \u0085 \u009b31m`},
		{"bidi \u202eevil\u202c \u2066x\u2069", `bidi \u202eevil\u202c \u2066x\u2069`, `bidi \u202eevil\u202c \u2066x\u2069`},
		{"bad \xff\xfe utf8 \xe2\x82", `bad \xff\xfe utf8 \xe2\x82`, `bad \xff\xfe utf8 \xe2\x82`},
		{"ok \u200b zero width space stays", "ok \u200b zero width space stays", "ok \u200b zero width space stays"},
	} {
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
		if got := Block(tc.in); got != tc.block {
			t.Errorf("Block(%q) = %q, want %q", tc.in, got, tc.block)
		}
	}
}

// TestNoControlLeft: whatever the input, Line leaves no control byte and
// valid UTF-8, and Block none but '\n' and '\t'.
func TestNoControlLeft(t *testing.T) {
	t.Parallel()
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	inputs := []string{string(all), "\u0080\u0090\u009f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"}
	for _, in := range inputs {
		for name, out := range map[string]string{"Line": Line(in), "Block": Block(in)} {
			if !utf8.ValidString(out) {
				t.Errorf("%s: invalid UTF-8 left: %q", name, out)
			}
			for _, r := range out {
				if unsafe(r, name == "Block") || r == '\n' && name == "Line" {
					t.Errorf("%s: %U left in %q", name, r, out)
				}
			}
		}
	}
}

func TestUnchangedDoesNotAllocate(t *testing.T) {
	s, block := "stressql: 2 scenarios in 73ms: 2 passed — ok", "a\n\tb"
	if n := testing.AllocsPerRun(100, func() { _ = Line(s); _ = Block(block) }); n != 0 {
		t.Errorf("%v allocations for text without anything to escape, want 0", n)
	}
}
