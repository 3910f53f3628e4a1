package planfmt

import (
	"strings"
	"unicode/utf8"

	"github.com/stressql/stressql/internal/termtext"
)

// rows is a block of "key  value  note" lines with aligned columns.
type rows []row

type row struct {
	key, value, note string
}

func (r *rows) add(key, value string) { *r = append(*r, row{key: key, value: value}) }

func (r *rows) addNote(key, value, note string) {
	*r = append(*r, row{key: key, value: value, note: note})
}

// write appends the rows to b, each line starting with indent. A value
// with several lines continues under the value column.
func (r rows) write(b *strings.Builder, indent string) {
	keyW, valW := 0, 0
	r = r.escaped()
	for _, x := range r {
		keyW = max(keyW, utf8.RuneCountInString(x.key))
		if x.note != "" {
			valW = max(valW, utf8.RuneCountInString(x.value))
		}
	}
	cont := indent + strings.Repeat(" ", keyW+2)
	for _, x := range r {
		line := indent + pad(x.key, keyW) + "  "
		value := strings.ReplaceAll(x.value, "\n", "\n"+cont)
		if x.note != "" {
			line += pad(value, valW) + "  " + x.note
		} else {
			line += value
		}
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
}

// escaped returns the rows with their text made safe for a terminal:
// keys and notes on one line, values keeping their line breaks.
func (r rows) escaped() rows {
	out := make(rows, len(r))
	for i, x := range r {
		out[i] = row{key: termtext.Line(x.key), value: termtext.Block(x.value), note: termtext.Line(x.note)}
	}
	return out
}

// pad right-pads s with spaces to width runes.
func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}
