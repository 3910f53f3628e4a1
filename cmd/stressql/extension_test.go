package main

// The proof that a driver is local: "mem", an in-memory key/value store
// with a bounded pool, declared and registered here only (the tool's
// registry never sees it), goes through validate, plan, run and both
// reports without a line changed outside this file.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/drivers/registry"
)

// memConfig is the mem driver's pool configuration: its fields carry the
// pool attributes' names.
type memConfig struct {
	Enabled        bool          `json:"enabled"`
	Size           int           `json:"size"`
	AcquireTimeout time.Duration `json:"acquire_timeout"`
}

// memStores are the mem "servers", by target URL: what a run writes
// outlives its pools, as on a real server, until Cleanup.
var memStores sync.Map // url -> *memStore

type memStore struct {
	mu   sync.Mutex
	data map[string]string
}

func storeFor(url string) *memStore {
	s, _ := memStores.LoadOrStore(url, &memStore{data: map[string]string{}})
	return s.(*memStore)
}

var memDescriptor = drivers.Descriptor{
	Name:        "mem",
	Title:       "In-memory",
	Schemes:     []string{"mem"},
	EnvVar:      "STRESSQL_MEM_URL",
	DefaultURL:  "mem://local",
	DefaultPort: "0",
	Pool: []drivers.PoolAttr{
		drivers.EnabledAttr,
		{Name: "size", Type: drivers.TypeCount, Default: int64(4), Min: 1, Max: 100, Meaning: drivers.MeaningMaxConns,
			Description: "connections the pool hands out at once"},
		{Name: "acquire_timeout", Type: drivers.TypeDuration, Default: time.Second, Positive: true, Meaning: "acquire_timeout",
			Description: "longest wait for a free connection"},
	},
	Rules: []drivers.PoolRule{{
		Subject: []string{"size"},
		Check: func(v drivers.Values) string {
			if v.Bool("enabled") && v.Int("size") == 13 {
				return "size (13) is unlucky: pick another size."
			}
			return ""
		},
	}},
	Steps: []drivers.StepKind{
		{Name: "put", Attrs: []string{"key", "value"}, Required: []string{"key", "value"}},
		{Name: "fetch", Attrs: []string{"key"}, Required: []string{"key"}},
	},
	Capabilities: []string{drivers.CapAcquireWaits},
	// A missing key is the mem driver's "query" error: the store answered,
	// the request failed (errkind alone would call it other).
	Classify: func(err error) string {
		if errors.Is(err, errNoKey) {
			return errkind.Query
		}
		return errkind.Classify(err)
	},
	Namespace: drivers.NamespaceKeyPrefix,
	NewConfig: func(v drivers.Values) any {
		var c memConfig
		drivers.FillConfig(&c, v)
		return c
	},
	Open: func(_ context.Context, cfg any, env drivers.Env) (drivers.Pool, error) {
		c, ok := cfg.(memConfig)
		if !ok {
			return nil, fmt.Errorf("mem: configuration is a %T", cfg)
		}
		if !strings.HasPrefix(env.URL, "mem://") {
			return nil, fmt.Errorf("mem: target %q is not a mem:// URL", env.URL)
		}
		p := &memPool{cfg: c, env: env, store: storeFor(env.URL), conns: make(chan struct{}, max(c.Size, 1))}
		return p, nil
	},
}

// errNoKey is what fetch returns for a key never put.
var errNoKey = errors.New("no such key")

// memPool hands out at most cfg.Size "connections" at once.
type memPool struct {
	cfg    memConfig
	env    drivers.Env
	store  *memStore
	conns  chan struct{}
	closed atomic.Bool
	gets   atomic.Int64
	peak   atomic.Int64
}

func (p *memPool) acquire(ctx context.Context, it *drivers.WorkerState) error {
	if p.closed.Load() {
		return drivers.ErrPoolClosed
	}
	start := time.Now()
	t := time.NewTimer(p.cfg.AcquireTimeout)
	defer t.Stop()
	select {
	case p.conns <- struct{}{}:
	case <-t.C:
		return drivers.ErrAcquireTimeout
	case <-ctx.Done():
		return ctx.Err()
	}
	it.Acquire = time.Since(start)
	p.gets.Add(1)
	if n := int64(len(p.conns)); n > p.peak.Load() {
		p.peak.Store(n)
	}
	return nil
}

func (p *memPool) release() { <-p.conns }

type memOp struct {
	p    *memPool
	put  bool
	step drivers.Step
}

func (o *memOp) Do(ctx context.Context, it *drivers.WorkerState) error {
	if err := o.p.acquire(ctx, it); err != nil {
		return err
	}
	defer o.p.release()
	key := o.p.env.Namespace + o.step.Key.String(it.Seq, it.Worker)
	s := o.p.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if o.put {
		s.data[key] = o.step.Value.String(it.Seq, it.Worker)
		return nil
	}
	if _, ok := s.data[key]; !ok {
		return fmt.Errorf("mem fetch %q: %w", key, errNoKey)
	}
	return nil
}

func (p *memPool) Prepare(s drivers.Step) (drivers.Op, error) {
	switch s.Kind {
	case "put":
		return &memOp{p: p, put: true, step: s}, nil
	case "fetch":
		return &memOp{p: p, step: s}, nil
	}
	return nil, fmt.Errorf("mem: unknown step kind %q", s.Kind)
}

func (p *memPool) Stats() drivers.PoolStats {
	n := int64(len(p.conns))
	return drivers.PoolStats{TotalConns: n, InUseConns: n, AcquireCount: p.gets.Load()}
}

func (p *memPool) ServerConns(context.Context) (int, error) { return 0, drivers.ErrUnsupported }
func (p *memPool) Terminate(context.Context, bool) (int, error) {
	return 0, drivers.ErrUnsupported
}
func (p *memPool) Pause(context.Context, time.Duration) error { return drivers.ErrUnsupported }
func (p *memPool) Close(context.Context) error {
	if p.closed.Swap(true) {
		return errors.New("mem: closed twice")
	}
	return nil
}

// Cleanup removes the namespace's keys.
func (p *memPool) Cleanup(context.Context) error {
	s := p.store
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.data {
		if strings.HasPrefix(k, p.env.Namespace) {
			delete(s.data, k)
		}
	}
	return nil
}

// memCLI runs the command line with the mem driver registered.
func memCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	g := &globalOptions{
		stdin:   strings.NewReader(""),
		stdout:  &out,
		stderr:  &errb,
		getenv:  func(k string) string { return env[k] },
		drivers: registry.Default().With(&memDescriptor),
	}
	code := execute(context.Background(), g, args)
	return result{code, out.String(), errb.String()}
}

const memScenario = `
scenario "mem_roundtrip" {
  driver = "mem"
  tags   = ["extension"]

  pool {
    size = 2
  }

  load "writers" {
    pattern    = "burst"
    workers    = 4
    iterations = 40
    step "put" {
      key   = "k:${iteration}"
      value = "v"
    }
    step "fetch" {
      key = "k:${iteration}"
    }
  }

  check "every iteration ran" {
    condition = ops.ok == 40 && ops.failed == 0
  }
  check "the pool never exceeded its size" {
    condition = pool.total_conns.max <= 2
  }
}
`

func writeScenario(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mem.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExtensionDriver: validate, plan, run and report a scenario of a
// driver that exists only in this test.
func TestExtensionDriver(t *testing.T) {
	path := writeScenario(t, memScenario)

	// The tool's own registry does not know it.
	if r := cli(t, "", "validate", path); r.code != exitInvalid || !strings.Contains(r.stderr, `"mem" is not a valid driver`) {
		t.Fatalf("validate without the mem driver: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	if r := memCLI(t, nil, "validate", path); r.code != 0 || !strings.Contains(r.stdout, "Success! 1 scenario in 1 file is valid.") {
		t.Fatalf("validate: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}

	r := memCLI(t, nil, "plan", path)
	if r.code != 0 {
		t.Fatalf("plan: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{`scenario "mem_roundtrip"`, "driver             mem", "pool (mem)",
		"enabled          true  (default)", "size             2\n", "acquire_timeout  1s    (default)",
		`step 1               put key="k:${iteration}" value="v"`, `step 2               fetch key="k:${iteration}"`,
		"Plan: 1 scenario (1 mem)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "allow_dangerous") {
		t.Errorf("plan shows allow_dangerous for a driver without the capability:\n%s", r.stdout)
	}
	r = memCLI(t, nil, "plan", "--json", path)
	var plan struct {
		Scenarios []struct {
			Driver string `json:"driver"`
			Phases []struct {
				Pool map[string]json.RawMessage `json:"pool"`
			} `json:"phases"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("plan --json: %v\n%s", err, r.stdout)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, plan.Scenarios[0].Phases[0].Pool["mem"]); err != nil || compact.String() != `{"enabled":true,"size":2,"acquire_timeout":"1s"}` {
		t.Errorf("plan --json pool.mem = %s (%v)", compact.String(), err)
	}

	out := filepath.Join(t.TempDir(), "report.json")
	r = memCLI(t, nil, "run", path, "--json", out, "--no-color", "--sample-interval", "1ms")
	if r.code != 0 {
		t.Fatalf("run: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"[1/1] mem_roundtrip (mem, expected 0ms)", "mem        mem://local", "40  (40 ok, 0 failed, 0 dropped)", "1 passed"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("console report lacks %q:\n%s", want, r.stdout)
		}
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Targets   map[string]string `json:"targets"`
		Scenarios []struct {
			Name   string `json:"name"`
			Driver string `json:"driver"`
			Status string `json:"status"`
			Result struct {
				Ops struct {
					OK int64 `json:"ok"`
				} `json:"ops"`
			} `json:"results"`
			Checks []struct {
				Name   string `json:"name"`
				Passed bool   `json:"passed"`
			} `json:"checks"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, raw)
	}
	if rep.Targets["mem"] != "mem://local" || len(rep.Scenarios) != 1 {
		t.Fatalf("report targets %v, %d scenarios\n%s", rep.Targets, len(rep.Scenarios), raw)
	}
	sc := rep.Scenarios[0]
	if sc.Name != "mem_roundtrip" || sc.Driver != "mem" || sc.Status != "pass" || sc.Result.Ops.OK != 40 || len(sc.Checks) != 2 {
		t.Errorf("report scenario %+v\n%s", sc, raw)
	}
	for _, c := range sc.Checks {
		if !c.Passed {
			t.Errorf("check %q failed\n%s", c.Name, raw)
		}
	}
	// The run cleaned its namespace up.
	s := storeFor("mem://local")
	s.mu.Lock()
	left := len(s.data)
	s.mu.Unlock()
	if left != 0 {
		t.Errorf("%d keys left in the mem store after the run", left)
	}
}

// TestExtensionDriverErrors: failed iterations are counted under the kind
// the driver's own Classify gives.
func TestExtensionDriverErrors(t *testing.T) {
	path := writeScenario(t, `
scenario "mem_missing" {
  driver = "mem"
  load "readers" {
    pattern    = "burst"
    workers    = 2
    iterations = 10
    step "fetch" {
      key = "never-put:${iteration}"
    }
  }
  check "every fetch failed as a query error" {
    condition = ops.failed == 10 && errors.query == 10 && errors.other == 0
  }
}
`)
	r := memCLI(t, nil, "run", path, "--no-color")
	if r.code != 0 {
		t.Fatalf("run: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "no such key") {
		t.Errorf("console report lacks the example error:\n%s", r.stdout)
	}
}

// TestExtensionDriverDiagnostics: validation of the mem driver's
// scenarios comes from its descriptor: attribute ranges, the other
// drivers' settings named by their mem equivalent, step kinds, rules.
func TestExtensionDriverDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		name, pool, step string
		want             []string
	}{
		{"size out of range", "size = 500", `step "fetch" { key = "a" }`,
			[]string{"Value out of range", "size must be between 1 and 100; got 500."}},
		{"another driver's setting, with the equivalent", "max_conns = 3", `step "fetch" { key = "a" }`,
			[]string{"Pool setting of the other driver", `"max_conns" is a postgres pool setting, but this scenario uses the mem driver. The mem setting is "size".`}},
		{"another driver's setting, no equivalent", "db = 1", `step "fetch" { key = "a" }`,
			[]string{`"db" is a redis pool setting, but this scenario uses the mem driver. Remove it.`}},
		{"another driver's step", "", `step "query" { sql = "SELECT 1" }`,
			[]string{"Step for another driver", `A query step runs on postgres, but this scenario uses the mem driver. Its steps are "put", "fetch" or "sleep".`}},
		{"unknown step", "", `step "fetchh" { key = "a" }`,
			[]string{"Unknown step kind", `"fetchh" is not a step for a mem scenario. Use "put", "fetch" or "sleep".`}},
		{"missing step attribute", "", `step "put" { key = "a" }`,
			[]string{"Missing required argument", `needs "value"`}},
		{"rule across attributes", "size = 13", `step "fetch" { key = "a" }`,
			[]string{"Contradictory pool settings", "size (13) is unlucky: pick another size."}},
		{"pause fault needs the capability", "", `step "fetch" { key = "a" }
    }
    fault "pause" {
      duration = "1s"`,
			[]string{"Fault not supported by the driver", "The pause fault works only on redis"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`
scenario "bad" {
  driver = "mem"
  pool {
    %s
  }
  load "l" {
    pattern    = "burst"
    workers    = 1
    iterations = 1
    %s
  }
}
`, tc.pool, tc.step)
			r := memCLI(t, nil, "validate", writeScenario(t, src))
			if r.code != exitInvalid {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, exitInvalid, r.stdout, r.stderr)
			}
			text := strings.Join(strings.Fields(r.stderr), " ")
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics lack %q:\n%s", want, r.stderr)
				}
			}
		})
	}
}
