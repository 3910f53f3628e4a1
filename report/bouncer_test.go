package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stressql/stressql/results"
)

// TestPreparedStatementHint: the prepared-statement pitfall comes with the
// line that names its fixes, and a PgBouncer target with its SHOW POOLS
// line; neither appears otherwise.
func TestPreparedStatementHint(t *testing.T) {
	t.Parallel()
	s := failing()
	s.Result.Errors = errorsOf(map[string]int64{"prepared_statement": 12353})
	s.Result.ErrorExamples = map[string]results.ErrorExample{"prepared_statement": {
		Message: `ERROR: prepared statement "stressql_25e79b" already exists (SQLSTATE 42P05)`, AtMs: 3}}
	s.Result.Bouncer = results.Bouncer{ClActive: gauge(3, 1, 20, 10, 20), ClWaiting: gauge(3, 0, 16, 8, 16),
		SvActive: gauge(3, 1, 4, 4, 4), SvIdle: gauge(3, 0, 3, 1, 0), MaxWaitMs: gauge(3, 0, 250, 100, 250)}
	xacts, queries, waitMs, queryMs := int64(1200), int64(2400), 6000.0, 1200.0
	s.Result.Bouncer.Xacts, s.Result.Bouncer.Queries = &xacts, &queries
	s.Result.Bouncer.WaitMs, s.Result.Bouncer.QueryMs = &waitMs, &queryMs
	s.Result.Bouncer.SetAverages()
	var con bytes.Buffer
	NewConsole(&con, ConsoleOptions{Width: 200}).ScenarioFinished(s)
	out := strings.Join(strings.Fields(con.String()), " ")
	for _, want := range []string{
		"errors prepared_statement 12,353",
		`hint: a prepared statement was missing or already there on the server connection: through PgBouncer in transaction or statement mode use query_exec_mode = "exec"`,
		"max_prepared_statements > 0",
		"bouncer clients max 20 active, 16 waiting servers max 4 active, 3 idle maxwait 250ms",
		"stats 1,200 xacts, 2,400 queries avg wait 5.00ms per xact avg query 0.50ms",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, con.String())
		}
	}
	var plain bytes.Buffer
	NewConsole(&plain, ConsoleOptions{Width: 200}).ScenarioFinished(failing())
	if strings.Contains(plain.String(), "hint:") || strings.Contains(plain.String(), "bouncer") {
		t.Errorf("hint or bouncer line without the pitfall or a bouncer:\n%s", plain.String())
	}
}
