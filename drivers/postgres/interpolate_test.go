package postgres

import "testing"

func TestInterpolate(t *testing.T) {
	vals := [][]byte{[]byte("7"), []byte("it's"), []byte(`a\b`)}
	tests := []struct{ sql, want, err string }{
		{sql: "select $1::int + 1", want: "select '7'::int + 1"},
		{sql: "select $2, $1, $3", want: `select 'it''s', '7', 'a\b'`},
		{sql: "select '$1', \"$2\", $1", want: "select '$1', \"$2\", '7'"},
		{sql: "select 'a''$1' || $1", want: "select 'a''$1' || '7'"},
		{sql: "select $1 -- $2\n, $2", want: "select '7' -- $2\n, 'it''s'"},
		{sql: "select /* $3 */ $3", want: `select /* $3 */ 'a\b'`},
		{sql: "select $q$ $1 $q$, $$ $2 $$, $1", want: "select $q$ $1 $q$, $$ $2 $$, '7'"},
		{sql: "select $4", err: "postgres simple_protocol: placeholder $4 has no argument (3 args)"},
		{sql: "select $0", err: "postgres simple_protocol: placeholder $0 has no argument (3 args)"},
	}
	for _, tt := range tests {
		got, err := interpolate(tt.sql, vals)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("interpolate(%q): error %v, want %q", tt.sql, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("interpolate(%q) = %q, %v; want %q", tt.sql, got, err, tt.want)
		}
	}
	if _, err := interpolate("select $1", [][]byte{{'a', 0}}); err == nil {
		t.Error("a NUL byte: no error")
	}
}
