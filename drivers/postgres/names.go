package postgres

import "strings"

// maxIdentLen is PostgreSQL's NAMEDATALEN-1: longer application_name
// values are truncated by the server, so we truncate first and count by
// exactly what the server stores.
const maxIdentLen = 63

const monitorSuffix = "#monitor"

// appName makes s a name the server keeps as is: printable ASCII only
// (the server replaces anything else with '?') and at most 63 bytes.
func appName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '_'
		}
	}
	if len(b) > maxIdentLen {
		b = b[:maxIdentLen]
	}
	return string(b)
}

// monitorName is the application_name of the monitor connection: always
// different from app, so the monitor never counts itself.
func monitorName(app string) string {
	if app == "" {
		return "stressql" + monitorSuffix
	}
	if len(app) > maxIdentLen-len(monitorSuffix) {
		app = app[:maxIdentLen-len(monitorSuffix)]
	}
	return app + monitorSuffix
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
