package redis

import "strings"

const monitorSuffix = "#monitor"

// clientName makes s acceptable to CLIENT SETNAME, which rejects spaces
// and non-printable characters.
func clientName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c <= ' ' || c > '~' {
			b[i] = '_'
		}
	}
	return string(b)
}

// monitorName is the monitor client's name: never equal to app.
func monitorName(app string) string {
	if app == "" {
		return "stressql" + monitorSuffix
	}
	return app + monitorSuffix
}

// globEscape escapes the glob characters of SCAN MATCH.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
