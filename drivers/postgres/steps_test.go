package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/arg"
	"github.com/stressql/stressql/internal/testenv"
)

func TestStepKinds(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	ctx := context.Background()
	// The namespace schema is first on search_path: unqualified tables
	// land there.
	setup := testenv.Prepare(t, p, drivers.Step{Kind: KindTx, Statements: []string{
		"create table kv (k int primary key, v text)",
		"insert into kv values (0, 'zero')",
	}})
	if err := setup.Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatalf("setup tx: %v", err)
	}
	iterArg := arg.Number("iteration", arg.Iteration())
	tmpl := arg.Template(`"v${worker}"`, arg.Part{Lit: "v"}, arg.Part{Num: arg.Worker()})
	tests := []struct {
		name string
		step drivers.Step
	}{
		{"query without args", drivers.Step{Kind: KindQuery, SQL: "select 1"}},
		{"query with several statements", drivers.Step{Kind: KindQuery, SQL: "select 1; select 2"}},
		{"query with args", drivers.Step{Kind: KindQuery,
			SQL:  "insert into kv values ($1, $2) on conflict (k) do update set v = excluded.v",
			Args: []arg.Expr{iterArg, tmpl}}},
		{"query reading rows", drivers.Step{Kind: KindQuery, SQL: "select * from kv where k <= $1",
			Args: []arg.Expr{arg.Const("100")}}},
		{"acquire", drivers.Step{Kind: KindAcquire}},
		{"hold", drivers.Step{Kind: KindHold, Duration: 20 * time.Millisecond}},
		{"ping", drivers.Step{Kind: KindPing}},
		{"tx", drivers.Step{Kind: KindTx, Statements: []string{
			"update kv set v = 'x' where k = 0", "select count(*) from kv"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := testenv.Prepare(t, p, tt.step)
			for i := range 3 {
				it := &drivers.WorkerState{Seq: int64(i + 1), Worker: 7, Acquire: -1}
				start := time.Now()
				if err := op.Do(ctx, it); err != nil {
					t.Fatalf("Do #%d: %v", i, err)
				}
				if it.Acquire < 0 || it.Acquire > time.Since(start) {
					t.Fatalf("Acquire = %s, want within the call's %s", it.Acquire, time.Since(start))
				}
			}
		})
	}

	c := rawConn(t)
	var n int
	var v string
	if err := c.QueryRow(ctx, "select count(*), max(v) filter (where k = 3) from "+
		quoteIdent(p.schema.name)+".kv").Scan(&n, &v); err != nil {
		t.Fatalf("reading the table back: %v", err)
	}
	if n != 4 || v != "v7" {
		t.Fatalf("kv has %d rows and k=3 -> %q, want 4 rows and \"v7\" (args evaluated per iteration)", n, v)
	}
}

func TestHoldKeepsTheConnection(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindHold, Duration: 300 * time.Millisecond})
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- op.Do(context.Background(), &drivers.WorkerState{}) }()
	deadline := time.Now().Add(250 * time.Millisecond)
	for p.Stats().InUseConns != 1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := p.Stats().InUseConns; got != 1 {
		t.Fatalf("InUseConns during hold = %d, want 1", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("hold returned after %s, want >= 300ms", d)
	}
	// A deadline shorter than the hold ends it with the context's error.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := op.Do(ctx, &drivers.WorkerState{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hold past the deadline: %v, want context.DeadlineExceeded", err)
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	cfg := testConfig()
	cfg.MaxConns = 1 // the next step reuses the same connection
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "create table t (x int)"}).Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	bad := testenv.Prepare(t, p, drivers.Step{Kind: KindTx, Statements: []string{
		"insert into t values (1)", "select * from no_such_table"}})
	err := bad.Do(ctx, &drivers.WorkerState{})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Fatalf("tx with a bad statement: %v, want SQLSTATE 42P01", err)
	}
	if !strings.Contains(err.Error(), "statement 2") {
		t.Fatalf("error %q does not say which statement failed", err)
	}
	var n int
	if err := rawConn(t).QueryRow(ctx, "select count(*) from "+quoteIdent(p.schema.name)+".t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("rows after failed tx = %d, want 0 (rolled back)", n)
	}
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "insert into t values (2)"}).Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatalf("connection unusable after rollback: %v", err)
	}
}

func TestPrepareRejects(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	testenv.PrepareRejects(t, p, []testenv.Rejection{
		{Step: drivers.Step{Kind: "sleep"}, Want: `unknown step kind "sleep"`},
		{Step: drivers.Step{Kind: "command"}, Want: `unknown step kind "command"`},
		{Step: drivers.Step{Kind: KindQuery}, Want: "sql is empty"},
		{Step: drivers.Step{Kind: KindHold}, Want: "duration"},
		{Step: drivers.Step{Kind: KindTx}, Want: "no statements"},
	})
}

func TestQueryErrorIsServerError(t *testing.T) {
	p := openPool(t, testConfig(), testEnv(t))
	tests := []struct {
		name string
		step drivers.Step
		code string
	}{
		{"syntax", drivers.Step{Kind: KindQuery, SQL: "selec 1"}, "42601"},
		{"bad arg type", drivers.Step{Kind: KindQuery, SQL: "select $1::int", Args: []arg.Expr{arg.Const("x")}}, "22P02"},
		{"arg count", drivers.Step{Kind: KindQuery, SQL: "select $1::int + $2::int", Args: []arg.Expr{arg.Const("1")}}, "08P01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testenv.Prepare(t, p, tt.step).Do(context.Background(), &drivers.WorkerState{})
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != tt.code {
				t.Fatalf("Do = %v, want SQLSTATE %s", err, tt.code)
			}
		})
	}
}
