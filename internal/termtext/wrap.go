package termtext

import (
	"strings"
	"unicode/utf8"
)

// Wrap lays text out in lines of at most width runes: the first starts
// with first, the others with an indent as wide as first. Words longer
// than a line are cut; a line keeps room for 20 runes however wide first
// is. Text that fits on one line keeps its spacing; text that wraps is
// laid out word by word, so runs of spaces become one, and each '\n'
// starts a new line.
func Wrap(first, text string, width int) []string {
	if !strings.Contains(text, "\n") && utf8.RuneCountInString(first+text) <= width {
		return []string{strings.TrimRight(first+text, " ")} // keep the spacing as it is
	}
	indent := strings.Repeat(" ", utf8.RuneCountInString(first))
	room := width - utf8.RuneCountInString(first)
	if room < 20 {
		room = 20
	}
	var lines []string
	var cur []rune
	flush := func() {
		prefix := indent
		if len(lines) == 0 {
			prefix = first
		}
		lines = append(lines, strings.TrimRight(prefix+string(cur), " "))
		cur = cur[:0]
	}
	for _, para := range strings.Split(text, "\n") {
		for _, word := range strings.Fields(para) {
			w := []rune(word)
			for len(w) > 0 {
				switch {
				case len(cur) == 0 && len(w) > room:
					cur = append(cur, w[:room]...)
					w = w[room:]
					flush()
				case len(cur) == 0:
					cur = append(cur, w...)
					w = nil
				case len(cur)+1+len(w) <= room:
					cur = append(append(cur, ' '), w...)
					w = nil
				default:
					flush()
				}
			}
		}
		flush()
	}
	return lines
}
