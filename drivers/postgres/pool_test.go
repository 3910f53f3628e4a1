package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/testenv"
)

func TestPoolMaxEnforced(t *testing.T) {
	cfg := testConfig()
	cfg.MinConns = 20 // warmed up by Open: holders do not wait for connects
	cfg.MaxConns = 20
	cfg.AcquireTimeout = 500 * time.Millisecond
	p := openPool(t, cfg, testEnv(t))
	if got := p.Stats().TotalConns; got < 20 {
		t.Fatalf("after Open with min_conns=20: TotalConns = %d", got)
	}
	op := testenv.Prepare(t, p, drivers.Step{Kind: KindHold, Duration: 1500 * time.Millisecond})

	stopSampling := testenv.SampleMax(func() int64 { return p.Stats().TotalConns })
	var ok, timeouts, other atomic.Int64
	var minTimeoutWait atomic.Int64
	minTimeoutWait.Store(int64(time.Hour))
	var wg sync.WaitGroup
	for w := range 40 {
		wg.Go(func() {
			it := &drivers.WorkerState{Worker: int64(w)}
			err := op.Do(context.Background(), it)
			switch {
			case err == nil:
				ok.Add(1)
			case Classify(err) == errkind.AcquireTimeout:
				timeouts.Add(1)
				if int64(it.Acquire) < minTimeoutWait.Load() {
					minTimeoutWait.Store(int64(it.Acquire))
				}
			default:
				other.Add(1)
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	maxTotal := stopSampling()
	if maxTotal > 20 {
		t.Errorf("TotalConns reached %d, max_conns is 20", maxTotal)
	}
	if ok.Load() != 20 || timeouts.Load() != 20 {
		t.Errorf("ok=%d acquire timeouts=%d, want 20 and 20", ok.Load(), timeouts.Load())
	}
	if w := time.Duration(minTimeoutWait.Load()); w < 450*time.Millisecond {
		t.Errorf("an acquire timed out after %s, acquire_timeout is 500ms", w)
	}
	if n, err := p.ServerConns(context.Background()); err != nil || n != 20 {
		t.Errorf("ServerConns = %d, %v; want 20", n, err)
	}
}

func TestServerConnsAndTerminate(t *testing.T) {
	cfg := testConfig()
	cfg.MinConns = 3
	p := openPool(t, cfg, testEnv(t))
	ctx := context.Background()
	waitConns(t, p, 3) // the monitor connection is not counted

	// One connection runs a statement: terminating idle ones spares it.
	sleep := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select pg_sleep(1)"})
	done := make(chan error, 1)
	go func() { done <- sleep.Do(ctx, &drivers.WorkerState{}) }()
	c := rawConn(t)
	deadline := time.Now().Add(3 * time.Second)
	for {
		var active int
		if err := c.QueryRow(ctx, "select count(*) from pg_stat_activity where application_name = $1 and state = 'active'",
			p.app).Scan(&active); err != nil {
			t.Fatal(err)
		}
		if active == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the sleeping statement never became active")
		}
		time.Sleep(10 * time.Millisecond)
	}
	killed, err := p.Terminate(ctx, true)
	if err != nil || killed != 2 {
		t.Fatalf("Terminate(idleOnly) = %d, %v; want 2", killed, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the running statement was hit by an idle-only terminate: %v", err)
	}
	waitConns(t, p, 1)
	killed, err = p.Terminate(ctx, false)
	if err != nil || killed != 1 {
		t.Fatalf("Terminate(all) = %d, %v; want 1", killed, err)
	}
	waitConns(t, p, 0)
}

func TestPingOnAcquire(t *testing.T) {
	tests := []struct {
		ping     bool
		wantKind string
	}{
		{ping: false, wantKind: errkind.Reset}, // the dead connection is handed out
		{ping: true, wantKind: ""},             // validated, replaced
	}
	for _, tt := range tests {
		t.Run(map[bool]string{false: "off", true: "on"}[tt.ping], func(t *testing.T) {
			cfg := testConfig()
			cfg.MinConns, cfg.MaxConns = 1, 1
			cfg.PingOnAcquire = tt.ping
			p := openPool(t, cfg, testEnv(t))
			if n, err := p.Terminate(context.Background(), false); err != nil || n != 1 {
				t.Fatalf("Terminate = %d, %v", n, err)
			}
			waitConns(t, p, 0)
			err := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "select 1"}).Do(context.Background(), &drivers.WorkerState{})
			if got := Classify(err); got != tt.wantKind {
				t.Fatalf("query after terminate: %v (kind %q), want kind %q", err, got, tt.wantKind)
			}
		})
	}
}

func TestCloseLeavesNoConnections(t *testing.T) {
	cfg := testConfig()
	cfg.MinConns = 4
	env := testEnv(t)
	dp, err := Open(context.Background(), cfg, env)
	if err != nil {
		t.Fatal(err)
	}
	p := dp.(*pool)
	t.Cleanup(func() { _ = p.Cleanup(context.Background()) })
	waitConns(t, p, 4)

	// Close waits for a held connection until its ctx ends...
	hold := testenv.Prepare(t, p, drivers.Step{Kind: KindHold, Duration: 400 * time.Millisecond})
	held := make(chan error, 1)
	go func() { held <- hold.Do(context.Background(), &drivers.WorkerState{}) }()
	for p.Stats().InUseConns == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	err = p.Close(ctx)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Close with a connection held past ctx: %v, want DeadlineExceeded", err)
	}
	// ...new work is refused at once...
	err = testenv.Prepare(t, p, drivers.Step{Kind: KindPing}).Do(context.Background(), &drivers.WorkerState{})
	if Classify(err) != errkind.Closed {
		t.Fatalf("ping after Close: %v, want kind closed", err)
	}
	// ...and the close completes when the holder releases.
	if err := <-held; err != nil {
		t.Fatalf("hold during Close: %v", err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatalf("third Close: %v", err)
	}
	waitConns(t, p, 0)
	if p.mon.conn != nil {
		t.Fatal("ServerConns after Close left a monitor connection open")
	}
}

func TestNamespaceCleanup(t *testing.T) {
	env := testEnv(t)
	p := openPool(t, testConfig(), env)
	ctx := context.Background()
	c := rawConn(t)
	schemaExists := func() bool {
		var n int
		if err := c.QueryRow(ctx, "select count(*) from pg_namespace where nspname = $1", env.Namespace).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if !schemaExists() {
		t.Fatal("Open did not create the namespace schema")
	}
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindTx, Statements: []string{
		"create table a (x int)", "create table b (y int)", "insert into a values (1)",
	}}).Do(ctx, &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	var tables int
	if err := c.QueryRow(ctx, "select count(*) from pg_tables where schemaname = $1", env.Namespace).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 2 {
		t.Fatalf("tables in the namespace = %d, want 2 (search_path puts it first)", tables)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if schemaExists() {
		t.Fatal("Cleanup left the schema")
	}
	if p.mon.conn != nil {
		t.Fatal("Cleanup left the monitor connection open")
	}
}

func TestSchemaCreatedByFirstConnection(t *testing.T) {
	// When the server could not be reached at Open, the first pool
	// connection creates the schema (AfterConnect).
	env := testEnv(t)
	p := openPool(t, testConfig(), env) // min_conns 0: no pool connection yet
	if err := p.Cleanup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p.schema.ready.Load() {
		t.Fatal("Cleanup left the schema marked as created")
	}
	if err := testenv.Prepare(t, p, drivers.Step{Kind: KindQuery, SQL: "create table t (x int)"}).Do(context.Background(), &drivers.WorkerState{}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rawConn(t).QueryRow(context.Background(),
		"select count(*) from pg_tables where schemaname = $1 and tablename = 't'", env.Namespace).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatal("the table is not in the namespace schema")
	}
}

func TestWarmUp(t *testing.T) {
	tests := []struct {
		name    string
		min     int32
		dial    func(t testing.TB) string
		wantMin int64
		maxWait time.Duration
	}{
		{"live server", 5, func(testing.TB) string { return "" }, 5, 5 * time.Second},
		// A dead server ends the wait at once, not after connect_timeout.
		{"dead server", 5, testenv.DeadAddr, 0, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.MinConns = tt.min
			env := testEnv(t)
			env.DialAddr = tt.dial(t)
			start := time.Now()
			p := openPool(t, cfg, env)
			took := time.Since(start)
			s := p.Stats()
			if s.TotalConns < tt.wantMin || s.TotalConns > int64(tt.min) {
				t.Errorf("after Open: TotalConns = %d, want %d..%d", s.TotalConns, tt.wantMin, tt.min)
			}
			if took > tt.maxWait {
				t.Errorf("Open took %s, want < %s", took, tt.maxWait)
			}
		})
	}
}

// TestAcquireTimeoutAcrossIterations: workers that reuse their Iter (and
// so their acquire deadline) over many acquires, on a pool too small for
// them, with connections expiring and redialled mid-run, never wait much
// past acquire_timeout, time out no earlier than it, and leave no
// connection checked out. A cancelled run ends a long wait at once.
func TestAcquireTimeoutAcrossIterations(t *testing.T) {
	const timeout = 40 * time.Millisecond
	cfg := testConfig()
	cfg.MinConns = 0
	cfg.MaxConns = 2
	cfg.AcquireTimeout = timeout
	cfg.MaxConnLifetime = 150 * time.Millisecond // redials while waiters time out
	p := openPool(t, cfg, testEnv(t))
	hold := testenv.Prepare(t, p, drivers.Step{Kind: KindHold, Duration: 25 * time.Millisecond})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ok, timeouts atomic.Int64
	var maxWait, minTimeout atomic.Int64
	minTimeout.Store(-int64(time.Hour)) // holds -min
	end := time.Now().Add(1500 * time.Millisecond)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			it := &drivers.WorkerState{Worker: int64(w)}
			for time.Now().Before(end) {
				err := hold.Do(ctx, it)
				wait := int64(it.Acquire)
				testenv.StoreMax(&maxWait, wait)
				switch {
				case err == nil:
					ok.Add(1)
				case Classify(err) == errkind.AcquireTimeout:
					timeouts.Add(1)
					testenv.StoreMax(&minTimeout, -wait)
				default:
					t.Errorf("unexpected error: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if ok.Load() == 0 || timeouts.Load() == 0 {
		t.Fatalf("ok=%d timeouts=%d: the pool was not contended", ok.Load(), timeouts.Load())
	}
	if w := time.Duration(-minTimeout.Load()); w < timeout-5*time.Millisecond {
		t.Errorf("an acquire timed out after %s, acquire_timeout is %s", w, timeout)
	}
	// Generous for -race on two shared cores; the bug this guards against
	// (a deadline armed late or not at all) waits for a holder: ≥ 25ms more
	// per queued holder, seconds in all.
	if w := time.Duration(maxWait.Load()); w > timeout+300*time.Millisecond {
		t.Errorf("an acquire waited %s, acquire_timeout is %s", w, timeout)
	}
	t.Logf("ok=%d timeouts=%d longest wait %s", ok.Load(), timeouts.Load(), time.Duration(maxWait.Load()))

	testenv.WaitFor(t, "no connection checked out after every worker returned", 2*time.Second,
		func() bool { return p.Stats().InUseConns == 0 })

	// A run stopped while a worker waits under a long acquire_timeout.
	cfg.AcquireTimeout = time.Minute
	cfg.MaxConns = 1
	cfg.MaxConnLifetime = time.Hour
	q := openPool(t, cfg, testEnv(t))
	long := testenv.Prepare(t, q, drivers.Step{Kind: KindHold, Duration: 1500 * time.Millisecond})
	go func() { _ = long.Do(context.Background(), &drivers.WorkerState{}) }()
	testenv.WaitFor(t, "the holder's connection", 5*time.Second, func() bool { return q.Stats().InUseConns == 1 })
	it := &drivers.WorkerState{}
	waiter, stop := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, stop)
	err := long.Do(waiter, it)
	if !errors.Is(err, context.Canceled) || it.Acquire > 2*time.Second {
		t.Errorf("cancelled wait: err = %v after %s, want context canceled promptly", err, it.Acquire)
	}
}
