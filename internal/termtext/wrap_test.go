package termtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, first, text string
		width             int
		want              []string
	}{
		{"fits", "  x ", "a b c", 40, []string{"  x a b c"}},
		{"fits: spacing kept", "  x ", "a   b  ", 40, []string{"  x a   b"}},
		{"wraps at words", "ab ", strings.Repeat("word ", 12), 30,
			[]string{"ab word word word word word", "   word word word word word", "   word word"}},
		{"cuts long words", "> ", strings.Repeat("y", 45), 22,
			[]string{"> " + strings.Repeat("y", 20), "  " + strings.Repeat("y", 20), "  yyyyy"}},
		{"keeps newlines", "- ", "one\ntwo", 40, []string{"- one", "  two"}},
	} {
		got := Wrap(tc.first, tc.text, tc.width)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: Wrap = %q, want %q", tc.name, got, tc.want)
		}
		for _, l := range got {
			if utf8.RuneCountInString(l) > tc.width && tc.width >= 22 {
				t.Errorf("%s: line %q wider than %d", tc.name, l, tc.width)
			}
		}
	}
}
