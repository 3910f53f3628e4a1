package postgres

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// interpolate returns sql with each parameter placeholder $N outside
// string literals, quoted identifiers, dollar-quoted strings and comments
// replaced by vals[N-1] as a quoted string literal (the server casts it
// to the type the context needs, as it does an untyped text parameter):
// the simple_protocol query_exec_mode. The literal doubles quotes, which
// is safe with standard_conforming_strings on (PostgreSQL's default since
// 9.1; pgx's simple protocol makes the same assumption).
func interpolate(sql string, vals [][]byte) (string, error) {
	var b strings.Builder
	b.Grow(len(sql) + 16*len(vals))
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			j := skipQuoted(sql, i, c)
			b.WriteString(sql[i:j])
			i = j
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				j = len(sql) - i
			}
			b.WriteString(sql[i : i+j])
			i += j
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			end := len(sql)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(sql[i:end])
			i = end
		case c == '$':
			j := i + 1
			for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
				j++
			}
			if j > i+1 {
				n := 0
				for _, d := range sql[i+1 : j] {
					n = n*10 + int(d-'0')
					if n > len(vals) {
						break
					}
				}
				if n < 1 || n > len(vals) {
					return "", fmt.Errorf("postgres simple_protocol: placeholder %s has no argument (%d args)", sql[i:j], len(vals))
				}
				v := vals[n-1]
				if bytes.IndexByte(v, 0) >= 0 {
					return "", errors.New("postgres simple_protocol: an argument contains a NUL byte")
				}
				b.WriteByte('\'')
				b.WriteString(strings.ReplaceAll(string(v), "'", "''"))
				b.WriteByte('\'')
				i = j
				continue
			}
			// A dollar-quoted string: $tag$ ... $tag$.
			k := j
			for k < len(sql) && (sql[k] == '_' || sql[k] >= 'a' && sql[k] <= 'z' || sql[k] >= 'A' && sql[k] <= 'Z' || sql[k] >= '0' && sql[k] <= '9') {
				k++
			}
			if k < len(sql) && sql[k] == '$' && (i == 0 || !isIdentByte(sql[i-1])) {
				tag := sql[i : k+1]
				end := strings.Index(sql[k+1:], tag)
				stop := len(sql)
				if end >= 0 {
					stop = k + 1 + end + len(tag)
				}
				b.WriteString(sql[i:stop])
				i = stop
				continue
			}
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

// skipQuoted returns the index after the literal or identifier quoted
// with q that starts at i (a doubled quote stays inside).
func skipQuoted(s string, i int, q byte) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
